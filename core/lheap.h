/*
** lheap.h -- the small-block heap behind each Lua state's allocator.
**
** Lua makes and frees millions of small objects (strings, tables, closures,
** nodes: mostly under a few hundred bytes); going to malloc for each one
** cost about a tenth of an extraction run. Lua tells the allocator the size
** of every block it frees or resizes, so small blocks need no header: they
** are carved from 64 KB arenas and kept, once freed, on a free list per
** size class (16-byte steps), from which the next block of that class is
** taken.
**
** What it promises:
**   - lede_lheap_alloc has the lua_Alloc contract (ptr NULL: a new block,
**     osize then ignored; nsize 0: frees ptr and returns NULL; else resizes,
**     keeping min(osize, nsize) bytes), given that osize is always the size
**     the block was last given (Lua, LPeg and the gazetteer pass it);
**   - blocks are aligned for any object (16 bytes);
**   - blocks above LEDE_LHEAP_SMALL bytes go to malloc/realloc/free, so a
**     large block is given back as soon as it is freed;
**   - freed small blocks stay in the heap for reuse until
**     lede_lheap_release (the state closed): memory is the largest number
**     of small blocks live at once per class, not growing with the number
**     of documents a long-lived state processes;
**   - built with AddressSanitizer, every block goes to malloc, so that use
**     after free is still caught inside Lua's objects;
**   - no global state: one heap per Lua state, used by one thread at a time.
*/
#ifndef LEDE_LHEAP_H
#define LEDE_LHEAP_H

#include <stddef.h>

/* Largest block served from the arenas; 0 when sanitizers are on. */
#if defined(__SANITIZE_ADDRESS__)
#define LEDE_LHEAP_SMALL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LEDE_LHEAP_SMALL 0
#endif
#endif
#ifndef LEDE_LHEAP_SMALL
#define LEDE_LHEAP_SMALL 512
#endif

#define LEDE_LHEAP_STEP 16
#define LEDE_LHEAP_CLASSES (512 / LEDE_LHEAP_STEP)

typedef struct lede_lheap {
    void *free[LEDE_LHEAP_CLASSES]; /* per class: freed blocks, linked through their first word */
    char *cur, *end;                /* the newest arena's part not yet carved */
    void *arenas;                   /* all arenas, linked through their first word */
    size_t arena_bytes;             /* bytes of all arenas */
} lede_lheap;

#define LEDE_LHEAP_INIT {{NULL}, NULL, NULL, NULL, 0}

/* The lua_Alloc of the heap (ud: the heap). */
void *lede_lheap_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

/* Gives every arena back; blocks from them must be dead (the state closed).
** The heap is then empty and usable again. */
void lede_lheap_release(lede_lheap *h);

#endif
