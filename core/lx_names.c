/*
** lx_names.c -- the Lua module "lede.names": whole-text scans of the
** entity extractors, in C: runs of capitalised words (candidate names of
** lede.extract.people), capitals after locatives (lede.extract.context)
** and pronouns (people's genders). names.locatives and names.pronouns are
** described where they are defined.
**
**   local N = require "lede.names"
**   local sc = N.scanner(words, particles, articles)
**       -- words: array of the capitalised stop words, months and weekdays;
**       -- particles: the lines of data/name_particles.txt ("al-" joined to
**       -- the next word, "bin" free); articles: the free particles that
**       -- open no name (entity_words.txt particle_article). Either list
**       -- may be left out: no particles, no articles.
**   local runs = sc:runs(text, starts, ends, n)
**
** runs reads the text with the n ranges [starts[i], ends[i]) (LPeg
** positions: entities and titles found before) masked, i.e. their bytes
** read as "x", and returns a flat array: for each run its words as
** (start, word) pairs, then 0. The rules (those of the LPeg grammar it
** replaced, checked equal on random texts when it was written; the tests
** now check the rules themselves):
**   - a run starts at a capitalised word not preceded by a letter (a
**     capital inside "iPhone" starts nothing): an initial ("J." before a
**     space) or a capital and inner characters (ASCII letters and digits,
**     letters of multibyte characters, a hyphen or apostrophe before a
**     letter, but not an apostrophe before a final s);
**   - it goes on over single spaces (and free particles between them:
**     "bin", "van", "de" ...: lower-case ASCII words) to further
**     capitalised words or words with a joined particle ("al-Sisi");
**   - a word of `words` (whole) standing alone, neither followed by a
**     name nor by " bin "/" ibn ", starts nothing;
**   - "al-Sisi" after a non-word character: a run from the particle (its
**     word read from the unmasked text); "d'Almeida" (d' or d’ before a
**     capital) likewise, and inside a run as a word of its own;
**   - a free particle, not an article, opening a name after a non-word
**     character ("the elder bin Hamdan", "said van der Berg"): a run from
**     the particle, its first word.
** Words are the masked text's bytes, as the grammar captured them.
** Promises: one pass over the text, no Lua call per byte; the scanner owns
** copies of its lists (hash sets), so they may change afterwards.
*/
#include <lauxlib.h>
#include <lua.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "lx_names.h"

#define SCANNER_MT "lede.NameScanner"
#define MAXLEN 64 /* longest word in a set */

/* A set of words (a hash set over one pool), built once per scanner. */
typedef struct wordset {
    size_t nslots;         /* power of two */
    uint32_t *slot;        /* 0 empty, else index + 1 into off/len */
    size_t nwords;
    size_t *off;
    unsigned char *wlen;
    char *pool;
    unsigned char lens[MAXLEN + 1]; /* lens[k]: a word of k bytes exists */
    unsigned char first[256];       /* first[c]: a word starts with byte c */
    size_t maxlen;
} wordset;

/* The word list, and the particles of data/name_particles.txt split as
** the scan reads them: joined ("al-", written against the next word) and
** free (between the words of a name); free ones open a name unless they
** are also articles. */
typedef struct scanner {
    wordset words, joined, free, articles;
} scanner;

static int set_has(const wordset *ws, const unsigned char *s, size_t n)
{
    if (n == 0 || n > ws->maxlen || !ws->lens[n] || !ws->first[s[0]]) return 0;
    size_t mask = ws->nslots - 1;
    for (size_t i = (size_t)lede_hash64(s, n) & mask;; i = (i + 1) & mask) {
        uint32_t k = ws->slot[i];
        if (!k) return 0;
        k--;
        if (ws->wlen[k] == n && memcmp(ws->pool + ws->off[k], s, n) == 0) return 1;
    }
}

