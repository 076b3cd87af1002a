/*
** lheap.c -- the small-block heap of a Lua state (see lheap.h).
**
** A block's class is fixed by its size alone ((size - 1) / 16), so the
** size Lua passes back tells both where the block came from (an arena or
** malloc) and which free list it goes to. Arenas are never split up or
** returned one by one: the free lists hold all there is to reuse.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lheap.h"

/* Arena size: large enough that carving is rare, small enough that a
** state using little memory wastes little. The first 16 bytes link it. */
#define ARENA_BYTES (64u << 10)
#define ARENA_HEAD 16

static void *small_get(lede_lheap *h, size_t c)
{
    void *b = h->free[c];
    if (b) {
        h->free[c] = *(void **)b;
        return b;
    }
    size_t size = (c + 1) * LEDE_LHEAP_STEP;
    if ((size_t)(h->end - h->cur) < size) {
        /* The old arena's tail (under 512 bytes) is left unused. */
        char *a = malloc(ARENA_BYTES);
        if (!a) return NULL;
        *(void **)a = h->arenas;
        h->arenas = a;
        h->arena_bytes += ARENA_BYTES;
        h->cur = a + ARENA_HEAD;
        h->end = a + ARENA_BYTES;
    }
    b = h->cur;
    h->cur += size;
    return b;
}

static void small_put(lede_lheap *h, void *b, size_t c)
{
    *(void **)b = h->free[c];
    h->free[c] = b;
}

void *lede_lheap_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    lede_lheap *h = ud;
    if (!ptr) osize = 0; /* Lua then passes the object's type, not a size */
    int osmall = osize > 0 && osize <= LEDE_LHEAP_SMALL;
    int nsmall = nsize > 0 && nsize <= LEDE_LHEAP_SMALL;
    if (nsize == 0) {
        if (osmall) small_put(h, ptr, (osize - 1) / LEDE_LHEAP_STEP);
        else free(ptr);
        return NULL;
    }
    if (!osmall && !nsmall) return realloc(ptr, nsize);
    size_t nc = (nsize - 1) / LEDE_LHEAP_STEP;
    if (osmall && nsmall && (osize - 1) / LEDE_LHEAP_STEP == nc) return ptr;
    /* Across classes, or between an arena and malloc: move the block. */
    void *q = nsmall ? small_get(h, nc) : malloc(nsize);
    if (!q) return NULL; /* ptr stays valid, as lua_Alloc requires */
    if (ptr) {
        memcpy(q, ptr, osize < nsize ? osize : nsize);
        if (osmall) small_put(h, ptr, (osize - 1) / LEDE_LHEAP_STEP);
        else free(ptr);
    }
    return q;
}

void lede_lheap_release(lede_lheap *h)
{
    void *a = h->arenas;
    while (a) {
        void *next = *(void **)a;
        free(a);
        a = next;
    }
    *h = (lede_lheap)LEDE_LHEAP_INIT;
}
