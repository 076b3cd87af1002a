/*
** hash.h -- a fast 64-bit content hash. Not cryptographic: the store uses it
** to find candidate duplicates and then compares the texts byte for byte,
** so a collision costs a comparison, never a lost document.
*/
#ifndef LEDE_HASH_H
#define LEDE_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t lede_hash64(const void *p, size_t n);

#endif