/* Leaves an empty set (maxlen 0: set_has reads no slot). */
static void set_free(wordset *ws)
{
    free(ws->slot);
    free(ws->off);
    free(ws->wlen);
    free(ws->pool);
    memset(ws, 0, sizeof *ws);
}

/* Which strings of a list a set takes. */
enum { ALL, JOINED, FREE };

static int takes(int which, const char *w, size_t len)
{
    int joined = len > 0 && w[len - 1] == '-';
    return which == ALL || (which == JOINED) == joined;
}

/* Fills ws (empty) with the strings of the array at idx (none if nil) that
** `which` takes. Raises on a word that is not a string or on no memory:
** the scanner's __gc frees what was made. */
static void set_fill(lua_State *L, int idx, wordset *ws, int which)
{
    lua_Unsigned n = 0;
    if (!lua_isnoneornil(L, idx)) {
        luaL_checktype(L, idx, LUA_TTABLE);
        /* The raw length: a __len could claim a negative or huge count. */
        n = lua_rawlen(L, idx);
        luaL_argcheck(L, n < UINT32_MAX / 4, idx, "too many words");
    }
    size_t total = 0;
    for (lua_Unsigned i = 1; i <= n; i++) {
        lua_rawgeti(L, idx, (lua_Integer)i);
        size_t len;
        if (!lua_tolstring(L, -1, &len)) luaL_error(L, "word %d is not a string", (int)i);
        total += len;
        lua_pop(L, 1);
    }
    ws->nslots = 16;
    while (ws->nslots < (size_t)n * 2 + 1) ws->nslots *= 2;
    ws->slot = calloc(ws->nslots, sizeof *ws->slot);
    ws->off = malloc(((size_t)n + 1) * sizeof *ws->off);
    ws->wlen = malloc((size_t)n + 1);
    ws->pool = malloc(total + 1);
    if (!ws->slot || !ws->off || !ws->wlen || !ws->pool) luaL_error(L, "not enough memory");
    size_t at = 0;
    for (lua_Unsigned i = 1; i <= n; i++) {
        lua_rawgeti(L, idx, (lua_Integer)i);
        size_t len;
        const char *w = lua_tolstring(L, -1, &len);
        const unsigned char *u = (const unsigned char *)w;
        if (len > 0 && len <= MAXLEN && takes(which, w, len) && !set_has(ws, u, len)) {
            memcpy(ws->pool + at, w, len);
            size_t k = ws->nwords++;
            ws->off[k] = at;
            ws->wlen[k] = (unsigned char)len;
            at += len;
            ws->lens[len] = 1;
            ws->first[u[0]] = 1;
            if (len > ws->maxlen) ws->maxlen = len;
            size_t mask = ws->nslots - 1;
            size_t j = (size_t)lede_hash64(w, len) & mask;
            while (ws->slot[j]) j = (j + 1) & mask;
            ws->slot[j] = (uint32_t)k + 1;
        }
        lua_pop(L, 1);
    }
}

/* Leaves empty sets, so a scanner is harmless, if useless, after its
** __gc. */
static int scanner_gc(lua_State *L)
{
    scanner *sc = luaL_checkudata(L, 1, SCANNER_MT);
    set_free(&sc->words);
    set_free(&sc->joined);
    set_free(&sc->free);
    set_free(&sc->articles);
    return 0;
}

/* names.scanner(words [, particles [, articles]]): see the top. */
static int names_scanner(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 3);
    scanner *sc = lua_newuserdatauv(L, sizeof *sc, 0);
    memset(sc, 0, sizeof *sc);
    luaL_setmetatable(L, SCANNER_MT);
    set_fill(L, 1, &sc->words, ALL);
    set_fill(L, 2, &sc->joined, JOINED);
    set_fill(L, 2, &sc->free, FREE);
    set_fill(L, 3, &sc->articles, ALL);
    return 1;
}

/* ---------------------------------------------------------------- classes */

typedef struct text {
    const unsigned char *t;
    size_t n;
} text;

