/*
** lx_words.c -- the Lua module "lede.words": the word right before or
** right after a position, read in C (the entity extractors ask for them
** tens of thousands of times per megabyte of text).
**
**   local W = require "lede.words"
**   W.prev_word(text, s) -> word, start, possessive, full_stop  (or nil)
**   W.next_word(text, e) -> word, start                         (or nil)
**
** Promises (the contract of lede.extract.context, which re-exports them):
** positions are LPeg's (1-based, s and e exclusive ends of what comes
** before); only spaces and tabs may stand between the position and the
** word. A word is a run of ASCII letters, digits and hyphens, apostrophes,
** dots and bytes of multibyte characters; curly quotes and dashes
** (U+2010..U+201F) glued to its ends are dropped, and so are a final 's or
** ’s (possessive) and, for prev_word, a sentence's full stop ("U.S." and
** "J." keep theirs); prev_word reads at most 59 bytes back. No allocation
** beyond the strings returned.
*/
#include <lauxlib.h>
#include <lua.h>

#include "lx_words.h"

static int is_plain(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

static int is_wordbyte(unsigned char c)
{
    return is_plain(c) || c == '\'' || c == '.' || c >= 128;
}

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* U+2010..U+201F (dashes and curly quotes) at p[0..2]. */
static int is_glued_punct(const unsigned char *p)
{
    return p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0x9F;
}

/* Drops glued punctuation from both ends of w[*a, *b); returns how many
** bytes went from the front. */
static size_t strip_punct(const unsigned char *w, size_t *a, size_t *b)
{
    size_t lead = 0;
    while (*b - *a >= 3 && is_glued_punct(w + *a)) {
        *a += 3;
        lead += 3;
    }
    while (*b - *a >= 3 && is_glued_punct(w + *b - 3)) *b -= 3;
    return lead;
}

/* Drops a final 's or ’s from w[a, *b); returns whether there was one. */
static int strip_possessive(const unsigned char *w, size_t a, size_t *b)
{
    size_t n = *b - a;
    if (n >= 2 && w[*b - 1] == 's' && w[*b - 2] == '\'') {
        *b -= 2;
        return 1;
    }
    if (n >= 4 && w[*b - 1] == 's' && w[*b - 4] == 0xE2 && w[*b - 3] == 0x80 && w[*b - 2] == 0x99) {
        *b -= 4;
        return 1;
    }
    return 0;
}

static int words_prev(lua_State *L)
{
    size_t n;
    const unsigned char *t = (const unsigned char *)luaL_checklstring(L, 1, &n);
    lua_Integer s = luaL_checkinteger(L, 2);
    /* 0-based: the word ends at index p (inclusive). */
    if (s < 1 || (size_t)(s - 1) > n) return lua_pushnil(L), 1;
    lua_Integer p = s - 2;
    while (p >= 0 && (t[p] == ' ' || t[p] == '\t')) p--;
    lua_Integer last = p;
    while (p >= 0 && is_plain(t[p])) p--;
    lua_Integer plain_from = p;
    while (p >= 0 && is_wordbyte(t[p])) p--;
    if (p == last) return lua_pushnil(L), 1;
    int plain = plain_from == p;
    /* At most 59 bytes back from s. */
    lua_Integer lo = s - 61;
    if (last <= lo) return lua_pushnil(L), 1;
    if (p < lo) p = lo;
    size_t a = (size_t)(p + 1), b = (size_t)(last + 1);
    if (plain) {
        lua_pushlstring(L, (const char *)t + a, b - a);
        lua_pushinteger(L, (lua_Integer)a + 1);
        lua_pushboolean(L, 0);
        lua_pushboolean(L, 0);
        return 4;
    }
    size_t start = a;
    size_t lead = strip_punct(t, &a, &b);
    int poss = strip_possessive(t, a, &b);
    int dot = 0;
    size_t len = b - a;
    if (len >= 1 && t[b - 1] == '.') {
        int abbrev = (len >= 3 && t[b - 3] == '.' && is_alpha(t[b - 2]))
                     || (len == 2 && t[a] >= 'A' && t[a] <= 'Z');
        if (!abbrev) {
            dot = 1;
            while (b > a && t[b - 1] == '.') b--;
        }
    }
    if (b == a) return lua_pushnil(L), 1;
    lua_pushlstring(L, (const char *)t + a, b - a);
    lua_pushinteger(L, (lua_Integer)(start + lead) + 1);
    lua_pushboolean(L, poss);
    lua_pushboolean(L, dot);
    return 4;
}

static int words_next(lua_State *L)
{
    size_t n;
    const unsigned char *t = (const unsigned char *)luaL_checklstring(L, 1, &n);
    lua_Integer e = luaL_checkinteger(L, 2);
    if (e < 1 || (size_t)(e - 1) >= n) return lua_pushnil(L), 1;
    size_t a = (size_t)(e - 1);
    while (a < n && (t[a] == ' ' || t[a] == '\t')) a++;
    size_t q = a;
    while (q < n && is_plain(t[q])) q++;
    size_t m = q;
    while (q < n && is_wordbyte(t[q])) q++;
    size_t b = q;
    if (a == b) return lua_pushnil(L), 1;
    if (m == b) {
        lua_pushlstring(L, (const char *)t + a, b - a);
        lua_pushinteger(L, (lua_Integer)a + 1);
        return 2;
    }
    size_t start = a;
    size_t lead = strip_punct(t, &a, &b);
    while (b > a && t[b - 1] == '.') b--;
    strip_possessive(t, a, &b);
    lua_pushlstring(L, (const char *)t + a, b - a);
    lua_pushinteger(L, (lua_Integer)(start + lead) + 1);
    return 2;
}

int luaopen_lede_words(lua_State *L)
{
    static const luaL_Reg funcs[] = {
        {"prev_word", words_prev}, {"next_word", words_next}, {NULL, NULL}};
    luaL_newlib(L, funcs);
    return 1;
}
