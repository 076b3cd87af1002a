/*
** luabind.c -- the `lede.core` Lua module: stores, documents, tokens,
** sentences, SQL with bound parameters, spans and runs.
**
** What it promises:
**   - one offset convention per side, converted here only (push_range and
**     check_range): C and the store use 0-based half-open byte offsets,
**     Lua uses LPeg's 1-based positions with an exclusive end, so that
**     text:sub(s, e - 1) and doc:sub(s, e) are the bytes of a range;
**   - iterators are C functions returning integers, never a table per token;
**   - argument errors raise in luaL style ("bad argument #1 to 'sub'
**     (number expected, got nil)"); expected failures (no such document,
**     a store that cannot be opened) return nil, message;
**   - SQL is prepared with bound parameters, one statement per call;
**   - spans are buffered and written in one transaction per
**     LEDE_SPAN_BATCH, before any read of the store, and at close;
**   - every statement or cursor a Lua value holds is closed at lede_close
**     even if the value is still alive, and by the garbage collector
**     otherwise (struct lede_open_iter);
**   - data a script can make grow (tokens, ranges, rows) lives in Lua
**     memory, so the host's memory limit covers it.
** The module works in the `lede` binary's host (script.c) and, built as
** lede/core.so, in a stock lua5.4.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>

#include "article.h"
#include "gazetteer.h"
#include "handle.h"
#include "lede.h"
#include "lx_names.h"
#include "lx_words.h"
#include "pool.h"
#include "script.h"
#include "store.h"
#include "token.h"

#define STORE_MT "lede.Store"
#define DOC_MT "lede.Document"
#define CURSOR_MT "lede.Cursor"
#define TOKENS_MT "lede.Tokens"
#define RANGES_MT "lede.Ranges"
#define HOST_STORE_KEY "lede.hoststore"

/* --------------------------------------------------------------- offsets */

/* C [start, end) -> Lua s, e. */
static void push_range(lua_State *L, int64_t start, int64_t end)
{
    lua_pushinteger(L, (lua_Integer)start + 1);
    lua_pushinteger(L, (lua_Integer)end + 1);
}

/* Lua s, e at arguments arg, arg+1 -> C [start, end), both within a text
** of len bytes. */
static void check_range(lua_State *L, int arg, size_t len, int32_t *start, int32_t *end)
{
    lua_Integer s = luaL_checkinteger(L, arg);
    lua_Integer e = luaL_checkinteger(L, arg + 1);
    lua_Integer max = (lua_Integer)len + 1;
    if (s < 1 || s > max)
        luaL_argerror(L, arg, lua_pushfstring(L, "position %I out of range 1..%I", s, max));
    if (e < s || e > max)
        luaL_argerror(L, arg + 1, lua_pushfstring(L, "end %I out of range %I..%I", e, s, max));
    *start = (int32_t)(s - 1);
    *end = (int32_t)(e - 1);
}

/* ----------------------------------------------------------------- store */

typedef struct lstore {
    lede *db;  /* NULL once closed */
    int owned; /* 0 for the host's own handle */
} lstore;

static lstore *check_store_ud(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, STORE_MT);
}

static lede *check_store(lua_State *L, int idx)
{
    lstore *st = check_store_ud(L, idx);
    if (!st->db) luaL_error(L, "attempt to use a closed store");
    return st->db;
}

static lede_script *script_of(lua_State *L, lede *db)
{
    lede_script *s = lede_script_get(db);
    if (!s) luaL_error(L, "out of memory");
    return s;
}

/* Raises the handle's last error. */
static int raise_db(lua_State *L, lede *db, const char *what)
{
    return luaL_error(L, "%s: %s", what, lede_errmsg(db));
}

/* Pushes nil and the handle's last error: an expected failure. */
static int fail_db(lua_State *L, lede *db)
{
    lua_pushnil(L);
    lua_pushstring(L, lede_errmsg(db));
    return 2;
}

/* --------------------------------------------------------------- cursors */

typedef struct lcursor {
    lede_open_iter it; /* first: the list hands back this pointer */
    sqlite3_stmt *st;
    sqlite3_stmt *text_st; /* spans: the text of each document */
    lede_cursor *docs;
    int64_t cur_doc;       /* spans: document whose id/text are uservalues 2/3 */
    int done;
} lcursor;

static void cursor_release(lede_open_iter *it)
{
    lcursor *c = (lcursor *)it;
    if (c->st) sqlite3_finalize(c->st);
    if (c->text_st) sqlite3_finalize(c->text_st);
    if (c->docs) lede_docs_close(c->docs);
    c->st = c->text_st = NULL;
    c->docs = NULL;
    if (it->owner) {
        it->prev->next = it->next;
        it->next->prev = it->prev;
        it->owner = NULL;
    }
}

/* Pushes a new cursor tied to the store at store_idx. It holds nothing
** yet: resources are taken only once the value that frees them exists. */
static lcursor *new_cursor(lua_State *L, int store_idx, lede *db)
{
    lede_script *s = script_of(L, db);
    store_idx = lua_absindex(L, store_idx);
    lcursor *c = lua_newuserdatauv(L, sizeof *c, 3);
    memset(c, 0, sizeof *c);
    luaL_setmetatable(L, CURSOR_MT);
    lua_pushvalue(L, store_idx);
    lua_setiuservalue(L, -2, 1);
    c->it.close = cursor_release;
    c->it.owner = s;
    c->it.next = s->iters.next;
    c->it.prev = &s->iters;
    s->iters.next->prev = &c->it;
    s->iters.next = &c->it;
    return c;
}

static int cursor_gc(lua_State *L)
{
    lcursor *c = luaL_checkudata(L, 1, CURSOR_MT);
    cursor_release(&c->it);
    return 0;
}

/* A cursor whose store was closed under it; a finished one just ends. */
static int cursor_usable(lua_State *L, lcursor *c)
{
    if (c->done) return 0;
    if (!c->it.owner) luaL_error(L, "attempt to use a closed store");
    return 1;
}

static void cursor_finish(lcursor *c)
{
    c->done = 1;
    cursor_release(&c->it);
}

static void prepare(lua_State *L, lede *db, lcursor *c, const char *sql)
{
    if (sqlite3_prepare_v2(db->db, sql, -1, &c->st, NULL) != SQLITE_OK)
        luaL_error(L, "%s", sqlite3_errmsg(db->db));
}

/* ------------------------------------------------------------------ JSON */

/* Pushes lede.json's function `name` (the module is required on first use). */
static void push_json(lua_State *L, const char *name)
{
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    if (lua_getfield(L, -1, "lede.json") != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_getglobal(L, "require");
        lua_pushliteral(L, "lede.json");
        lua_call(L, 1, 1);
    }
    lua_getfield(L, -1, name);
    lua_replace(L, -3);
    lua_pop(L, 1);
}

/* Replaces the JSON text at the top with its decoded value. */
static void decode_json_top(lua_State *L)
{
    push_json(L, "decode");
    lua_insert(L, -2);
    lua_call(L, 1, 2);
    if (lua_isnil(L, -2)) luaL_error(L, "stored JSON does not parse: %s", lua_tostring(L, -1));
    lua_pop(L, 1);
}

/* ------------------------------------------------------- tokens, ranges */

typedef struct ltokens {
    size_t n;
    lede_token v[];
} ltokens;

static const char *const token_class_names[] = {
    "symbol", "word", "number", "punct", "open_quote", "close_quote",
    "dash", "symbol", "url", "possessive",
};

static const char *class_name(int cls)
{
    if (cls < 0 || (size_t)cls >= sizeof token_class_names / sizeof token_class_names[0]) return "symbol";
    return token_class_names[cls];
}

