/*
** luagaz.c -- the Lua module "lede.gazetteer": the gazetteer matcher
** (gazetteer.h) with Lua values attached to its entries.
**
**   local G = require "lede.gazetteer"
**   local g = G.new()
**   g:add(surface [, value [, {fold = true}]]) -> true if new, false if the
**       surface was there already (the first value stays, as data files
**       list the likeliest reading first); value defaults to the surface
**   g:load(src [, fn]) -> number of new entries; src is a file path (read
**       with the global io.lines, so a sandbox without io refuses it), an
**       array of lines or an iterator of lines (such as lede.data.lines,
**       whose second value, the line number, is used in messages); each
**       line neither empty nor starting with '#' is split at tabs into a
**       row {surface, canonical, ...}; fn(row) returns surface, value
**       [, opts] (a nil surface skips the row); without fn the surface is
**       row[1] and the value the row
**   for s, e, value in g:match(text [, {all = true}]) do ... end
**       leftmost-longest matches (all overlapping ones with all = true);
**       s, e are LPeg-style positions: text:sub(s, e - 1) is the match
**   g:collect(text, starts, ends, values [, {all = true}]) -> n
**       the same matches stored in three arrays from index 1, in one call
**   g:collect_groups(text, keys, lists) -> n1, n2, ...
**       one scan sorted into leftmost-longest groups by fields of the
**       values (see there)
**   g:find(surface [, {fold = true}]) -> the value of that exact entry or nil
**   g:count(), #g -> number of entries
**
** Promises: positions are converted from the C offsets in one place
** (push_range); no table or string is made per match; the trie and the
** tokens are allocated by the lua_State, so a memory limit on it covers
** them; matching the same text with several gazetteers tokenizes it once;
** argument errors name the argument ("bad argument #1 to 'add' ...", as
** Lua counts for a method call).
*/
#include <lauxlib.h>
#include <lua.h>

#include <string.h>

#include "gazetteer.h"

#define GAZ_MT "lede.Gazetteer"
#define SCAN_MT "lede.GazetteerScan"

/* The userdata's one user value is the table of entry values, by id + 1. */
typedef struct gaz_ud {
    lede_gaz *g;
} gaz_ud;

typedef struct scan_ud {
    lede_gaz_scan sc;
    int live;
} scan_ud;

/* A text's tokens, in Lua memory (so under the state's cap, freed by the
** collector). */
typedef struct tokens_ud {
    size_t n;
    lede_token v[];
} tokens_ud;

/*
** The registry field holding {text, tokens} of the last text matched: an
** extractor runs several gazetteers (places, organisations, demonyms ...)
** over the same document one after the other, and tokenizing it once is
** then enough.
*/
#define LAST_KEY "lede.gazetteer.last"

static lede_gaz *check_gaz(lua_State *L, int idx)
{
    gaz_ud *u = luaL_checkudata(L, idx, GAZ_MT);
    if (!u->g) luaL_argerror(L, idx, "gazetteer already freed");
    return u->g;
}

/* The one place where C offsets become Lua positions. */
static lua_Integer lua_position(int32_t offset)
{
    return (lua_Integer)offset + 1;
}

static void push_range(lua_State *L, int32_t start, int32_t end)
{
    lua_pushinteger(L, lua_position(start));
    lua_pushinteger(L, lua_position(end));
}

/* A boolean option from the options table at idx (absent or nil: none). */
static int opt_flag(lua_State *L, int idx, const char *name, int flag)
{
    if (lua_isnoneornil(L, idx)) return 0;
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_getfield(L, idx, name);
    int on = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return on ? flag : 0;
}

static int gaz_new(lua_State *L)
{
    gaz_ud *u = lua_newuserdatauv(L, sizeof *u, 1);
    u->g = NULL;
    luaL_setmetatable(L, GAZ_MT);
    lua_newtable(L);
    lua_setiuservalue(L, -2, 1);
    void *ud;
    lua_Alloc alloc = lua_getallocf(L, &ud);
    if (lede_gaz_new_alloc(alloc, ud, &u->g) != LEDE_OK) return luaL_error(L, "not enough memory");
    return 1;
}

