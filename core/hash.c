/*
** hash.c -- 64-bit content hash (see hash.h): eight bytes per step with a
** multiply-xorshift mix, so hashing stays far cheaper than indexing.
*/
#include "hash.h"

#include <string.h>

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

uint64_t lede_hash64(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0x100000001b3ULL);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8); /* unaligned-safe; the byte order is the host's, as is the store's */
        h = (h ^ mix(w)) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    uint64_t tail = 0;
    for (size_t i = 0; i < n; i++) tail |= (uint64_t)s[i] << (8 * i);
    h = (h ^ mix(tail ^ 0x5bd1e995ULL)) * 0x9e3779b97f4a7c15ULL;
    return mix(h);
}