static ltokens *push_tokens(lua_State *L, const lede_token *v, size_t n)
{
    if (n > (((size_t)-1) - sizeof(ltokens)) / sizeof(lede_token)) luaL_error(L, "too many tokens");
    ltokens *t = lua_newuserdatauv(L, sizeof *t + n * sizeof(lede_token), 0);
    t->n = n;
    if (n && v) memcpy(t->v, v, n * sizeof(lede_token));
    luaL_setmetatable(L, TOKENS_MT);
    return t;
}

/* for i, s, e, class in ...: the state is a Tokens value, i the control. */
static int tokens_next(lua_State *L)
{
    ltokens *t = luaL_checkudata(L, 1, TOKENS_MT);
    lua_Integer i = luaL_checkinteger(L, 2);
    if (i < 0 || (size_t)i >= t->n) return 0;
    const lede_token *k = &t->v[i];
    lua_pushinteger(L, i + 1);
    push_range(L, k->start, k->end);
    lua_pushstring(L, class_name(k->cls));
    return 4;
}

static int push_token_iter(lua_State *L, int tokens_idx)
{
    tokens_idx = lua_absindex(L, tokens_idx);
    lua_pushcfunction(L, tokens_next);
    lua_pushvalue(L, tokens_idx);
    lua_pushinteger(L, 0);
    return 3;
}

/* Two passes over lede_tokenize: count, then fill Lua memory directly. */
typedef struct fill_ctx {
    ltokens *t;
    size_t n;
} fill_ctx;

static int count_token(void *ctx, int cls, const char *tok, int ntok, int start, int end)
{
    (void)cls, (void)tok, (void)ntok, (void)start, (void)end;
    ((fill_ctx *)ctx)->n++;
    return 0;
}

static int put_token(void *ctx, int cls, const char *tok, int ntok, int start, int end)
{
    fill_ctx *f = ctx;
    (void)tok, (void)ntok;
    if (f->n >= f->t->n) return 1;
    lede_token *k = &f->t->v[f->n++];
    k->start = start;
    k->end = end;
    k->cls = (uint8_t)cls;
    return 0;
}

/* Pushes a Tokens value holding the tokens of text. */
static void push_tokens_of(lua_State *L, const char *text, size_t len)
{
    fill_ctx f = {NULL, 0};
    if (lede_tokenize(text, len, 0, &f, count_token) != LEDE_OK) luaL_error(L, "tokenizing failed");
    f.t = push_tokens(L, NULL, f.n);
    f.n = 0;
    if (lede_tokenize(text, len, 0, &f, put_token) != LEDE_OK) luaL_error(L, "tokenizing failed");
    f.t->n = f.n;
}

/* lede.tokenize(str): for i, s, e, class in lede.tokenize(str) */
static int l_tokenize(lua_State *L)
{
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    push_tokens_of(L, text, len);
    return push_token_iter(L, -1);
}

/* Start/end pairs in C convention; uservalue 1 is a table of kinds or nil. */
typedef struct lranges {
    size_t n;
    int32_t v[]; /* 2 per range */
} lranges;

static lranges *push_ranges(lua_State *L, size_t n)
{
    if (n > (((size_t)-1) - sizeof(lranges)) / (2 * sizeof(int32_t))) luaL_error(L, "too many ranges");
    lranges *r = lua_newuserdatauv(L, sizeof *r + 2 * n * sizeof(int32_t), 1);
    r->n = n;
    luaL_setmetatable(L, RANGES_MT);
    return r;
}

/* Closure over (ranges, index): returns s, e[, kind]. */
static int ranges_next(lua_State *L)
{
    lranges *r = lua_touserdata(L, lua_upvalueindex(1));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
    if (i < 0 || (size_t)i >= r->n) return 0;
    lua_pushinteger(L, i + 1);
    lua_replace(L, lua_upvalueindex(2));
    push_range(L, r->v[2 * i], r->v[2 * i + 1]);
    if (lua_getiuservalue(L, lua_upvalueindex(1), 1) != LUA_TTABLE) {
        lua_pop(L, 1);
        return 2;
    }
    lua_rawgeti(L, -1, i + 1);
    lua_remove(L, -2);
    return 3;
}

static int push_ranges_iter(lua_State *L)
{
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, ranges_next, 2);
    return 1;
}

typedef struct range_ctx {
    lranges *r;
    size_t n;
} range_ctx;

static int count_range(void *ctx, int start, int end)
{
    (void)start, (void)end;
    ((range_ctx *)ctx)->n++;
    return 0;
}

static int put_range(void *ctx, int start, int end)
{
    range_ctx *c = ctx;
    if (c->n >= c->r->n) return 1;
    c->r->v[2 * c->n] = start;
    c->r->v[2 * c->n + 1] = end;
    c->n++;
    return 0;
}

/* Pushes a Ranges value holding the sentences of text. */
static void push_sentences_of(lua_State *L, const char *text, size_t len)
{
    range_ctx c = {NULL, 0};
    if (lede_sentences(text, len, &c, count_range) != LEDE_OK) luaL_error(L, "splitting sentences failed");
    c.r = push_ranges(L, c.n);
    c.n = 0;
    if (lede_sentences(text, len, &c, put_range) != LEDE_OK) luaL_error(L, "splitting sentences failed");
    c.r->n = c.n;
}

/* lede.sentences(str): for s, e in lede.sentences(str) */
static int l_sentences(lua_State *L)
{
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    push_sentences_of(L, text, len);
    return push_ranges_iter(L);
}

/* The layout blocks of a text, with their span kinds (article.h). */
typedef struct block_ctx {
    lua_State *L;
    lranges *r;
    size_t n;
} block_ctx;

static int count_block(void *ctx, int kind, int start, int end)
{
    (void)kind, (void)start, (void)end;
    ((block_ctx *)ctx)->n++;
    return 0;
}

static int put_block(void *ctx, int kind, int start, int end)
{
    block_ctx *c = ctx;
    if (c->n >= c->r->n) return 1;
    c->r->v[2 * c->n] = start;
    c->r->v[2 * c->n + 1] = end;
    lua_pushstring(c->L, lede_block_kind_name(kind));
    lua_rawseti(c->L, -2, (lua_Integer)++c->n);
    return 0;
}

static void push_blocks_of(lua_State *L, const char *text, size_t len)
{
    block_ctx c = {L, NULL, 0};
    lede_article_blocks(text, len, &c, count_block);
    c.r = push_ranges(L, c.n);
    lua_createtable(L, (int)c.n, 0);
    c.n = 0;
    lede_article_blocks(text, len, &c, put_block);
    lua_setiuservalue(L, -2, 1);
    c.r->n = c.n;
}

/* ------------------------------------------------------------- documents */

typedef struct ldoc {
    int64_t rowid;
    size_t len;
} ldoc;

/* Uservalues of a document. */
enum { DOC_STORE = 1, DOC_FIELDS, DOC_TOKENS, DOC_META };

static ldoc *check_doc(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, DOC_MT);
}

static void set_field(lua_State *L, const char *key, const char *val)
{
    if (!val) return;
    lua_pushstring(L, val);
    lua_setfield(L, -2, key);
}