static int gaz_gc(lua_State *L)
{
    gaz_ud *u = luaL_checkudata(L, 1, GAZ_MT);
    lede_gaz_free(u->g);
    u->g = NULL;
    return 0;
}

/*
** Adds the surface at sidx with the value at vidx (nil: the surface) and
** the entry flags; the gazetteer is at 1 and `values` is its value table's
** stack index. Returns 1 for a new entry, 0 for an existing one (whose
** value is kept: data files list the likeliest reading first), or the
** negated status. The value slot is reserved before the trie changes, so a
** memory error raised by Lua cannot leave an entry without its value.
*/
static int add_entry(lua_State *L, lede_gaz *g, int values, int sidx, int vidx, int flags)
{
    size_t n;
    const char *s = lua_tolstring(L, sidx, &n);
    lua_Integer next = (lua_Integer)lede_gaz_count(g) + 1;
    lua_pushboolean(L, 0);
    lua_rawseti(L, values, next);
    int32_t id;
    int rc = lede_gaz_add(g, s, n, flags, &id);
    if (rc != LEDE_OK || id + 1 != next) {
        lua_pushnil(L);
        lua_rawseti(L, values, next);
    }
    if (rc != LEDE_OK) return -rc;
    if (id + 1 != next) return 0;
    lua_pushvalue(L, lua_isnoneornil(L, vidx) ? sidx : vidx);
    lua_rawseti(L, values, next);
    return 1;
}

static int gaz_add(lua_State *L)
{
    lede_gaz *g = check_gaz(L, 1);
    luaL_checkstring(L, 2);
    int flags = opt_flag(L, 4, "fold", LEDE_GAZ_FOLD);
    lua_settop(L, 4);
    lua_getiuservalue(L, 1, 1);
    int r = add_entry(L, g, 5, 2, 3, flags);
    if (r == -LEDE_EUSAGE)
        return luaL_argerror(L, 2, "surface has no tokens or a token over 255 bytes");
    if (r < 0) return luaL_error(L, "not enough memory");
    lua_pushboolean(L, r);
    return 1;
}

/* Splits the line at idx into a row table (pushed), fields at tabs. */
static void push_row(lua_State *L, int idx)
{
    size_t n;
    const char *s = lua_tolstring(L, idx, &n);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
    lua_createtable(L, 4, 0);
    lua_Integer k = 1;
    size_t a = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '\t') {
            lua_pushlstring(L, s + a, i - a);
            lua_rawseti(L, -2, k++);
            a = i + 1;
        }
    }
}

static int blank_or_comment(lua_State *L, int idx)
{
    size_t n;
    const char *s = lua_tolstring(L, idx, &n);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
    return n == 0 || s[0] == '#';
}