static int cont(const text *x, size_t i)
{
    return i < x->n && x->t[i] >= 0x80 && x->t[i] <= 0xBF;
}

static int ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int ascii_alnum(unsigned char c)
{
    return ascii_letter(c) || (c >= '0' && c <= '9');
}

/* A letter of a multibyte character at i: its length, else 0. */
static size_t mb_letter(const text *x, size_t i)
{
    if (i >= x->n) return 0;
    unsigned char c = x->t[i];
    if (c >= 0xC3 && c <= 0xDF) return cont(x, i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF && c != 0xE2 && c != 0xE3)
        return cont(x, i + 1) && cont(x, i + 2) ? 3 : 0;
    if (c >= 0xF0 && c <= 0xF4) return cont(x, i + 1) && cont(x, i + 2) && cont(x, i + 3) ? 4 : 0;
    return 0;
}

static int letter(const text *x, size_t i)
{
    return i < x->n && (ascii_letter(x->t[i]) || mb_letter(x, i));
}

/* A capital at i: its length, else 0. */
static size_t upper(const text *x, size_t i)
{
    if (i >= x->n) return 0;
    unsigned char c = x->t[i];
    if (c >= 'A' && c <= 'Z') return 1;
    if (i + 1 >= x->n) return 0;
    unsigned char d = x->t[i + 1];
    if (c == 0xC3) return d >= 0x80 && d <= 0x9E ? 2 : 0;
    if (c == 0xC4 || c == 0xC5) return d >= 0x80 && d <= 0xBF ? 2 : 0;
    if (c == 0xD0) return d >= 0x80 && d <= 0xAF ? 2 : 0;
    if (c == 0xCE) return d >= 0x91 && d <= 0xA9 ? 2 : 0;
    return 0;
}

static size_t apostrophe(const text *x, size_t i)
{
    if (i >= x->n) return 0;
    if (x->t[i] == '\'') return 1;
    if (i + 2 < x->n && x->t[i] == 0xE2 && x->t[i + 1] == 0x80 && x->t[i + 2] == 0x99) return 3;
    return 0;
}

/* One inner piece of a word at i: its length, else 0. */
static size_t inner(const text *x, size_t i)
{
    if (i >= x->n) return 0;
    unsigned char c = x->t[i];
    if (ascii_alnum(c)) {
        size_t j = i + 1;
        while (j < x->n && ascii_alnum(x->t[j])) j++;
        return j - i;
    }
    size_t k = mb_letter(x, i);
    if (k) return k;
    if (c == '-') return letter(x, i + 1) ? 1 : 0;
    size_t a = apostrophe(x, i);
    if (a) {
        size_t j = i + a;
        if (j < x->n && (x->t[j] == 's' || x->t[j] == 'S') && !letter(x, j + 1)) return 0;
        return letter(x, j) ? a : 0;
    }
    return 0;
}

static size_t inners(const text *x, size_t i)
{
    size_t j = i, k;
    while ((k = inner(x, j)) != 0) j += k;
    return j - i;
}

/* A capitalised word at i ("J." before a space, or a capital and inner
** pieces): its length, else 0. */
static size_t cap_part(const text *x, size_t i)
{
    /* Initials: "J." before a space or a comma ("Youssef B., 41"), "W.M."
    ** before a space. */
    if (i + 2 < x->n && x->t[i] >= 'A' && x->t[i] <= 'Z' && x->t[i + 1] == '.') {
        if (x->t[i + 2] == ' ' || x->t[i + 2] == ',') return 2;
        size_t j = i;
        while (j + 1 < x->n && x->t[j] >= 'A' && x->t[j] <= 'Z' && x->t[j + 1] == '.') j += 2;
        if (j - i >= 4 && j < x->n && x->t[j] == ' ') return j - i;
    }
    size_t u = upper(x, i);
    return u ? u + inners(x, i + u) : 0;
}