static void push_doc(lua_State *L, int store_idx, const lede_doc *d)
{
    store_idx = lua_absindex(L, store_idx);
    ldoc *doc = lua_newuserdatauv(L, sizeof *doc, 4);
    doc->rowid = d->rowid;
    doc->len = d->len;
    luaL_setmetatable(L, DOC_MT);
    lua_pushvalue(L, store_idx);
    lua_setiuservalue(L, -2, DOC_STORE);
    lua_createtable(L, 0, 8);
    set_field(L, "id", d->id);
    lua_pushlstring(L, d->text, d->len);
    lua_setfield(L, -2, "text");
    set_field(L, "title", d->title);
    set_field(L, "date", d->date);
    set_field(L, "source", d->source);
    set_field(L, "url", d->url);
    lua_pushinteger(L, (lua_Integer)d->rowid);
    lua_setfield(L, -2, "rowid");
    lua_setiuservalue(L, -2, DOC_FIELDS);
    lua_pushstring(L, d->meta ? d->meta : "{}");
    lua_setiuservalue(L, -2, DOC_META);
}

/* The store behind a document, checked open. */
static lede *doc_store(lua_State *L, int doc_idx)
{
    lua_getiuservalue(L, doc_idx, DOC_STORE);
    lede *db = check_store(L, -1);
    lua_pop(L, 1);
    return db;
}

static int doc_index(lua_State *L)
{
    check_doc(L, 1);
    if (lua_type(L, 2) == LUA_TSTRING) {
        lua_pushvalue(L, 2);
        if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
        lua_pop(L, 1);
    }
    lua_getiuservalue(L, 1, DOC_FIELDS);
    lua_pushvalue(L, 2);
    if (lua_rawget(L, -2) != LUA_TNIL) return 1;
    lua_pop(L, 1);
    if (lua_type(L, 2) == LUA_TSTRING && strcmp(lua_tostring(L, 2), "meta") == 0) {
        lua_getiuservalue(L, 1, DOC_META);
        decode_json_top(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, "meta");
        return 1;
    }
    lua_pushnil(L);
    return 1;
}

static int doc_newindex(lua_State *L)
{
    return luaL_error(L, "document fields are read-only");
}

static int doc_tostring(lua_State *L)
{
    check_doc(L, 1);
    lua_getiuservalue(L, 1, DOC_FIELDS);
    lua_getfield(L, -1, "id");
    lua_pushfstring(L, "lede.Document(%s)", lua_tostring(L, -1));
    return 1;
}

static int doc_sub(lua_State *L)
{
    ldoc *doc = check_doc(L, 1);
    int32_t start, end;
    check_range(L, 2, doc->len, &start, &end);
    lua_getiuservalue(L, 1, DOC_FIELDS);
    lua_getfield(L, -1, "text");
    const char *text = lua_tostring(L, -1);
    lua_pushlstring(L, text + start, (size_t)(end - start));
    return 1;
}

/* The document's tokens: the packed blob the store keeps, or the tokenizer
** when there is none. Kept in the document after the first call. */
static int doc_tokens(lua_State *L)
{
    ldoc *doc = check_doc(L, 1);
    if (lua_getiuservalue(L, 1, DOC_TOKENS) == LUA_TUSERDATA) return push_token_iter(L, -1);
    lua_pop(L, 1);
    if (!doc->rowid) { /* a document made by lede.document: no store */
        lua_getiuservalue(L, 1, DOC_FIELDS);
        lua_getfield(L, -1, "text");
        push_tokens_of(L, lua_tostring(L, -1), doc->len);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, 1, DOC_TOKENS);
        return push_token_iter(L, -1);
    }
    lede *db = doc_store(L, 1);
    lede_script *s = script_of(L, db);
    lua_getiuservalue(L, 1, DOC_STORE);
    lcursor *c = new_cursor(L, -1, db);
    prepare(L, db, c, "SELECT data FROM tokens WHERE doc = ?1");
    sqlite3_bind_int64(c->st, 1, doc->rowid);
    int rc = sqlite3_step(c->st), got;
    s->toks.n = 0;
    if (rc == SQLITE_ROW) {
        got = lede_tokens_unpack(sqlite3_column_blob(c->st, 0), (size_t)sqlite3_column_bytes(c->st, 0), &s->toks);
    } else if (rc == SQLITE_DONE) {
        lua_getiuservalue(L, 1, DOC_FIELDS);
        lua_getfield(L, -1, "text");
        got = lede_tokens_fill(&s->toks, lua_tostring(L, -1), doc->len);
        lua_pop(L, 2);
    } else {
        return luaL_error(L, "reading tokens: %s", sqlite3_errmsg(db->db));
    }
    cursor_finish(c);
    if (got != LEDE_OK) return luaL_error(L, got == LEDE_ENOMEM ? "out of memory" : "stored tokens are damaged");
    push_tokens(L, s->toks.v, s->toks.n);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, 1, DOC_TOKENS);
    return push_token_iter(L, -1);
}

/* Reads (start, end[, kind]) rows of a per-document query into a Ranges. */
static int doc_ranges(lua_State *L, const char *sql, int with_kind)
{
    ldoc *doc = check_doc(L, 1);
    lede *db = doc_store(L, 1);
    lua_getiuservalue(L, 1, DOC_STORE);
    lcursor *c = new_cursor(L, -1, db);
    prepare(L, db, c, sql);
    sqlite3_bind_int64(c->st, 1, doc->rowid);
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(c->st)) == SQLITE_ROW) n++;
    if (rc != SQLITE_DONE) return luaL_error(L, "%s", sqlite3_errmsg(db->db));
    sqlite3_reset(c->st);
    lranges *r = push_ranges(L, n);
    if (with_kind) {
        lua_createtable(L, (int)n, 0);
        lua_setiuservalue(L, -2, 1);
    }
    size_t i = 0;
    while (i < n && sqlite3_step(c->st) == SQLITE_ROW) {
        int64_t s = sqlite3_column_int64(c->st, 0), e = sqlite3_column_int64(c->st, 1);
        /* Clamped so that doc:sub never sees a range past the text. */
        if (s < 0) s = 0;
        if (e > (int64_t)doc->len) e = (int64_t)doc->len;
        if (e < s) e = s;
        r->v[2 * i] = (int32_t)s;
        r->v[2 * i + 1] = (int32_t)e;
        if (with_kind) {
            lua_getiuservalue(L, -1, 1);
            lua_pushstring(L, (const char *)sqlite3_column_text(c->st, 2));
            lua_rawseti(L, -2, (lua_Integer)i + 1);
            lua_pop(L, 1);
        }
        i++;
    }
    r->n = i;
    cursor_finish(c);
    return push_ranges_iter(L);
}

/* The text of a document without a store, for ranges computed on demand. */
static const char *storeless_text(lua_State *L, ldoc *doc)
{
    if (doc->rowid) return NULL;
    lua_getiuservalue(L, 1, DOC_FIELDS);
    lua_getfield(L, -1, "text");
    return lua_tostring(L, -1);
}

static int doc_sentences(lua_State *L)
{
    ldoc *doc = check_doc(L, 1);
    const char *text = storeless_text(L, doc);
    if (text) {
        push_sentences_of(L, text, doc->len);
        return push_ranges_iter(L);
    }
    return doc_ranges(L, "SELECT start, end FROM sentences WHERE doc = ?1 ORDER BY start", 0);
}

static int doc_paragraphs(lua_State *L)
{
    ldoc *doc = check_doc(L, 1);
    const char *text = storeless_text(L, doc);
    if (text) {
        push_blocks_of(L, text, doc->len);
        return push_ranges_iter(L);
    }
    return doc_ranges(L, "SELECT start, end, kind FROM paragraphs WHERE doc = ?1 ORDER BY start, end", 1);
}

/* ------------------------------------------------------- store: reading */