static int gaz_load(lua_State *L)
{
    lede_gaz *g = check_gaz(L, 1);
    int src = lua_type(L, 2);
    if (src != LUA_TSTRING && src != LUA_TTABLE && src != LUA_TFUNCTION)
        return luaL_typeerror(L, 2, "path, table of lines or iterator");
    if (!lua_isnoneornil(L, 3)) luaL_checktype(L, 3, LUA_TFUNCTION);
    lua_settop(L, 3);
    lua_getiuservalue(L, 1, 1); /* 4: values */
    const char *name = "lines";
    if (src == LUA_TSTRING) {
        name = lua_tostring(L, 2); /* stays at 2, so the pointer stays valid */
        if (lua_getglobal(L, "io") != LUA_TTABLE || lua_getfield(L, -1, "lines") != LUA_TFUNCTION)
            return luaL_error(L, "%s: reading files needs the io library; pass lines instead", name);
        lua_remove(L, 5);
        lua_pushvalue(L, 2);
        lua_call(L, 1, 1); /* 5: the line iterator; raises "path: No such file ..." */
        src = LUA_TFUNCTION;
    } else {
        lua_pushvalue(L, 2); /* 5: the lines */
    }
    lua_Integer added = 0;
    for (lua_Integer n = 1;; n++) {
        lua_Integer line = n;
        lua_settop(L, 5);
        if (src == LUA_TTABLE) {
            lua_rawgeti(L, 5, n); /* 6: the line */
        } else {
            /* An iterator may give the line's number in the file as its
            ** second value (lede.data's lines do): messages then use it. */
            lua_pushvalue(L, 5);
            lua_call(L, 0, 2);
            if (lua_isinteger(L, 7)) line = lua_tointeger(L, 7);
            lua_pop(L, 1);
        }
        if (lua_isnil(L, 6)) break;
        if (lua_type(L, 6) != LUA_TSTRING && lua_type(L, 6) != LUA_TNUMBER)
            return luaL_error(L, "%s:%d: line is a %s, not a string", name, (int)line,
                              luaL_typename(L, 6));
        if (blank_or_comment(L, 6)) continue;
        push_row(L, 6); /* 7 */
        int flags = 0;
        if (lua_isnil(L, 3)) {
            lua_rawgeti(L, 7, 1); /* 8: surface */
            lua_pushvalue(L, 7);  /* 9: value */
        } else {
            lua_pushvalue(L, 3);
            lua_pushvalue(L, 7);
            lua_call(L, 1, 3); /* 8 surface, 9 value, 10 opts */
            if (lua_isnil(L, 8)) continue;
            if (lua_type(L, 8) != LUA_TSTRING)
                return luaL_error(L, "%s:%d: the function returned a %s for the surface", name,
                                  (int)line, luaL_typename(L, 8));
            if (!lua_isnil(L, 10) && !lua_istable(L, 10))
                return luaL_error(L, "%s:%d: the options returned are a %s, not a table", name,
                                  (int)line, luaL_typename(L, 10));
            flags = opt_flag(L, 10, "fold", LEDE_GAZ_FOLD);
        }
        int r = add_entry(L, g, 4, 8, 9, flags);
        if (r == -LEDE_EUSAGE)
            return luaL_error(L, "%s:%d: surface has no tokens or a token over 255 bytes", name,
                              (int)line);
        if (r < 0) return luaL_error(L, "not enough memory");
        added += r;
    }
    lua_pushinteger(L, added);
    return 1;
}

static int gaz_find(lua_State *L)
{
    lede_gaz *g = check_gaz(L, 1);
    size_t n;
    const char *s = luaL_checklstring(L, 2, &n);
    int flags = opt_flag(L, 3, "fold", LEDE_GAZ_FOLD);
    int32_t id;
    if (lede_gaz_lookup(g, s, n, flags, &id) != LEDE_OK) return luaL_error(L, "not enough memory");
    if (id < 0) {
        lua_pushnil(L);
        return 1;
    }
    lua_getiuservalue(L, 1, 1);
    lua_rawgeti(L, -1, (lua_Integer)id + 1);
    return 1;
}

static int gaz_count(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)lede_gaz_count(check_gaz(L, 1)));
    return 1;
}

static int gaz_tostring(lua_State *L)
{
    gaz_ud *u = luaL_checkudata(L, 1, GAZ_MT);
    if (u->g) lua_pushfstring(L, "lede.Gazetteer (%d entries)", (int)lede_gaz_count(u->g));
    else lua_pushliteral(L, "lede.Gazetteer (freed)");
    return 1;
}

/* The text argument of the scans: offsets are int32_t. */
static void check_text(lua_State *L, int idx)
{
    size_t n;
    luaL_checklstring(L, idx, &n);
    luaL_argcheck(L, n <= INT32_MAX, idx, "text over 2 GB");
}

