/*
** test_lheap.c -- the small-block heap of the Lua states (core/lheap.h):
** contents survive every kind of resize (within a class, across classes,
** between the arenas and malloc, both ways); blocks are 16-byte aligned; a
** freed block is the next one of its class, so churn does not grow the
** heap; a Lua state running on it gives the same results and its heap
** stops growing once its working set is reached; release empties it.
** (Built with AddressSanitizer the heap passes everything to malloc: the
** arena checks are then skipped, the content checks still run.)
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lheap.h"
#include "tap.h"

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(seed + i * 7);
}

static int same(const unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(seed + i * 7)) return 0;
    return 1;
}

static void resizes(tap *t)
{
    lede_lheap h = LEDE_LHEAP_INIT;
    /* sizes chosen to hit: same class, next class, the largest small
    ** class, malloc, and back down */
    static const size_t steps[] = {5, 9, 16, 17, 100, 512, 513, 4000, 300, 24, 1};
    size_t old = steps[0];
    unsigned char *p = lede_lheap_alloc(&h, NULL, 7 /* a type tag, not a size */, old);
    fill(p, old, 1);
    int ok = p != NULL, aligned = ((uintptr_t)p % 16) == 0;
    for (size_t i = 1; i < sizeof steps / sizeof *steps && ok; i++) {
        size_t n = steps[i];
        p = lede_lheap_alloc(&h, p, old, n);
        ok = p && same(p, old < n ? old : n, 1);
        aligned = aligned && ((uintptr_t)p % 16) == 0;
        fill(p, n, 1);
        old = n;
    }
    TAP_OK(t, ok, "contents kept through resizes within a class, across classes, to malloc and back");
    TAP_OK(t, aligned, "every block 16-byte aligned");
    TAP_OK(t, lede_lheap_alloc(&h, p, old, 0) == NULL, "freeing returns NULL");
    lede_lheap_release(&h);
    TAP_IS_INT(t, h.arena_bytes, 0, "release gives the arenas back");
}

static void reuse(tap *t)
{
    lede_lheap h = LEDE_LHEAP_INIT;
    enum { N = 20000 };
    void **v = malloc(N * sizeof *v);
    size_t first = 0;
    int ok = v != NULL;
    for (int round = 0; round < 5 && ok; round++) {
        for (int i = 0; i < N; i++) {
            size_t n = 8 + (size_t)(i * 37 % 480);
            v[i] = lede_lheap_alloc(&h, NULL, 0, n);
            if (!v[i]) ok = 0;
            else fill(v[i], n, (unsigned)i);
        }
        for (int i = 0; i < N && ok; i++) {
            size_t n = 8 + (size_t)(i * 37 % 480);
            if (!same(v[i], n, (unsigned)i)) ok = 0;
            lede_lheap_alloc(&h, v[i], n, 0);
        }
        if (round == 0) first = h.arena_bytes;
    }
    TAP_OK(t, ok, "20000 live small blocks of mixed sizes keep their contents, five rounds");
    if (LEDE_LHEAP_SMALL) {
        TAP_OK(t, first > 0 && h.arena_bytes == first,
               "freed blocks are reused: the heap holds %zu bytes after five rounds as after one (%zu)",
               h.arena_bytes, first);
        void *a = lede_lheap_alloc(&h, NULL, 0, 40);
        lede_lheap_alloc(&h, a, 40, 0);
        void *b = lede_lheap_alloc(&h, NULL, 0, 33);
        TAP_OK(t, a == b, "a freed block is the next one of its class");
        lede_lheap_alloc(&h, b, 33, 0);
    } else {
        TAP_OK(t, 1, "# SKIP arenas off under AddressSanitizer");
        TAP_OK(t, 1, "# SKIP arenas off under AddressSanitizer");
    }
    free(v);
    lede_lheap_release(&h);
}

/* A script that builds and drops strings and tables, as an extractor does
** per document; returns a checksum of what it made. */
static const char churn[] =
    "local acc = 0\n"
    "for d = 1, 300 do\n"
    "  local spans = {}\n"
    "  for i = 1, 200 do\n"
    "    local s = ('w%d-%d'):format(d, i)\n"
    "    spans[i] = { kind = 'k' .. (i % 7), s = i, e = i + #s, attrs = { name = s:upper() } }\n"
    "  end\n"
    "  table.sort(spans, function(a, b) return a.attrs.name < b.attrs.name end)\n"
    "  acc = (acc + #spans[1].attrs.name * d + #table.concat({spans[2].kind, spans[3].kind})) % 1000003\n"
    "end\n"
    "return acc\n";

static lua_Integer run_churn(lua_State *L, int *ok)
{
    *ok = luaL_loadstring(L, churn) == LUA_OK && lua_pcall(L, 0, 1, 0) == LUA_OK;
    lua_Integer r = *ok ? lua_tointeger(L, -1) : -1;
    lua_settop(L, 0);
    return r;
}

static void lua_state(tap *t)
{
    lua_State *ref = luaL_newstate();
    lede_lheap h = LEDE_LHEAP_INIT;
    lua_State *L = lua_newstate(lede_lheap_alloc, &h);
    if (!ref || !L) {
        TAP_OK(t, 0, "states made");
        return;
    }
    luaL_openlibs(ref);
    luaL_openlibs(L);
    int ok1, ok2, ok3;
    lua_Integer want = run_churn(ref, &ok1);
    lua_Integer got = run_churn(L, &ok2);
    TAP_OK(t, ok1 && ok2 && got == want, "a Lua state on the heap computes what one on malloc does (%lld)",
           (long long)got);
    size_t after_one = h.arena_bytes;
    for (int i = 0; i < 4; i++) run_churn(L, &ok3);
    /* The collector's timing varies by a cycle; five times the work must
    ** not take five times the heap. */
    TAP_OK(t, ok3 && h.arena_bytes <= after_one + after_one / 2 + (256u << 10),
           "the heap stays flat over repeated work: %zu bytes after one run, %zu after five", after_one,
           h.arena_bytes);
    lua_close(L);
    lua_close(ref);
    lede_lheap_release(&h);
    TAP_IS_INT(t, h.arena_bytes, 0, "released after the state closed");
}

int main(void)
{
    tap t = {0, 0};
    resizes(&t);
    reuse(&t);
    lua_state(&t);
    return tap_done(&t);
}