/* "d'Almeida", "d’Almeida": the elided particle d' before a capital at
** i: the length of the whole word, else 0. */
static size_t elided(const text *x, size_t i)
{
    if (i >= x->n || x->t[i] != 'd') return 0;
    size_t a = apostrophe(x, i + 1);
    if (!a) return 0;
    size_t u = upper(x, i + 1 + a);
    return u ? 1 + a + u + inners(x, i + 1 + a + u) : 0;
}

/* A joined particle ("al-", "ash-") at i: its length, else 0. Two
** cannot both match (each ends at its only hyphen). */
static size_t joined_particle(const scanner *sc, const text *x, size_t i)
{
    if (i >= x->n || !sc->joined.first[x->t[i]]) return 0;
    for (size_t k = 2; k <= sc->joined.maxlen && i + k <= x->n; k++)
        if (x->t[i + k - 1] == '-' && set_has(&sc->joined, x->t + i, k)) return k;
    return 0;
}

/* A capitalised word, or a word with its particle ("al-Sisi",
** "d'Almeida"). */
static size_t name_part(const scanner *sc, const text *x, size_t i)
{
    size_t k = cap_part(x, i);
    if (k) return k;
    k = elided(x, i);
    if (k) return k;
    size_t j = i + joined_particle(sc, x, i);
    size_t u = j > i ? upper(x, j) : 0;
    return u ? j + u + inners(x, j + u) - i : 0;
}

/* The length of the lower-case ASCII word at i when a space follows it,
** else 0. */
static size_t lower_word(const text *x, size_t i)
{
    size_t j = i;
    while (j < x->n && x->t[j] >= 'a' && x->t[j] <= 'z') j++;
    return j < x->n && x->t[j] == ' ' ? j - i : 0;
}

/* A free particle at i followed by a space: its length, else 0 (the whole
** lower-case word before the space is the particle: "del" is "del", and
** "de-facto" is none). */
static size_t free_particle(const scanner *sc, const text *x, size_t i)
{
    if (!sc->free.first[x->t[i]]) return 0;
    size_t n = lower_word(x, i);
    return set_has(&sc->free, x->t + i, n) ? n : 0;
}

/* A single space and free particles each followed by a space. */
static size_t gap(const scanner *sc, const text *x, size_t i)
{
    if (i >= x->n || x->t[i] != ' ') return 0;
    size_t j = i + 1, k;
    while (j < x->n && x->t[j] >= 'a' && x->t[j] <= 'z' && (k = free_particle(sc, x, j)) != 0)
        j += k + 1;
    return j - i;
}

/* A particle that may open a name ("the elder bin Hamdan", "said van der
** Berg") at i, followed by a gap and a capitalised word: its length, else
** 0. Not the articles ("la", "der"): articles of other languages more
** often than the start of a name. */
static size_t lead_particle(const scanner *sc, const text *x, size_t i)
{
    size_t n = free_particle(sc, x, i);
    if (!n || set_has(&sc->articles, x->t + i, n)) return 0;
    size_t g = gap(sc, x, i + n);
    return g && cap_part(x, i + n + g) ? n : 0;
}

/* A letter right before i. */
static int after_letter(const text *x, size_t i)
{
    const unsigned char *t = x->t;
    if (i >= 1 && ascii_letter(t[i - 1])) return 1;
    if (i >= 2 && t[i - 2] >= 0xC3 && t[i - 2] <= 0xDF && t[i - 1] >= 0x80 && t[i - 1] <= 0xBF)
        return 1;
    if (i >= 3 && t[i - 3] >= 0xE0 && t[i - 3] <= 0xEF && t[i - 3] != 0xE2 && t[i - 3] != 0xE3
        && t[i - 2] >= 0x80 && t[i - 2] <= 0xBF && t[i - 1] >= 0x80 && t[i - 1] <= 0xBF)
        return 1;
    return 0;
}