/* Frees a scan once, whoever gets there first: its end, an error or __gc. */
static void scan_end(scan_ud *s)
{
    if (s->live) lede_gaz_scan_done(&s->sc);
    s->live = 0;
}

static int scan_gc(lua_State *L)
{
    scan_end(luaL_checkudata(L, 1, SCAN_MT));
    return 0;
}

/* The iterator: upvalues are the gazetteer, the text, its tokens and the
** scan (the first three only to keep what the scan points into alive). */
static int match_next(lua_State *L)
{
    scan_ud *s = lua_touserdata(L, lua_upvalueindex(4));
    if (!s->live) return 0;
    /* The scan reads the trie: not after the gazetteer's __gc (a
    ** finalizer may run it while an iterator is still held). */
    if (!((gaz_ud *)lua_touserdata(L, lua_upvalueindex(1)))->g) {
        scan_end(s);
        return luaL_error(L, "gazetteer already freed");
    }
    lede_gaz_hit m;
    int rc = lede_gaz_scan_next(&s->sc, &m);
    if (rc == LEDE_DONE) return 0;
    if (rc != LEDE_ROW) return luaL_error(L, "not enough memory");
    push_range(L, m.start, m.end);
    lua_getiuservalue(L, lua_upvalueindex(1), 1);
    lua_rawgeti(L, -1, (lua_Integer)m.entry + 1);
    lua_remove(L, -2);
    return 3;
}