/* Iterator closure over a Cursor holding a lede_cursor. */
static int docs_next(lua_State *L)
{
    lcursor *c = lua_touserdata(L, lua_upvalueindex(1));
    if (!cursor_usable(L, c)) return 0;
    lua_getiuservalue(L, lua_upvalueindex(1), 1);
    lede *db = check_store(L, -1);
    lede_doc d;
    int rc = lede_docs_next(c->docs, &d);
    if (rc == LEDE_DONE) {
        cursor_finish(c);
        return 0;
    }
    if (rc != LEDE_ROW) return raise_db(L, db, "db:docs");
    push_doc(L, -1, &d);
    return 1;
}

/* for doc in db:docs() do ... end */
static int store_docs(lua_State *L)
{
    lede *db = check_store(L, 1);
    lcursor *c = new_cursor(L, 1, db);
    if (lede_docs_open(db, NULL, &c->docs) != LEDE_OK) return raise_db(L, db, "db:docs");
    lua_pushcclosure(L, docs_next, 1);
    /* No to-be-closed value: Lua 5.4.4 (Debian 12) mishandles `break` out of
    ** a loop whose body made a closure when the loop has one. The cursor is
    ** finished when exhausted, by the collector, or at lede_close. */
    return 1;
}

/* db:doc(id) -> document, or nil, "no document 'id'" */
static int store_doc(lua_State *L)
{
    lede *db = check_store(L, 1);
    const char *id = luaL_checkstring(L, 2);
    lcursor *c = new_cursor(L, 1, db);
    if (lede_docs_open(db, id, &c->docs) != LEDE_OK) return raise_db(L, db, "db:doc");
    lede_doc d;
    int rc = lede_docs_next(c->docs, &d);
    if (rc == LEDE_DONE) {
        cursor_finish(c);
        lua_pushnil(L);
        lua_pushfstring(L, "no document '%s'", id);
        return 2;
    }
    if (rc != LEDE_ROW) return raise_db(L, db, "db:doc");
    push_doc(L, 1, &d);
    cursor_finish(c);
    return 1;
}

static int store_count(lua_State *L)
{
    lede *db = check_store(L, 1);
    int64_t n;
    if (lede_count_docs(db, &n) != LEDE_OK) return raise_db(L, db, "db:count");
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
}

/* ------------------------------------------------------------------- SQL */

/* What db:query may do: never transaction control (db:transaction does
** that, and span batching relies on it); in the sandbox, no ATTACH, no
** writes, no pragmas beyond reading the schema, no extension loading. */
typedef struct auth_ctx {
    int active;   /* checking a db:query statement */
    int sandbox;
    const char *why;
} auth_ctx;

static int query_authorizer(void *ud, int action, const char *a, const char *b, const char *c, const char *d)
{
    auth_ctx *ctx = ud;
    (void)c, (void)d;
    if (!ctx->active) return SQLITE_OK;
    switch (action) {
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
        ctx->why = "transaction control is not allowed here; use db:transaction(fn)";
        return SQLITE_DENY;
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
        if (!ctx->sandbox) return SQLITE_OK;
        ctx->why = "the sandbox does not allow ATTACH";
        return SQLITE_DENY;
    case SQLITE_PRAGMA: {
        static const char *const readable[] = {"table_info", "table_xinfo", "index_list", "index_info", "table_list", NULL};
        if (!ctx->sandbox) return SQLITE_OK;
        for (int i = 0; readable[i]; i++)
            if (a && sqlite3_stricmp(a, readable[i]) == 0) return SQLITE_OK;
        ctx->why = "the sandbox does not allow this PRAGMA";
        return SQLITE_DENY;
    }
    case SQLITE_FUNCTION:
        if (ctx->sandbox && b && sqlite3_stricmp(b, "load_extension") == 0) {
            ctx->why = "the sandbox does not allow load_extension";
            return SQLITE_DENY;
        }
        return SQLITE_OK;
    default:
        return SQLITE_OK;
    }
}

/* The authorizer context lives in the Lua registry-free script state; it
** is installed once per connection. */
static auth_ctx *query_auth(lua_State *L, lede *db)
{
    lede_script *s = script_of(L, db);
    if (!s->auth) {
        s->auth = calloc(1, sizeof(auth_ctx));
        if (!s->auth) luaL_error(L, "out of memory");
        sqlite3_set_authorizer(db->db, query_authorizer, s->auth);
    }
    auth_ctx *a = s->auth;
    a->sandbox = db->limits.sandbox;
    return a;
}

static void bind_value(lua_State *L, lede *db, sqlite3_stmt *st, int param, int idx, int argn)
{
    int rc;
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        rc = sqlite3_bind_null(st, param);
        break;
    case LUA_TBOOLEAN:
        rc = sqlite3_bind_int(st, param, lua_toboolean(L, idx));
        break;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) rc = sqlite3_bind_int64(st, param, lua_tointeger(L, idx));
        else rc = sqlite3_bind_double(st, param, lua_tonumber(L, idx));
        break;
    case LUA_TSTRING: {
        size_t n;
        const char *p = lua_tolstring(L, idx, &n);
        rc = sqlite3_bind_text64(st, param, p, n, SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
    }
    default:
        luaL_typeerror(L, argn, "nil, boolean, number or string");
        return;
    }
    if (rc != SQLITE_OK) luaL_error(L, "binding parameter %d: %s", param, sqlite3_errmsg(db->db));
}

/* Binds arguments first..top: positionally, or, when the only argument is
** a table, by name (:name, @name, $name) and by position from it. */
static void bind_args(lua_State *L, lede *db, sqlite3_stmt *st, int first, int top)
{
    int nparam = sqlite3_bind_parameter_count(st);
    if (top == first && lua_type(L, first) == LUA_TTABLE) {
        for (int i = 1; i <= nparam; i++) {
            const char *name = sqlite3_bind_parameter_name(st, i);
            if (name && name[0] != '?') lua_getfield(L, first, name + 1);
            else lua_geti(L, first, i);
            bind_value(L, db, st, i, -1, first);
            lua_pop(L, 1);
        }
        return;
    }
    int nargs = top - first + 1;
    if (nargs != nparam)
        luaL_error(L, "the statement has %d parameter%s, %d value%s given", nparam, nparam == 1 ? "" : "s",
                   nargs, nargs == 1 ? "" : "s");
    for (int i = 1; i <= nargs; i++) bind_value(L, db, st, i, first + i - 1, first + i - 1);
}

/* Prepares one statement of db:query/db:rows into c and binds arguments
** 3..last to it. */
static void prepare_query(lua_State *L, lede *db, lcursor *c, const char *fn, int last)
{
    size_t len;
    const char *sql = luaL_checklstring(L, 2, &len);
    if (lede_spans_flush(db) != LEDE_OK) raise_db(L, db, fn);
    auth_ctx *a = query_auth(L, db);
    const char *tail = NULL;
    a->active = 1;
    a->why = NULL;
    int rc = sqlite3_prepare_v2(db->db, sql, (int)len, &c->st, &tail);
    a->active = 0;
    if (rc != SQLITE_OK) luaL_error(L, "%s: %s", fn, a->why ? a->why : sqlite3_errmsg(db->db));
    if (!c->st) luaL_error(L, "%s: no SQL statement", fn);
    /* Only white space and comments may follow: one statement per call. */
    if (tail && *tail) {
        sqlite3_stmt *more = NULL;
        a->active = 1;
        rc = sqlite3_prepare_v2(db->db, tail, (int)(len - (size_t)(tail - sql)), &more, NULL);
        a->active = 0;
        sqlite3_finalize(more);
        if (rc != SQLITE_OK || more) luaL_error(L, "%s: one SQL statement per call", fn);
    }
    if (a->sandbox && !sqlite3_stmt_readonly(c->st))
        luaL_error(L, "%s: the sandbox allows only statements that read", fn);
    bind_args(L, db, c->st, 3, last);
}