/* " bin ", " ibn ", " bint " after spaces. */
static int before_particle(const text *x, size_t i)
{
    const unsigned char *t = x->t;
    size_t j = i;
    while (j < x->n && t[j] == ' ') j++;
    if (j == i || j + 3 > x->n) return 0;
    if (!(t[j] == 'b' || t[j] == 'i') || !(t[j + 1] == 'i' || t[j + 1] == 'b') || t[j + 2] != 'n')
        return 0;
    j += 3;
    if (j < x->n && t[j] == 't') j++;
    return j < x->n && t[j] == ' ';
}

/* A word of the set standing alone at i (the longest that is a whole
** word): the end of what it covers, else 0. */
static size_t lone_word(const scanner *sc, const text *x, size_t i)
{
    size_t best = 0;
    size_t u = upper(x, i);
    if (u) {
        /* A whole word ends where the capitalised word does, or after an
        ** apostrophe and s ("It's"): only those two lengths are asked. */
        size_t len = u + inners(x, i + u);
        size_t e = i + len;
        if (e + 1 < x->n && x->t[e] == '\'' && (x->t[e + 1] == 's' || x->t[e + 1] == 'S')
            && inner(x, e + 2) == 0 && set_has(&sc->words, x->t + i, len + 2))
            best = len + 2;
        else if (set_has(&sc->words, x->t + i, len))
            best = len;
    } else if (sc->words.first[x->t[i]]) {
        for (size_t k = sc->words.maxlen; k >= 1; k--) {
            if (!sc->words.lens[k] || i + k > x->n) continue;
            if (inner(x, i + k) == 0 && set_has(&sc->words, x->t + i, k)) {
                best = k;
                break;
            }
        }
    }
    if (!best) return 0;
    size_t e = i + best;
    size_t g = gap(sc, x, e);
    if (g && name_part(sc, x, e + g)) return 0;
    if (before_particle(x, e)) return 0;
    return e;
}

/* ---------------------------------------------------------------- the scan */

typedef struct out {
    lua_State *L;
    lua_Integer n;
} out;

static void put_word(out *o, const unsigned char *t, size_t s, size_t e)
{
    lua_pushinteger(o->L, (lua_Integer)s + 1);
    lua_rawseti(o->L, -2, ++o->n);
    lua_pushlstring(o->L, (const char *)t + s, e - s);
    lua_rawseti(o->L, -2, ++o->n);
}

/* The words after a run's first: returns the end of the run. */
static size_t rest(const scanner *sc, out *o, const text *x, size_t q)
{
    for (;;) {
        size_t g = gap(sc, x, q);
        if (!g) break;
        size_t k = name_part(sc, x, q + g);
        if (!k) break;
        put_word(o, x->t, q + g, q + g + k);
        q += g + k;
    }
    lua_pushinteger(o->L, 0);
    lua_rawseti(o->L, -2, ++o->n);
    return q;
}

static int is_start(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || c == 0xC3 || c == 0xC4 || c == 0xC5 || c == 0xCE || c == 0xD0
           || c == '-' || (c >= 'a' && c <= 'z');
}

static int nonword(unsigned char c)
{
    return !ascii_alnum(c);
}