/* Pushes the tokens of the text at idx, from the last-text cache or made. */
static tokens_ud *push_tokens(lua_State *L, int idx)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, LAST_KEY) == LUA_TTABLE) {
        lua_rawgeti(L, -1, 1);
        int same = lua_rawequal(L, -1, idx);
        lua_pop(L, 1);
        if (same) {
            if (lua_rawgeti(L, -1, 2) == LUA_TUSERDATA) {
                lua_remove(L, -2);
                return lua_touserdata(L, -1);
            }
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    size_t n;
    const char *text = lua_tolstring(L, idx, &n);
    lede_tokens tok = {NULL, 0, 0};
    if (lede_tokens_fill(&tok, text, n) != LEDE_OK) {
        lede_tokens_free(&tok);
        luaL_error(L, "not enough memory");
    }
    /* Copied into Lua memory; the malloc'ed array is freed before anything
    ** that may raise. */
    tokens_ud *t = NULL;
    if (tok.n <= (SIZE_MAX - sizeof *t) / sizeof(lede_token)) {
        lua_pushnil(L); /* a placeholder the userdata replaces */
        t = lua_newuserdatauv(L, sizeof *t + tok.n * sizeof(lede_token), 0);
        lua_replace(L, -2);
    }
    if (t) {
        t->n = tok.n;
        if (tok.n) memcpy(t->v, tok.v, tok.n * sizeof(lede_token));
    }
    lede_tokens_free(&tok);
    if (!t) luaL_error(L, "text has too many tokens");
    lua_createtable(L, 2, 0);
    lua_pushvalue(L, idx);
    lua_rawseti(L, -2, 1);
    lua_pushvalue(L, -2);
    lua_rawseti(L, -2, 2);
    lua_setfield(L, LUA_REGISTRYINDEX, LAST_KEY);
    return t;
}

/* Pushes the tokens of the text at text_idx and a scan of g over them (two
** values). The scan is a userdata whose __gc frees it, so an error raised
** while the caller reads matches leaks nothing. */
static scan_ud *push_scan(lua_State *L, lede_gaz *g, int text_idx, int flags)
{
    size_t n;
    const char *text = lua_tolstring(L, text_idx, &n);
    tokens_ud *t = push_tokens(L, text_idx);
    scan_ud *s = lua_newuserdatauv(L, sizeof *s, 0);
    s->live = 0;
    luaL_setmetatable(L, SCAN_MT);
    lede_gaz_scan_init(&s->sc, g, text, n, t->v, t->n, flags);
    s->live = 1;
    return s;
}

static int gaz_match(lua_State *L)
{
    lede_gaz *g = check_gaz(L, 1);
    check_text(L, 2);
    int flags = opt_flag(L, 3, "all", LEDE_GAZ_ALL);
    lua_settop(L, 2);
    push_scan(L, g, 2, flags); /* 3: tokens, 4: scan */
    lua_pushcclosure(L, match_next, 4);
    return 1;
}

/*
** g:collect(text, starts, ends, values [, {all = true}]) -> n: the matches
** of g:match in the arrays, from index 1 (entries after n are left as
** they were), so that a caller reading every match makes no call per
** match. The scan lives in a userdata, so a memory error raised while
** storing frees it all the same.
*/
static int gaz_collect(lua_State *L)
{
    lede_gaz *g = check_gaz(L, 1);
    check_text(L, 2);
    luaL_checktype(L, 3, LUA_TTABLE);
    luaL_checktype(L, 4, LUA_TTABLE);
    luaL_checktype(L, 5, LUA_TTABLE);
    int flags = opt_flag(L, 6, "all", LEDE_GAZ_ALL);
    lua_settop(L, 5);
    scan_ud *s = push_scan(L, g, 2, flags); /* 6: tokens, 7: scan */
    lua_getiuservalue(L, 1, 1);             /* 8: the values */
    lua_Integer k = 0;
    for (;;) {
        lede_gaz_hit m;
        int rc = lede_gaz_scan_next(&s->sc, &m);
        if (rc == LEDE_DONE) break;
        if (rc != LEDE_ROW) return luaL_error(L, "not enough memory");
        k++;
        lua_pushinteger(L, lua_position(m.start));
        lua_rawseti(L, 3, k);
        lua_pushinteger(L, lua_position(m.end));
        lua_rawseti(L, 4, k);
        lua_rawgeti(L, 8, (lua_Integer)m.entry + 1);
        lua_rawseti(L, 5, k);
    }
    scan_end(s);
    lua_pushinteger(L, k);
    return 1;
}

/*
** g:collect_groups(text, keys, lists) -> n1, n2, ...: one scan of every
** match sorted into groups. Entry values are tables; the matches whose
** value has a field keys[i] (not nil) form group i, chosen leftmost-longest
** within the group (the longest match at a start, at or after the end of
** the group's match before: what g:collect over the group's entries alone
** gives) and stored from index 1 in lists[i] = {starts, ends, values}, the
** values being those fields. At most 8 groups. Several gazetteers' worth
** of matching for one walk of the trie.
*/
#define MAX_GROUPS 8
static int gaz_collect_groups(lua_State *L)
{
    lede_gaz *g = check_gaz(L, 1);
    check_text(L, 2);
    luaL_checktype(L, 3, LUA_TTABLE);
    luaL_checktype(L, 4, LUA_TTABLE);
    lua_Integer ng = luaL_len(L, 3);
    luaL_argcheck(L, ng >= 1 && ng <= MAX_GROUPS, 3, "1 to 8 keys");
    lua_settop(L, 4);
    scan_ud *s = push_scan(L, g, 2, LEDE_GAZ_ALL); /* 5: tokens, 6: scan */
    lua_getiuservalue(L, 1, 1);                    /* 7: the values */
    int keys = 8, arrays = 8 + (int)ng, pend = 8 + 4 * (int)ng;
    luaL_checkstack(L, 5 * (int)ng + 4, "too many groups");
    for (lua_Integer i = 1; i <= ng; i++) {
        if (lua_rawgeti(L, 3, i) != LUA_TSTRING) return luaL_argerror(L, 3, "keys must be strings");
    }
    for (lua_Integer i = 1; i <= ng; i++) {
        if (lua_rawgeti(L, 4, i) != LUA_TTABLE) return luaL_argerror(L, 4, "lists[i] must be tables");
        int list = lua_gettop(L);
        for (int k = 1; k <= 3; k++) {
            if (lua_rawgeti(L, list, k) != LUA_TTABLE)
                return luaL_argerror(L, 4, "lists[i] must hold three tables");
        }
        lua_remove(L, list);
    }
    for (lua_Integer i = 0; i < ng; i++) lua_pushnil(L); /* pending values */
    int32_t ps[MAX_GROUPS], pe[MAX_GROUPS], last_end[MAX_GROUPS];
    int pending[MAX_GROUPS];
    lua_Integer count[MAX_GROUPS];
    for (int i = 0; i < ng; i++) pending[i] = 0, last_end[i] = 0, count[i] = 0;
    int32_t cur = -1;
    for (int done = 0; !done;) {
        lede_gaz_hit m;
        int rc = lede_gaz_scan_next(&s->sc, &m);
        if (rc != LEDE_ROW && rc != LEDE_DONE) return luaL_error(L, "not enough memory");
        done = rc == LEDE_DONE;
        if (done || m.start != cur) {
            /* The longest of each group at the start before counts if it
            ** starts after the group's previous match. */
            for (int i = 0; i < ng; i++) {
                if (!pending[i]) continue;
                pending[i] = 0;
                if (ps[i] < last_end[i]) continue;
                lua_Integer k = ++count[i];
                lua_pushinteger(L, lua_position(ps[i]));
                lua_rawseti(L, arrays + 3 * i, k);
                lua_pushinteger(L, lua_position(pe[i]));
                lua_rawseti(L, arrays + 3 * i + 1, k);
                lua_pushvalue(L, pend + i);
                lua_rawseti(L, arrays + 3 * i + 2, k);
                last_end[i] = pe[i];
            }
            if (done) break;
            cur = m.start;
        }
        if (lua_rawgeti(L, 7, (lua_Integer)m.entry + 1) == LUA_TTABLE) {
            for (int i = 0; i < ng; i++) {
                /* A start's matches come shortest first, and at one length
                ** the exact entry before the folded one: the leftmost-
                ** longest scan keeps the exact one, and so does this. */
                if (pending[i] && m.end <= pe[i]) continue;
                lua_pushvalue(L, keys + i);
                if (lua_rawget(L, -2) == LUA_TNIL) {
                    lua_pop(L, 1);
                    continue;
                }
                lua_replace(L, pend + i);
                ps[i] = m.start;
                pe[i] = m.end;
                pending[i] = 1;
            }
        }
        lua_pop(L, 1);
    }
    scan_end(s);
    for (int i = 0; i < ng; i++) lua_pushinteger(L, count[i]);
    return (int)ng;
}

int luaopen_lede_gazetteer(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"add", gaz_add},   {"load", gaz_load},   {"match", gaz_match},
        {"find", gaz_find}, {"count", gaz_count}, {"collect", gaz_collect},
        {"collect_groups", gaz_collect_groups}, {NULL, NULL}};
    static const luaL_Reg meta[] = {
        {"__gc", gaz_gc}, {"__len", gaz_count}, {"__tostring", gaz_tostring}, {NULL, NULL}};
    static const luaL_Reg funcs[] = {{"new", gaz_new}, {NULL, NULL}};
    luaL_checkversion(L);
    /* Both metatables hidden from getmetatable, as lede.core's: a script
    ** cannot call __gc by hand and go on using the freed matcher. */
    if (luaL_newmetatable(L, GAZ_MT)) {
        lua_pushliteral(L, GAZ_MT);
        lua_setfield(L, -2, "__metatable");
        luaL_setfuncs(L, meta, 0);
        luaL_newlib(L, methods);
        lua_setfield(L, -2, "__index");
    }
    lua_pop(L, 1);
    if (luaL_newmetatable(L, SCAN_MT)) {
        lua_pushliteral(L, SCAN_MT);
        lua_setfield(L, -2, "__metatable");
        lua_pushcfunction(L, scan_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_pop(L, 1);
    luaL_newlib(L, funcs);
    return 1;
}