static void push_row(lua_State *L, sqlite3_stmt *st)
{
    int n = sqlite3_column_count(st);
    lua_createtable(L, 0, n);
    for (int i = 0; i < n; i++) {
        switch (sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER:
            lua_pushinteger(L, sqlite3_column_int64(st, i));
            break;
        case SQLITE_FLOAT:
            lua_pushnumber(L, sqlite3_column_double(st, i));
            break;
        case SQLITE_NULL:
            continue;
        default: {
            const void *p = sqlite3_column_blob(st, i);
            lua_pushlstring(L, p ? p : "", (size_t)sqlite3_column_bytes(st, i));
        }
        }
        lua_setfield(L, -2, sqlite3_column_name(st, i));
    }
}

static void step_error(lua_State *L, lede *db, const char *fn)
{
    lede_script *s = db->script;
    if (s && s->instr_exceeded)
        luaL_error(L, "%s: instruction limit of %I exceeded", fn, (lua_Integer)db->limits.instructions);
    luaL_error(L, "%s: %s", fn, sqlite3_errmsg(db->db));
}

/* db:query(sql, ...) -> array of rows (tables keyed by column name) */
static int store_query(lua_State *L)
{
    lede *db = check_store(L, 1);
    luaL_checkstring(L, 2);
    int last = lua_gettop(L);
    lcursor *c = new_cursor(L, 1, db);
    prepare_query(L, db, c, "db:query", last);
    lua_newtable(L);
    lua_Integer n = 0;
    int rc;
    while ((rc = sqlite3_step(c->st)) == SQLITE_ROW) {
        push_row(L, c->st);
        lua_rawseti(L, -2, ++n);
    }
    if (rc != SQLITE_DONE) step_error(L, db, "db:query");
    cursor_finish(c);
    return 1;
}

static int rows_next(lua_State *L)
{
    lcursor *c = lua_touserdata(L, lua_upvalueindex(1));
    if (!cursor_usable(L, c)) return 0;
    int rc = sqlite3_step(c->st);
    if (rc == SQLITE_ROW) {
        push_row(L, c->st);
        return 1;
    }
    lua_getiuservalue(L, lua_upvalueindex(1), 1);
    lede *db = check_store(L, -1);
    if (rc != SQLITE_DONE) step_error(L, db, "db:rows");
    cursor_finish(c);
    return 0;
}

/* for row in db:rows(sql, ...) do ... end */
static int store_rows(lua_State *L)
{
    lede *db = check_store(L, 1);
    luaL_checkstring(L, 2);
    int last = lua_gettop(L);
    lcursor *c = new_cursor(L, 1, db);
    int cidx = lua_gettop(L);
    prepare_query(L, db, c, "db:rows", last);
    lua_pushvalue(L, cidx);
    lua_pushcclosure(L, rows_next, 1);
    return 1; /* no to-be-closed value: see store_docs */
}

/* --------------------------------------------------- runs and spans */

static int insert_run(lede *db, lede_script *s, const char *script, const char *version)
{
    int rc = lede_store_begin_run(db, script, version, &s->run);
    if (rc != LEDE_OK) return rc;
    s->run_depth = s->tx_depth;
    return LEDE_OK;
}

int lede_run_finish(lede *db)
{
    lede_script *s = db->script;
    if (!s || !s->run || !db->db) return LEDE_OK;
    int64_t run = s->run;
    s->run = 0;
    return lede_store_finish_run(db, run);
}

int lede_spans_flush(lede *db)
{
    lede_script *s = db->script;
    if (!s || s->nspans == 0 || !db->db) return LEDE_OK;
    int own = sqlite3_get_autocommit(db->db), rc = LEDE_OK;
    if (own && (rc = lede_store_step(db, db->stmt[LEDE_STMT_BEGIN], "writing spans")) != LEDE_OK) goto out;
    sqlite3_stmt *st = db->stmt[LEDE_STMT_INSERT_SPAN];
    for (size_t i = 0; i < s->nspans && rc == LEDE_OK; i++) {
        const lede_pending_span *p = &s->spans[i];
        sqlite3_bind_int64(st, 1, p->doc);
        sqlite3_bind_int(st, 2, p->start);
        sqlite3_bind_int(st, 3, p->end);
        sqlite3_bind_text(st, 4, s->strs.p + p->kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, s->strs.p + p->attrs, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 6, p->run);
        rc = lede_store_step(db, st, "writing spans");
    }
    if (own) {
        if (rc == LEDE_OK) rc = lede_store_step(db, db->stmt[LEDE_STMT_COMMIT], "writing spans");
        if (rc != LEDE_OK && !sqlite3_get_autocommit(db->db)) lede_store_step(db, db->stmt[LEDE_STMT_ROLLBACK], "rolling back");
    }
out:
    /* Written or not, they are dropped: a failure is reported once. */
    s->nspans = 0;
    lede_buf_reset(&s->strs);
    return rc;
}

/* Looks a document up by id: 1 with its rowid and length, 0 if absent. */
static int find_doc(lua_State *L, int store_idx, lede *db, const char *id, int64_t *rowid, size_t *len)
{
    lcursor *c = new_cursor(L, store_idx, db);
    if (lede_docs_open(db, id, &c->docs) != LEDE_OK) raise_db(L, db, "looking up a document");
    lede_doc d;
    int rc = lede_docs_next(c->docs, &d);
    if (rc != LEDE_ROW && rc != LEDE_DONE) raise_db(L, db, "looking up a document");
    if (rc == LEDE_ROW) {
        *rowid = d.rowid;
        *len = d.len;
    }
    cursor_finish(c);
    lua_pop(L, 1);
    return rc == LEDE_ROW;
}

/* The document an argument names (a Document of this store, or an id):
** its rowid and text length. Ids are looked up once in a row. */
static void span_doc(lua_State *L, int arg, int store_idx, lede *db, lede_script *s, int64_t *rowid, size_t *len)
{
    ldoc *doc = luaL_testudata(L, arg, DOC_MT);
    if (doc) {
        lua_getiuservalue(L, arg, DOC_STORE);
        int same = lua_rawequal(L, -1, store_idx);
        lua_pop(L, 1);
        luaL_argcheck(L, same, arg, "document of another store");
        *rowid = doc->rowid;
        *len = doc->len;
        return;
    }
    if (lua_type(L, arg) != LUA_TSTRING) luaL_typeerror(L, arg, "lede.Document or document id");
    const char *id = lua_tostring(L, arg);
    if (s->last_id.n && strcmp(s->last_id.p, id) == 0) {
        *rowid = s->last_rowid;
        *len = s->last_len;
        return;
    }
    if (!find_doc(L, store_idx, db, id, rowid, len))
        luaL_argerror(L, arg, lua_pushfstring(L, "no document '%s'", id));
    lede_buf_reset(&s->last_id);
    if (lede_buf_adds(&s->last_id, id) != LEDE_OK) luaL_error(L, "out of memory");
    s->last_rowid = *rowid;
    s->last_len = *len;
}