static int scanner_runs(lua_State *L)
{
    scanner *sc = luaL_checkudata(L, 1, SCANNER_MT);
    luaL_argcheck(L, sc->words.slot != NULL, 1, "scanner already freed");
    size_t n;
    const char *orig = luaL_checklstring(L, 2, &n);
    luaL_checktype(L, 3, LUA_TTABLE);
    luaL_checktype(L, 4, LUA_TTABLE);
    lua_Integer nmask = luaL_checkinteger(L, 5);
    lua_settop(L, 5);
    /* The masked copy, in Lua memory. */
    unsigned char *m = lua_newuserdatauv(L, n + 1, 0); /* 6 */
    memcpy(m, orig, n);
    for (lua_Integer i = 1; i <= nmask; i++) {
        lua_rawgeti(L, 3, i);
        lua_rawgeti(L, 4, i);
        lua_Integer s = lua_tointeger(L, -2), e = lua_tointeger(L, -1);
        lua_pop(L, 2);
        if (s < 1) s = 1;
        if (e > (lua_Integer)n + 1) e = (lua_Integer)n + 1;
        if (e > s) memset(m + s - 1, 'x', (size_t)(e - s));
    }
    text x = {m, n};
    const unsigned char *t = (const unsigned char *)orig;
    lua_createtable(L, 256, 0); /* 7: the result */
    out o = {L, 0};
    size_t i = 0;
    while (i < n) {
        if (!is_start(m[i])) {
            i++;
            continue;
        }
        if (m[i] >= 'a' && m[i] <= 'z') {
            /* "d'Almeida", "bin Hamdan", "van der Berg" after a non-word
            ** byte: a run from the particle. */
            if ((i == 0 || nonword(m[i - 1])) && !after_letter(&x, i)) {
                size_t k = elided(&x, i);
                if (k) {
                    put_word(&o, m, i, i + k);
                    i = rest(sc, &o, &x, i + k);
                    continue;
                }
                k = lead_particle(sc, &x, i);
                if (k) {
                    put_word(&o, m, i, i + k);
                    i = rest(sc, &o, &x, i + k);
                    continue;
                }
            }
            i++;
            continue;
        }
        size_t e = lone_word(sc, &x, i);
        if (e) {
            i = e;
            continue;
        }
        if (!after_letter(&x, i)) {
            size_t k = cap_part(&x, i);
            if (k) {
                put_word(&o, m, i, i + k);
                i = rest(sc, &o, &x, i + k);
                continue;
            }
        }
        if (m[i] == '-') {
            /* "al-Sisi", "ash-Shara": from the particle after a non-word
            ** byte; the word as the original text has it. */
            size_t back = 0;
            for (size_t k = 2; k <= sc->joined.maxlen && k <= i && !back; k++)
                if (nonword(m[i - k]) && set_has(&sc->joined, m + i - k + 1, k)) back = k - 1;
            size_t u = back ? upper(&x, i + 1) : 0;
            if (u) {
                size_t end = i + 1 + u + inners(&x, i + 1 + u);
                put_word(&o, t, i - back, end);
                i = rest(sc, &o, &x, end);
                continue;
            }
        }
        i++;
    }
    return 1;
}

/* ---------------------------------------------------------------- locatives */

/* Not an ASCII letter nor a byte of a multibyte character. */
static int nonletter(unsigned char c)
{
    return !ascii_letter(c) && c < 0x80;
}

/*
** names.locatives(text [, words]) -> array of the positions of the capitals
** starting a word right after one of `words` (default: "in", "near",
** "from", "between", each also capitalised) and a space, each such word a
** whole word (not the end of "Berlin").
*/
#define MAX_LOCATIVES 32
static int names_locatives(lua_State *L)
{
    size_t n;
    const unsigned char *t = (const unsigned char *)luaL_checklstring(L, 1, &n);
    static const char *const dflt[] = {"in", "In", "near", "Near", "from", "From", "between",
                                       "Between"};
    const char *loc[MAX_LOCATIVES];
    size_t loclen[MAX_LOCATIVES], nloc = 0;
    if (lua_isnoneornil(L, 2)) {
        for (size_t w = 0; w < sizeof dflt / sizeof *dflt; w++) {
            loc[nloc] = dflt[w];
            loclen[nloc++] = strlen(dflt[w]);
        }
    } else {
        luaL_checktype(L, 2, LUA_TTABLE);
        lua_Integer m = luaL_len(L, 2);
        luaL_argcheck(L, m <= MAX_LOCATIVES, 2, "at most 32 words");
        luaL_checkstack(L, MAX_LOCATIVES + 2, "locatives");
        lua_settop(L, 2);
        /* The words stay on the stack: a number's string, made by
        ** lua_tolstring on the stack copy, is referenced from nowhere
        ** else and would be collected while the scan reads it. */
        for (lua_Integer i = 1; i <= m; i++) {
            lua_rawgeti(L, 2, i);
            loc[nloc] = lua_tolstring(L, -1, &loclen[nloc]);
            if (!loc[nloc]) return luaL_argerror(L, 2, "words must be strings");
            nloc++;
        }
    }
    text x = {t, n};
    lua_createtable(L, 16, 0);
    lua_Integer k = 0;
    for (size_t p = 2; p < n; p++) {
        if (t[p - 1] != ' ' || !upper(&x, p)) continue;
        for (size_t w = 0; w < nloc; w++) {
            size_t len = loclen[w];
            if (p < len + 1 || memcmp(t + p - len - 1, loc[w], len) != 0) continue;
            if (p == len + 1 || nonletter(t[p - len - 2])) {
                lua_pushinteger(L, (lua_Integer)p + 1);
                lua_rawseti(L, -2, ++k);
                break;
            }
        }
    }
    return 1;
}

