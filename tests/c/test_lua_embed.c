/*
** test_lua_embed.c -- liblede embedded in a C program: a store in memory, a
** document ingested from a buffer, a host function registered in
** lede_lua(db) and called from Lua, the offset round trip between C and
** Lua, errors with chunk:line, arg for files, spans written at close, and
** two handles with their own Lua states in one process.
**
** The lede Lua library is found through $LEDE_PATH, set here from
** $LEDE_ROOT (make test) or the current directory (the repo root).
*/
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lede.h"
#include "tap.h"

static const char article[] =
    "Harbor council approves new ferry schedule\n"
    "\n"
    "By Mira Castell\n"
    "\n"
    "The harbor council voted 7-2 on Monday to add a late ferry, officials said.\n"
    "\n"
    "\xe2\x80\x9cIt\xe2\x80\x99s overdue,\xe2\x80\x9d said Dana Ruiz, who chairs the transit board. "
    "The change costs about $1.2 million a year.\n";

/* What the host functions saw. */
typedef struct seen {
    int calls;
    char id[64];
    long long tokens;
    int ranges, ranges_ok;  /* host_range calls, those matching the C tokenizer */
    int subs_ok;            /* doc:sub(s, e) equal to the token's bytes */
} seen;

typedef struct ctok {
    int start[256], end[256];
    int n;
} ctok;

static int collect(void *ctx, int cls, const char *tok, int ntok, int start, int end)
{
    ctok *c = ctx;
    (void)cls, (void)tok, (void)ntok;
    if (c->n < 256) {
        c->start[c->n] = start;
        c->end[c->n] = end;
        c->n++;
    }
    return 0;
}

static seen *seen_of(lua_State *L)
{
    return lua_touserdata(L, lua_upvalueindex(1));
}

/* host_report(id, ntokens) */
static int host_report(lua_State *L)
{
    seen *s = seen_of(L);
    snprintf(s->id, sizeof s->id, "%s", luaL_checkstring(L, 1));
    s->tokens = luaL_checkinteger(L, 2);
    s->calls++;
    lua_pushinteger(L, s->calls);
    return 1;
}

/* host_range(i, start, end): stored 0-based offsets of the i-th token */
static int host_range(lua_State *L)
{
    seen *s = seen_of(L);
    ctok *c = lua_touserdata(L, lua_upvalueindex(2));
    lua_Integer i = luaL_checkinteger(L, 1);
    lua_Integer start = luaL_checkinteger(L, 2), end = luaL_checkinteger(L, 3);
    s->ranges++;
    if (i >= 1 && i <= c->n && c->start[i - 1] == start && c->end[i - 1] == end) s->ranges_ok++;
    return 0;
}

/* host_sub(i, text): doc:sub of the i-th token */
static int host_sub(lua_State *L)
{
    seen *s = seen_of(L);
    ctok *c = lua_touserdata(L, lua_upvalueindex(2));
    lua_Integer i = luaL_checkinteger(L, 1);
    size_t n;
    const char *text = luaL_checklstring(L, 2, &n);
    if (i >= 1 && i <= c->n && n == (size_t)(c->end[i - 1] - c->start[i - 1]) &&
        memcmp(text, article + c->start[i - 1], n) == 0)
        s->subs_ok++;
    return 0;
}

static void set_lede_path(void)
{
    const char *root = getenv("LEDE_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/lua", root && *root ? root : ".");
    setenv("LEDE_PATH", path, 1);
}

static void register_host(lua_State *L, const char *name, lua_CFunction fn, seen *s, ctok *c)
{
    lua_pushlightuserdata(L, s);
    lua_pushlightuserdata(L, c);
    lua_pushcclosure(L, fn, 2);
    lua_setglobal(L, name);
}

static int64_t count_spans(lede *db, const char *kind)
{
    lua_State *L = lede_lua(db);
    char chunk[160];
    snprintf(chunk, sizeof chunk, "n_spans = #lede.open():query('select id from spans where kind = ?', '%s')", kind);
    if (lede_run_string(db, chunk, "count") != LEDE_OK) return -1;
    lua_getglobal(L, "n_spans");
    int64_t n = lua_tointeger(L, -1);
    lua_pop(L, 1);
    return n;
}