/* db:add_span(doc, s, e, kind [, attrs [, run]]) */
static int store_add_span(lua_State *L)
{
    lua_settop(L, 7); /* the encoded attributes go above the arguments */
    lede *db = check_store(L, 1);
    lede_script *s = script_of(L, db);
    int64_t rowid;
    size_t len;
    span_doc(L, 2, 1, db, s, &rowid, &len);
    int32_t start, end;
    check_range(L, 3, len, &start, &end);
    size_t kindlen;
    const char *kind = luaL_checklstring(L, 5, &kindlen);
    luaL_argcheck(L, kindlen > 0 && memchr(kind, 0, kindlen) == NULL, 5, "kind must be a non-empty name");
    const char *attrs = "{}";
    if (!lua_isnoneornil(L, 6)) {
        luaL_checktype(L, 6, LUA_TTABLE);
        push_json(L, "encode");
        lua_pushvalue(L, 6);
        lua_call(L, 1, 1);
        attrs = lua_tostring(L, -1);
        if (!attrs || attrs[0] != '{') luaL_argerror(L, 6, "attributes must encode as a JSON object");
    }
    /* An explicit run (from db:begin_run) lets one script write spans of
    ** several runs, e.g. one per extractor. */
    int64_t run = (int64_t)luaL_optinteger(L, 7, 0);
    luaL_argcheck(L, run >= 0, 7, "run ids are positive");
    if (!run && !s->run) { /* named after the script: the host's, else a stock lua's arg[0] */
        const char *name = "lua";
        if (s->run_name.n) name = s->run_name.p;
        else if (lua_getglobal(L, "arg") == LUA_TTABLE && lua_rawgeti(L, -1, 0) == LUA_TSTRING) name = lua_tostring(L, -1);
        if (insert_run(db, s, name, "") != LEDE_OK) return raise_db(L, db, "db:add_span");
    }
    if (s->nspans == s->capspans) {
        size_t cap = s->capspans ? 2 * s->capspans : 64;
        lede_pending_span *p = realloc(s->spans, cap * sizeof *p);
        if (!p) return luaL_error(L, "out of memory");
        s->spans = p;
        s->capspans = cap;
    }
    lede_pending_span *p = &s->spans[s->nspans];
    p->doc = rowid;
    p->run = run ? run : s->run;
    p->start = start;
    p->end = end;
    p->kind = s->strs.n;
    if (lede_buf_add(&s->strs, kind, kindlen + 1) != LEDE_OK) return luaL_error(L, "out of memory");
    p->attrs = s->strs.n;
    if (lede_buf_add(&s->strs, attrs, strlen(attrs) + 1) != LEDE_OK) return luaL_error(L, "out of memory");
    s->nspans++;
    if (s->nspans >= LEDE_SPAN_BATCH && lede_spans_flush(db) != LEDE_OK) return raise_db(L, db, "db:add_span");
    return 0;
}

/* Pushes the span at the cursor's current row as a table: id, doc, s, e,
** kind, text, run, attrs. The id and text of the current document are
** kept in the cursor's uservalues 2 and 3, read once per document. */
static void push_span(lua_State *L, lcursor *c, int cidx)
{
    sqlite3_stmt *st = c->st;
    int64_t doc = sqlite3_column_int64(st, 1);
    if (doc != c->cur_doc) {
        sqlite3_bind_int64(c->text_st, 1, doc);
        if (sqlite3_step(c->text_st) != SQLITE_ROW) {
            sqlite3_reset(c->text_st);
            luaL_error(L, "db:spans: span %I names a missing document", (lua_Integer)sqlite3_column_int64(st, 0));
        }
        lua_pushstring(L, (const char *)sqlite3_column_text(c->text_st, 0));
        const void *text = sqlite3_column_blob(c->text_st, 1);
        lua_pushlstring(L, text ? text : "", (size_t)sqlite3_column_bytes(c->text_st, 1));
        sqlite3_reset(c->text_st);
        lua_setiuservalue(L, cidx, 3);
        lua_setiuservalue(L, cidx, 2);
        c->cur_doc = doc;
    }
    lua_getiuservalue(L, cidx, 3);
    size_t len;
    const char *text = lua_tolstring(L, -1, &len);
    int64_t s = sqlite3_column_int64(st, 2), e = sqlite3_column_int64(st, 3);
    lua_createtable(L, 0, 8);
    lua_pushinteger(L, sqlite3_column_int64(st, 0));
    lua_setfield(L, -2, "id");
    lua_getiuservalue(L, cidx, 2);
    lua_setfield(L, -2, "doc");
    push_range(L, s, e);
    lua_setfield(L, -3, "e");
    lua_setfield(L, -2, "s");
    lua_pushstring(L, (const char *)sqlite3_column_text(st, 4));
    lua_setfield(L, -2, "kind");
    if (s >= 0 && s <= e && (size_t)e <= len) {
        lua_pushlstring(L, text + s, (size_t)(e - s));
        lua_setfield(L, -2, "text");
    }
    if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
        lua_pushinteger(L, sqlite3_column_int64(st, 6));
        lua_setfield(L, -2, "run");
    }
    lua_pushstring(L, (const char *)sqlite3_column_text(st, 5));
    decode_json_top(L);
    lua_setfield(L, -2, "attrs");
    lua_remove(L, -2); /* the text */
}

static int spans_next(lua_State *L)
{
    lcursor *c = lua_touserdata(L, lua_upvalueindex(1));
    if (!cursor_usable(L, c)) return 0;
    lua_getiuservalue(L, lua_upvalueindex(1), 1);
    lede *db = check_store(L, -1);
    lua_pop(L, 1);
    int rc = sqlite3_step(c->st);
    if (rc == SQLITE_ROW) {
        push_span(L, c, lua_upvalueindex(1));
        return 1;
    }
    if (rc != SQLITE_DONE) step_error(L, db, "db:spans");
    cursor_finish(c);
    return 0;
}

/* for span in db:spans{doc=, kind=, run=} do ... end, in document order;
** nil, "no document 'x'" for an unknown id. */
static int store_spans(lua_State *L)
{
    lede *db = check_store(L, 1);
    if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
    else lua_newtable(L);
    lua_settop(L, 2);
    if (lede_spans_flush(db) != LEDE_OK) return raise_db(L, db, "db:spans");
    int64_t rowid = 0;
    int t;
    /* Fixed fragments only; every value is a bound parameter. */
    char sql[200] = "SELECT id, doc, start, end, kind, attrs, run FROM spans WHERE 1";
    if ((t = lua_getfield(L, 2, "doc")) == LUA_TSTRING) {
        size_t len;
        if (!find_doc(L, 1, db, lua_tostring(L, -1), &rowid, &len)) {
            lua_pushnil(L);
            lua_pushfstring(L, "no document '%s'", lua_tostring(L, -2));
            return 2;
        }
    } else if (t != LUA_TNIL) {
        ldoc *doc = luaL_testudata(L, -1, DOC_MT);
        if (!doc) return luaL_argerror(L, 2, "field 'doc' must be a lede.Document or an id");
        lua_getiuservalue(L, -1, DOC_STORE);
        if (!lua_rawequal(L, -1, 1)) return luaL_argerror(L, 2, "field 'doc' is a document of another store");
        lua_pop(L, 1);
        rowid = doc->rowid;
    }
    if (t != LUA_TNIL) strcat(sql, " AND doc = ?1");
    if ((t = lua_getfield(L, 2, "kind")) != LUA_TNIL) {
        if (t != LUA_TSTRING) return luaL_argerror(L, 2, "field 'kind' must be a string");
        strcat(sql, " AND kind = ?2");
    }
    if ((t = lua_getfield(L, 2, "run")) != LUA_TNIL) {
        if (!lua_isinteger(L, -1)) return luaL_argerror(L, 2, "field 'run' must be an integer");
        strcat(sql, " AND run = ?3");
    }
    strcat(sql, " ORDER BY doc, start, end, id");
    lcursor *c = new_cursor(L, 1, db);
    prepare(L, db, c, sql);
    if (sqlite3_prepare_v2(db->db, "SELECT id, text FROM documents WHERE rowid = ?1", -1, &c->text_st, NULL) != SQLITE_OK)
        return luaL_error(L, "db:spans: %s", sqlite3_errmsg(db->db));
    /* Stack: 3 doc, 4 kind, 5 run, 6 cursor. */
    if (!lua_isnil(L, 3)) sqlite3_bind_int64(c->st, 1, rowid);
    if (!lua_isnil(L, 4)) sqlite3_bind_text(c->st, 2, lua_tostring(L, 4), -1, SQLITE_TRANSIENT);
    if (!lua_isnil(L, 5)) sqlite3_bind_int64(c->st, 3, lua_tointeger(L, 5));
    c->cur_doc = -1;
    lua_pushvalue(L, 6);
    lua_pushcclosure(L, spans_next, 1);
    return 1; /* no to-be-closed value: see store_docs */
}