/* ---------------------------------------------------------------- pronouns */

/*
** names.pronouns(text) -> flat array of position, class for each whole
** word he/his (1), him (2), she (3, reported at its "h", one byte after its
** start), her (4), any case of the first letter ("hi" and "hes" count as
** class 1, as the grammar this replaced read them).
*/
static int names_pronouns(lua_State *L)
{
    size_t n;
    const unsigned char *t = (const unsigned char *)luaL_checklstring(L, 1, &n);
    lua_createtable(L, 64, 0);
    lua_Integer k = 0;
    size_t p = 0;
    while (p < n) {
        if (t[p] != 'h' && t[p] != 'H') {
            p++;
            continue;
        }
        int cls = 0;
        size_t end = p;
        if (p == 0 || !ascii_letter(t[p - 1])) {
            size_t q = p + 1;
            if (q < n && (t[q] == 'e' || t[q] == 'i')) {
                q++;
                if (q < n && t[q] == 's') q++;
                if (q >= n || !ascii_letter(t[q])) cls = 1, end = q;
            }
            if (!cls && p + 2 < n && t[p + 1] == 'i' && t[p + 2] == 'm'
                && (p + 3 >= n || !ascii_letter(t[p + 3])))
                cls = 2, end = p + 3;
            if (!cls && p + 2 < n && t[p + 1] == 'e' && t[p + 2] == 'r'
                && (p + 3 >= n || !ascii_letter(t[p + 3])))
                cls = 4, end = p + 3;
        } else if ((t[p - 1] == 's' || t[p - 1] == 'S')
                   && !(p >= 2 && ascii_letter(t[p - 2])) && t[p] == 'h' && p + 1 < n
                   && t[p + 1] == 'e' && (p + 2 >= n || !ascii_letter(t[p + 2]))) {
            cls = 3, end = p + 2;
        }
        if (cls) {
            lua_pushinteger(L, (lua_Integer)p + 1);
            lua_rawseti(L, -2, ++k);
            lua_pushinteger(L, cls);
            lua_rawseti(L, -2, ++k);
            p = end;
        } else {
            p++;
        }
    }
    return 1;
}

int luaopen_lede_names(lua_State *L)
{
    static const luaL_Reg funcs[] = {{"scanner", names_scanner},
                                     {"locatives", names_locatives},
                                     {"pronouns", names_pronouns},
                                     {NULL, NULL}};
    if (luaL_newmetatable(L, SCANNER_MT)) {
        /* hidden from getmetatable, as lede.core's: no __gc by hand */
        lua_pushliteral(L, SCANNER_MT);
        lua_setfield(L, -2, "__metatable");
        lua_pushcfunction(L, scanner_gc);
        lua_setfield(L, -2, "__gc");
        lua_newtable(L);
        lua_pushcfunction(L, scanner_runs);
        lua_setfield(L, -2, "runs");
        lua_setfield(L, -2, "__index");
    }
    lua_pop(L, 1);
    luaL_newlib(L, funcs);
    return 1;
}