int main(void)
{
    tap t = {0, 0};
    set_lede_path();

    lede *db = NULL;
    TAP_IS_INT(&t, lede_open(":memory:", &db), LEDE_OK, "open a :memory: store");
    lede_doc_meta meta = {"ferry", "Harbor council approves new ferry schedule", "2024-03-04", NULL, NULL,
                          "{\"desk\":\"metro\",\"pages\":[1,2]}"};
    char *id = NULL;
    TAP_IS_INT(&t, lede_ingest_buffer(db, article, sizeof article - 1, &meta, &id), LEDE_OK, "ingest a buffer");
    TAP_IS_STR(&t, id, "ferry", "the stored id");
    free(id);

    lua_State *L = lede_lua(db);
    TAP_OK(&t, L != NULL, "lede_lua gives the state");
    if (!L) {
        printf("# %s\n", lede_errmsg(db));
        lede_close(db);
        return tap_done(&t);
    }
    TAP_OK(&t, lede_lua(db) == L, "the same state on a second call");

    seen s;
    memset(&s, 0, sizeof s);
    ctok c;
    memset(&c, 0, sizeof c);
    lede_tokenize(article, sizeof article - 1, 0, &c, collect);
    register_host(L, "host_report", host_report, &s, &c);
    register_host(L, "host_range", host_range, &s, &c);
    register_host(L, "host_sub", host_sub, &s, &c);

    int rc = lede_run_string(db,
                             "local db = lede.open()\n"
                             "for doc in db:docs() do\n"
                             "  local n = 0\n"
                             "  for i, s, e, class in doc:tokens() do\n"
                             "    n = i\n"
                             "    host_sub(i, doc:sub(s, e))\n"
                             "    db:add_span(doc, s, e, 'roundtrip', {i = i, class = class})\n"
                             "  end\n"
                             "  assert(host_report(doc.id, n) == 1)\n"
                             "  assert(doc.meta.desk == 'metro' and doc.meta.pages[2] == 2, 'meta decoded')\n"
                             "  assert(doc.date == '2024-03-04')\n"
                             "end\n"
                             "for r in db:rows('select start, end, attrs from spans where kind = ? order by start', 'roundtrip') do\n"
                             "  host_range(lede.json.decode(r.attrs).i, r.start, r['end'])\n"
                             "end\n",
                             "embed");
    TAP_IS_INT(&t, rc, LEDE_OK, "a chunk calling host functions runs");
    if (rc != LEDE_OK) printf("# %s\n", lede_errmsg(db));
    TAP_IS_INT(&t, s.calls, 1, "the host function was called once per document");
    TAP_IS_STR(&t, s.id, "ferry", "with the document id");
    TAP_IS_INT(&t, s.tokens, c.n, "doc:tokens() gives as many tokens as lede_tokenize");
    TAP_IS_INT(&t, s.subs_ok, c.n, "doc:sub(s, e) of every token is the token's bytes");
    TAP_IS_INT(&t, s.ranges, c.n, "every span came back from the store");
    TAP_IS_INT(&t, s.ranges_ok, c.n, "C offsets -> Lua -> add_span -> stored offsets are the same");

    rc = lede_run_string(db, "local x = 1\nlocal y = nil\nreturn x + y.z\n", "broken");
    TAP_IS_INT(&t, rc, LEDE_ESCRIPT, "a runtime error is LEDE_ESCRIPT");
    TAP_OK(&t, strstr(lede_errmsg(db), "broken:3: attempt to index a nil value") != NULL,
           "the message names chunk and line");
    TAP_OK(&t, strstr(lede_errmsg(db), "stack traceback:") != NULL, "and carries a traceback");
    rc = lede_run_string(db, "x = = 1", "syntax");
    TAP_IS_INT(&t, rc, LEDE_ESCRIPT, "a syntax error is LEDE_ESCRIPT");
    TAP_OK(&t, strncmp(lede_errmsg(db), "syntax:1:", 9) == 0, "with chunk:line first: %s", lede_errmsg(db));
    rc = lede_run_string(db, "\x1bLua\x54\x00", "bytecode");
    TAP_IS_INT(&t, rc, LEDE_ESCRIPT, "lede_run_string refuses bytecode");
    TAP_IS_INT(&t, lede_run_string(db, "assert(lede.open():count() == 1)", "after"), LEDE_OK,
               "the state works after errors");

    /* lede_run_file: arg and ... as the lua interpreter sets them */
    char script[] = "/tmp/lede-embed-XXXXXX";
    int fd = mkstemp(script);
    const char body[] = "assert(arg[0] == SCRIPT, 'arg[0]')\n"
                        "assert(arg[1] == 'one' and arg[2] == 'two' and arg[3] == nil, 'arg[1..2]')\n"
                        "local a, b = ...\nassert(a == 'one' and b == 'two', '...')\n"
                        "error('from the file')\n";
    TAP_OK(&t, fd >= 0 && write(fd, body, sizeof body - 1) == (ssize_t)(sizeof body - 1), "write a script file");
    if (fd >= 0) close(fd);
    lua_pushstring(L, script);
    lua_setglobal(L, "SCRIPT");
    char *args[] = {"one", "two"};
    rc = lede_run_file(db, script, 2, args);
    TAP_IS_INT(&t, rc, LEDE_ESCRIPT, "lede_run_file reports the script's error");
    char want[128];
    snprintf(want, sizeof want, "%s:5: from the file", script);
    TAP_OK(&t, strstr(lede_errmsg(db), want) != NULL, "after arg checks passed: %s", want);
    unlink(script);
    TAP_IS_INT(&t, lede_run_file(db, "/nonexistent/x.lua", 0, NULL), LEDE_EINPUT, "a missing script is LEDE_EINPUT");

    /* Two handles, two states: nothing shared. */
    lede *db2 = NULL;
    TAP_IS_INT(&t, lede_open(":memory:", &db2), LEDE_OK, "a second store");
    lua_State *L2 = lede_lua(db2);
    TAP_OK(&t, L2 && L2 != L, "has its own state");
    TAP_IS_INT(&t, lede_run_string(db2, "assert(lede.open():count() == 0); marker = 2", "two"), LEDE_OK,
               "sees its own (empty) store");
    lua_getglobal(L, "marker");
    TAP_OK(&t, lua_isnil(L, -1), "and its globals are its own");
    lua_pop(L, 1);
    lede_close(db2);
    lede_close(db);

    /* Spans still pending when the handle closes are written by lede_close. */
    char dir[] = "/tmp/lede-embed-dir-XXXXXX";
    if (mkdtemp(dir)) {
        char path[128];
        snprintf(path, sizeof path, "%s/s.db", dir);
        TAP_IS_INT(&t, lede_open(path, &db), LEDE_OK, "open a file store");
        lede_ingest_buffer(db, article, sizeof article - 1, &meta, NULL);
        L = lede_lua(db);
        /* Straight through the Lua API: no lede_run_* to flush at its end. */
        int ok = L && luaL_dostring(L, "local db = lede.open()\n"
                                       "local d = db:doc('ferry')\n"
                                       "for i = 1, 5 do db:add_span(d, i, i + 1, 'pending') end") == LUA_OK;
        TAP_OK(&t, ok, "add spans without flushing");
        lede_close(db);
        TAP_IS_INT(&t, lede_open(path, &db), LEDE_OK, "reopen it");
        TAP_IS_INT(&t, count_spans(db, "pending"), 5, "the pending spans were written at close");
        lede_close(db);
        snprintf(path, sizeof path, "rm -rf '%s'", dir);
        if (system(path) != 0) printf("# could not remove %s\n", dir);
    }
    return tap_done(&t);
}