/* db:begin_run(script [, version]) -> run id; later spans belong to it. */
static int store_begin_run(lua_State *L)
{
    lede *db = check_store(L, 1);
    const char *script = luaL_checkstring(L, 2);
    const char *version = luaL_optstring(L, 3, "");
    script_of(L, db);
    if (lede_spans_flush(db) != LEDE_OK || lede_run_finish(db) != LEDE_OK ||
        insert_run(db, db->script, script, version) != LEDE_OK)
        return raise_db(L, db, "db:begin_run");
    lua_pushinteger(L, (lua_Integer)((lede_script *)db->script)->run);
    return 1;
}

static int store_flush(lua_State *L)
{
    lede *db = check_store(L, 1);
    if (lede_spans_flush(db) != LEDE_OK) return fail_db(L, db);
    lua_pushboolean(L, 1);
    return 1;
}

static int exec_sql(lede *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db->db, sql, NULL, NULL, &msg) == SQLITE_OK) return LEDE_OK;
    lede_seterr(db, LEDE_ESTORE, "%s", msg ? msg : sqlite3_errmsg(db->db));
    sqlite3_free(msg);
    return LEDE_ESTORE;
}

/* db:transaction(fn, ...): commits when fn returns (its results are
** returned), rolls back and re-raises when it fails. Spans added inside
** are part of the transaction. */
static int store_transaction(lua_State *L)
{
    lstore *sud = check_store_ud(L, 1);
    lede *db = check_store(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lede_script *s = script_of(L, db);
    if (lede_spans_flush(db) != LEDE_OK) return raise_db(L, db, "db:transaction");
    if (exec_sql(db, "SAVEPOINT lede_tx") != LEDE_OK) return raise_db(L, db, "db:transaction");
    int depth = ++s->tx_depth;
    int nargs = lua_gettop(L) - 2;
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 1);
    for (int i = 3; i < 3 + nargs; i++) lua_pushvalue(L, i);
    int base = lua_gettop(L) - nargs - 2;
    int status = lua_pcall(L, nargs + 1, LUA_MULTRET, 0);
    if (!sud->db) { /* closed inside fn: nothing left to commit or undo */
        if (status != LUA_OK) return lua_error(L);
        return lua_gettop(L) - base;
    }
    s->tx_depth = depth - 1;
    if (status == LUA_OK) {
        if (lede_spans_flush(db) == LEDE_OK && exec_sql(db, "RELEASE lede_tx") == LEDE_OK)
            return lua_gettop(L) - base;
        lua_pushfstring(L, "db:transaction: %s", lede_errmsg(db));
    } else {
        s->nspans = 0;
        lede_buf_reset(&s->strs);
    }
    exec_sql(db, "ROLLBACK TO lede_tx; RELEASE lede_tx");
    if (s->run && s->run_depth >= depth) s->run = 0; /* its row was undone */
    return lua_error(L);
}

/* db:_doc_failed(id, msg): each_doc's report of one failed document. */
static int store_doc_failed(lua_State *L)
{
    lede *db = check_store(L, 1);
    const char *id = luaL_checkstring(L, 2);
    const char *msg = luaL_tolstring(L, 3, NULL);
    lede_script *s = script_of(L, db);
    s->doc_failures++;
    fprintf(stderr, "lede: doc '%s': %s\n", id, msg);
    fflush(stderr);
    return 0;
}

/* ----------------------------------------------------- store: writing */

static void check_not_sandboxed(lua_State *L, lede *db, const char *fn)
{
    if (db->limits.sandbox) luaL_error(L, "%s: not allowed in the sandbox", fn);
}

/* db:ingest(path) -> {docs_added=, docs_duplicate=, rejected=, bytes=}, or
** nil, msg (with the counts as a third value) when something was rejected. */
static int store_ingest(lua_State *L)
{
    lede *db = check_store(L, 1);
    const char *path = luaL_checkstring(L, 2);
    check_not_sandboxed(L, db, "db:ingest");
    if (lede_spans_flush(db) != LEDE_OK) return raise_db(L, db, "db:ingest");
    lede_ingest_stats st = {0, 0, 0, 0};
    int rc = lede_ingest_path(db, path, &st);
    lua_createtable(L, 0, 4);
    lua_pushinteger(L, st.docs_added);
    lua_setfield(L, -2, "docs_added");
    lua_pushinteger(L, st.docs_duplicate);
    lua_setfield(L, -2, "docs_duplicate");
    lua_pushinteger(L, st.rejected);
    lua_setfield(L, -2, "rejected");
    lua_pushinteger(L, (lua_Integer)st.bytes);
    lua_setfield(L, -2, "bytes");
    if (rc == LEDE_OK) return 1;
    lua_pushnil(L);
    lua_pushstring(L, lede_errmsg(db));
    lua_rotate(L, -3, 2);
    return 3;
}

static const char *opt_field(lua_State *L, int t, const char *key)
{
    int type = lua_getfield(L, t, key);
    if (type != LUA_TNIL && type != LUA_TSTRING)
        luaL_error(L, "db:add_document: field '%s' must be a string", key);
    const char *v = lua_tostring(L, -1);
    lua_pop(L, 1); /* still referenced by the table */
    return v;
}

/* db:add_document(text [, {id=, title=, date=, source=, url=, meta=}]) -> id,
** or nil, msg for text lede refuses (not UTF-8, NUL bytes). */
static int store_add_document(lua_State *L)
{
    lede *db = check_store(L, 1);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    check_not_sandboxed(L, db, "db:add_document");
    lede_doc_meta meta = {NULL, NULL, NULL, NULL, NULL, NULL};
    if (!lua_isnoneornil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        meta.id = opt_field(L, 3, "id");
        meta.title = opt_field(L, 3, "title");
        meta.date = opt_field(L, 3, "date");
        meta.source = opt_field(L, 3, "source");
        meta.url = opt_field(L, 3, "url");
        if (lua_getfield(L, 3, "meta") == LUA_TTABLE) {
            push_json(L, "encode");
            lua_insert(L, -2);
            lua_call(L, 1, 1);
            meta.meta_json = lua_tostring(L, -1); /* kept on the stack */
        } else if (!lua_isnil(L, -1)) {
            return luaL_error(L, "db:add_document: field 'meta' must be a table");
        }
    }
    if (lede_spans_flush(db) != LEDE_OK) return raise_db(L, db, "db:add_document");
    char *id = NULL;
    int rc = lede_ingest_buffer(db, text, len, &meta, &id);
    if (rc != LEDE_OK) {
        free(id);
        if (rc == LEDE_EINPUT) return fail_db(L, db);
        return raise_db(L, db, "db:add_document");
    }
    lua_pushstring(L, id ? id : "");
    free(id);
    return 1;
}

/* ------------------------------------------------------ open and close */

static int store_close(lua_State *L)
{
    lstore *st = check_store_ud(L, 1);
    if (!st->db) return 0;
    if (!st->owned) { /* the host's handle stays open; its spans are written */
        if (lede_spans_flush(st->db) != LEDE_OK) return fail_db(L, st->db);
        lua_pushboolean(L, 1);
        return 1;
    }
    lede *db = st->db;
    st->db = NULL;
    lede_close(db);
    lua_pushboolean(L, 1);
    return 1;
}

static int store_gc(lua_State *L)
{
    lstore *st = check_store_ud(L, 1);
    if (st->db && st->owned) lede_close(st->db);
    st->db = NULL;
    return 0;
}

static int store_tostring(lua_State *L)
{
    lstore *st = check_store_ud(L, 1);
    lua_pushfstring(L, "lede.Store (%s)", st->db ? "open" : "closed");
    return 1;
}

/* lede.open([path]) -> store, or nil, msg. Without a path: inside the
** `lede` binary the store it has open, else $LEDE_DB or ./lede.db. */
static int l_open(lua_State *L)
{
    const char *path = luaL_optstring(L, 1, NULL);
    lede *host = NULL;
    if (lua_getfield(L, LUA_REGISTRYINDEX, LEDE_HOST_KEY) == LUA_TLIGHTUSERDATA) host = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (host && !path) {
        if (lua_getfield(L, LUA_REGISTRYINDEX, HOST_STORE_KEY) == LUA_TUSERDATA) return 1;
        lua_pop(L, 1);
        lstore *st = lua_newuserdatauv(L, sizeof *st, 0);
        st->db = host;
        st->owned = 0;
        luaL_setmetatable(L, STORE_MT);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, HOST_STORE_KEY);
        return 1;
    }
    if (host && host->limits.sandbox) return luaL_error(L, "lede.open: the sandbox allows only the host's store");
    if (!path) {
        path = getenv("LEDE_DB");
        if (!path || !*path) path = "lede.db";
    }
    lstore *st = lua_newuserdatauv(L, sizeof *st, 0);
    st->db = NULL;
    st->owned = 1;
    luaL_setmetatable(L, STORE_MT);
    lede *db = NULL;
    if (lede_open(path, &db) != LEDE_OK) {
        lua_pushnil(L);
        lua_pushstring(L, lede_errmsg(db));
        lede_close(db);
        return 2;
    }
    st->db = db;
    return 1;
}

/* -------------------------------------------------------------- module */

static const luaL_Reg store_methods[] = {
    {"docs", store_docs},
    {"doc", store_doc},
    {"count", store_count},
    {"query", store_query},
    {"rows", store_rows},
    {"transaction", store_transaction},
    {"add_span", store_add_span},
    {"spans", store_spans},
    {"begin_run", store_begin_run},
    {"flush", store_flush},
    {"ingest", store_ingest},
    {"add_document", store_add_document},
    {"close", store_close},
    {"_doc_failed", store_doc_failed},
    {NULL, NULL},
};

static const luaL_Reg doc_methods[] = {
    {"sub", doc_sub},
    {"tokens", doc_tokens},
    {"sentences", doc_sentences},
    {"paragraphs", doc_paragraphs},
    {NULL, NULL},
};

/*
** lede.document(text [, {id=, title=, date=, source=, url=, meta=}]) -> a
** document without a store, with the same methods: tokens, sentences and
** layout are computed from the text when asked for. `lede map` and
** extraction workers use it; meta is a table or a JSON object text.
*/
static int l_document(lua_State *L)
{
    static const char *const fields[] = {"id", "title", "date", "source", "url", NULL};
    size_t len;
    luaL_checklstring(L, 1, &len);
    int has = !lua_isnoneornil(L, 2);
    if (has) luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    ldoc *doc = lua_newuserdatauv(L, sizeof *doc, 4); /* 3 */
    doc->rowid = 0; /* no store: rowids start at 1 */
    doc->len = len;
    luaL_setmetatable(L, DOC_MT);
    lua_createtable(L, 0, 8); /* 4: the fields */
    for (int i = 0; has && fields[i]; i++) {
        int t = lua_getfield(L, 2, fields[i]);
        if (t == LUA_TNIL) {
            lua_pop(L, 1);
            continue;
        }
        if (t != LUA_TSTRING && t != LUA_TNUMBER)
            return luaL_error(L, "bad field '%s' to 'document' (string expected, got %s)", fields[i], luaL_typename(L, -1));
        lua_tostring(L, -1);
        lua_setfield(L, 4, fields[i]);
    }
    lua_pushvalue(L, 1);
    lua_setfield(L, 4, "text");
    int mt = has ? lua_getfield(L, 2, "meta") : LUA_TNIL;
    if (mt == LUA_TTABLE) {
        lua_setfield(L, 4, "meta");
    } else if (mt == LUA_TSTRING) {
        lua_setiuservalue(L, 3, DOC_META);
    } else {
        if (has) lua_pop(L, 1);
        lua_pushliteral(L, "{}");
        lua_setiuservalue(L, 3, DOC_META);
    }
    lua_setiuservalue(L, 3, DOC_FIELDS);
    return 1;
}

/* lede.fold(str): the matching form the tokenizer and search use (case
** folded; curly quotes, apostrophes and dashes made plain). */
static int l_fold(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    lede_buf b = LEDE_BUF_INIT;
    if (lede_fold(s, len, &b) != LEDE_OK) {
        lede_buf_free(&b);
        return luaL_error(L, "out of memory");
    }
    lua_pushlstring(L, b.p ? b.p : "", b.n);
    lede_buf_free(&b);
    return 1;
}

static const luaL_Reg module_funcs[] = {
    {"document", l_document},
    {"fold", l_fold},
    {"open", l_open},
    {"tokenize", l_tokenize},
    {"sentences", l_sentences},
    {NULL, NULL},
};

/* A metatable whose __metatable hides it from getmetatable, so scripts
** cannot call __gc by hand or swap methods under the binding. */
static void new_metatable(lua_State *L, const char *name)
{
    luaL_newmetatable(L, name);
    lua_pushstring(L, name);
    lua_setfield(L, -2, "__metatable");
}

int luaopen_lede_core(lua_State *L)
{
    new_metatable(L, STORE_MT);
    luaL_newlib(L, store_methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, store_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, store_close);
    lua_setfield(L, -2, "__close");
    lua_pushcfunction(L, store_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);

    new_metatable(L, DOC_MT);
    luaL_newlib(L, doc_methods);
    lua_pushcclosure(L, doc_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, doc_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, doc_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);

    new_metatable(L, CURSOR_MT);
    lua_pushcfunction(L, cursor_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, cursor_gc);
    lua_setfield(L, -2, "__close");
    lua_pop(L, 1);

    new_metatable(L, TOKENS_MT);
    lua_pop(L, 1);
    new_metatable(L, RANGES_MT);
    lua_pop(L, 1);

    /* The other C modules of the library are found wherever this one is. */
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    if (lua_getfield(L, -1, "lede.gazetteer") == LUA_TNIL) {
        lua_pushcfunction(L, luaopen_lede_gazetteer);
        lua_setfield(L, -3, "lede.gazetteer");
    }
    lua_pushcfunction(L, luaopen_lede_pool), lua_setfield(L, -3, "lede.pool");
    lua_pushcfunction(L, luaopen_lede_words), lua_setfield(L, -3, "lede.words");
    lua_pushcfunction(L, luaopen_lede_names), lua_setfield(L, -3, "lede.names");
    lua_pop(L, 2);

    luaL_newlib(L, module_funcs);
    lua_pushstring(L, lede_version());
    lua_setfield(L, -2, "version");
    return 1;
}
