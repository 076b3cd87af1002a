/*
** test_limits.c -- the limits for untrusted scripts, each attacked the way
** a hostile or buggy script would: a huge table against the memory cap,
** infinite loops inside pcall (and coroutines) against the instruction
** budget, the usual escapes against the sandbox, a greedy query against
** SQLite's heap limit. After each, the store must still read.
*/
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lede.h"
#include "tap.h"

static const char article[] =
    "Dock workers end strike after pay deal\n"
    "\n"
    "Port operators agreed to a 4% raise on Friday, the union said.\n";

static void set_lede_path(void)
{
    const char *root = getenv("LEDE_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/lua", root && *root ? root : ".");
    setenv("LEDE_PATH", path, 1);
}

static lede *open_store(tap *t, const lede_limits *lim)
{
    lede *db = NULL;
    if (lede_open(":memory:", &db) != LEDE_OK || lede_ingest_buffer(db, article, sizeof article - 1, NULL, NULL) != LEDE_OK) {
        TAP_OK(t, 0, "open a store: %s", lede_errmsg(db));
        return db;
    }
    if (lim && lede_set_limits(db, lim) != LEDE_OK) TAP_OK(t, 0, "set limits: %s", lede_errmsg(db));
    return db;
}

/* Runs chunk and expects a failure whose message contains `want`. */
static void refuses(tap *t, lede *db, const char *chunk, const char *want, const char *name)
{
    int rc = lede_run_string(db, chunk, name);
    const char *msg = lede_errmsg(db);
    int ok = rc == LEDE_ESCRIPT && strstr(msg, want) != NULL;
    TAP_OK(t, ok, "%s: refused with '%s'", name, want);
    if (!ok) printf("#   rc %d: %.300s\n", rc, rc == LEDE_OK ? "(ran)" : msg);
}

static void runs(tap *t, lede *db, const char *chunk, const char *name)
{
    int rc = lede_run_string(db, chunk, name);
    TAP_OK(t, rc == LEDE_OK, "%s", name);
    if (rc != LEDE_OK) printf("#   %.300s\n", lede_errmsg(db));
}

/* The store still reads: the document's text is intact. */
static void store_reads(tap *t, lede *db, const char *after)
{
    lede_cursor *cur = NULL;
    lede_doc d;
    int ok = lede_docs_open(db, NULL, &cur) == LEDE_OK && lede_docs_next(cur, &d) == LEDE_ROW &&
             d.len == sizeof article - 1 && memcmp(d.text, article, d.len) == 0;
    lede_docs_close(cur);
    TAP_OK(t, ok, "the store still reads after %s", after);
}

static void memory(tap *t)
{
    lede_limits lim = {8u << 20, 0, 0, 0};
    lede *db = open_store(t, &lim);
    TAP_OK(t, lede_lua(db) != NULL, "a state under an 8 MB cap");
    refuses(t, db, "local t = {}\nfor i = 1, 1e9 do t[i] = ('x'):rep(64) .. i end", "memory limit of 8 MB exceeded",
            "huge table");
    refuses(t, db, "local s = 'x'\nwhile true do s = s .. s end", "memory limit of 8 MB exceeded", "doubling string");
    /* Caught by pcall and re-raised as a plain error, it is still named. */
    refuses(t, db, "local ok, e = pcall(string.rep, 'x', 1 << 30)\nerror(e, 0)", "memory limit of 8 MB exceeded",
            "re-raised memory error");
    runs(t, db, "local ok = pcall(string.rep, 'x', 1 << 30)\nassert(not ok)\nassert(#('y'):rep(1000) == 1000)",
         "a caught memory error leaves the state usable");
    runs(t, db, "local db = lede.open()\nfor doc in db:docs() do db:add_span(doc, 1, 5, 'm') end", "spans after the limit");
    store_reads(t, db, "the memory limit");
    lede_close(db);

    lede_limits tiny = {4096, 0, 0, 0};
    db = open_store(t, &tiny);
    lua_State *L = lede_lua(db);
    TAP_OK(t, L == NULL && lede_errcode(db) == LEDE_ESCRIPT && strstr(lede_errmsg(db), "memory limit of 4 KB"),
           "a cap too small for the libraries fails lede_lua clearly (%s)", lede_errmsg(db));
    store_reads(t, db, "a failed lede_lua");
    lede_close(db);
}

static void instructions(tap *t)
{
    lede_limits lim = {0, 1000000, 0, 0};
    lede *db = open_store(t, &lim);
    refuses(t, db, "while true do end", "instruction limit of 1000000 exceeded", "plain loop");
    refuses(t, db, "for i = 1, 1e9 do pcall(function() while true do end end) end",
            "instruction limit of 1000000 exceeded", "infinite loop inside pcall inside a loop");
    refuses(t, db, "while true do pcall(pcall, error) end", "instruction limit", "pcall(pcall, error) loop");
    refuses(t, db,
            "while true do\n"
            "  local co = coroutine.wrap(function() while true do end end)\n"
            "  pcall(co)\n"
            "end",
            "instruction limit", "loops in coroutines");
    refuses(t, db, "local db = lede.open()\nwhile true do pcall(db.transaction, db, function() while true do end end) end",
            "instruction limit", "loop inside db:transaction inside pcall");
    refuses(t, db, "lede.each_doc(lede.open(), function() while true do end end, {keep_going = true})\nwhile true do end",
            "instruction limit", "each_doc keep_going does not swallow it");
    refuses(t, db, "lede.open():query('with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c')",
            "db:query: instruction limit of 1000000 exceeded", "an endless SQL query counts against the budget");
    refuses(t, db, "local db = lede.open()\nwhile true do pcall(db.query, db, 'select count(*) from documents') end",
            "instruction limit", "so does a loop of short queries inside pcall");
    runs(t, db, "local n = 0\nfor i = 1, 10000 do n = n + i end\nassert(n == 50005000)", "the budget is reset per run");
    runs(t, db, "local db = lede.open()\nfor doc in db:docs() do db:add_span(doc, 1, 5, 'after_budget') end",
         "spans can be written after the budget ran out once");
    store_reads(t, db, "the instruction limit");
    lede_close(db);
}

static void sandbox(tap *t)
{
    lede_limits lim = {32u << 20, 50000000, 0, 1};
    lede *db = open_store(t, &lim);
    struct { const char *chunk, *want, *name; } escapes[] = {
        {"io.open('/etc/passwd')", "global 'io'", "io.open"},
        {"os.execute('true')", "field 'execute'", "os.execute"},
        {"os.getenv('HOME'):len()", "field 'getenv'", "os.getenv"},
        {"os.remove('/tmp/x')", "field 'remove'", "os.remove"},
        {"dofile('/etc/passwd')", "global 'dofile'", "dofile"},
        {"loadfile('/etc/passwd')", "global 'loadfile'", "loadfile"},
        {"load(string.dump(function() end))", "field 'dump'", "string.dump"},
        {"assert(load('\\27Lua\\84\\0\\25\\147\\13\\10\\26\\10', 'x', 'b'))", "attempt to load a binary chunk", "load of bytecode in mode b"},
        {"assert(load('\\27Lua\\84\\0'))", "attempt to load a binary chunk", "load of bytecode"},
        {"assert(load(function() local s = '\\27Lua' ; local r = s ; s = nil ; return r end))", "binary chunk", "load of bytecode from a reader"},
        {"package.loadlib('/usr/lib/x86_64-linux-gnu/liblua5.4-lpeg.so.2', 'luaopen_lpeg')", "field 'loadlib'", "package.loadlib"},
        {"package.cpath = '/usr/lib/x86_64-linux-gnu/lua/5.4/?.so;/usr/lib/lua/5.4/?.so'\nrequire 'lfs'", "module 'lfs' not found", "require of a C module"},
        {"package.path = '/etc/?'\nrequire 'passwd'", "module 'passwd' not found", "require outside the lede path"},
        {"require '..etc.passwd'", "not found", "require with dots"},
        {"debug.sethook(function() end, '', 1)", "field 'sethook'", "debug.sethook"},
        {"debug.getregistry()", "field 'getregistry'", "debug.getregistry"},
        {"debug.getupvalue(require, 1)", "field 'getupvalue'", "debug.getupvalue"},
        {"collectgarbage('stop')", "not allowed in the sandbox", "collectgarbage stop"},
        {"getmetatable(lede.open()).__gc(lede.open())", "attempt to call a nil value (field '__gc')", "the store's metatable is hidden"},
        {"setmetatable(_G, {__index = function(_, k) return rawget(package.loaded, k) end})\nio.open('/etc/passwd')", "io", "setmetatable(_G) finds no io"},
        {"getmetatable('').__index.dump(print)", "field 'dump'", "string metatable has no dump"},
        {"lede.open('/tmp/lede-sandbox.db')", "the sandbox allows only the host's store", "lede.open of another file"},
        {"lede.open():query(\"attach database '/tmp/lede-sandbox.db' as x\")", "ATTACH", "ATTACH"},
        {"lede.open():query('delete from documents')", "only statements that read", "DELETE"},
        {"lede.open():query('drop table spans')", "only statements that read", "DROP"},
        {"lede.open():query('pragma writable_schema = 1')", "PRAGMA", "PRAGMA writable_schema"},
        {"lede.open():query(\"select load_extension('x')\")", "load_extension", "load_extension"},
        {"lede.open():query('commit')", "transaction control", "COMMIT"},
        {"lede.open():ingest('/etc')", "not allowed in the sandbox", "db:ingest"},
        {"lede.open():add_document('text')", "not allowed in the sandbox", "db:add_document"},
    };
    runs(t, db,
         "assert(io == nil and dofile == nil and loadfile == nil and string.dump == nil)\n"
         "assert(package.loadlib == nil and package.cpath == '' and debug.sethook == nil)\n"
         "for k in pairs(os) do assert(k == 'clock' or k == 'time' or k == 'date' or k == 'difftime', k) end\n"
         "assert(package.loaded.io == nil and package.loaded.os.execute == nil)",
         "only allowed names are left, in _G and in package.loaded");
    for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++) refuses(t, db, escapes[i].chunk, escapes[i].want, escapes[i].name);

    runs(t, db,
         "local lpeg = require 'lpeg'\nlocal re = require 're'\n"
         "assert(lpeg.match(lpeg.C(lpeg.R('az')^1), 'dock') == 'dock')\n"
         "assert(re.match('strike', \"{'str' [a-z]+}\") == 'strike')\n"
         "assert(type(os.time()) == 'number' and type(os.clock()) == 'number' and os.date('%Y'))\n"
         "assert(load('return 1 + 1')() == 2)\nassert(debug.traceback('x'):find('x'))\n"
         "assert(collectgarbage('count') > 0)\nlocal json = require 'lede.json'\n"
         "assert(json.encode({a = 1}) == '{\"a\":1}')",
         "lpeg, re, os.time/clock/date, text load, traceback and lede modules work");
    runs(t, db,
         "local P = require 'lede.patterns'\n"
         "local m = P.find(P.number, 'over 37,000 people')[1]\nassert(m and m[1].value == 37000)\n"
         "local data = require 'lede.data'\nassert(data.set('stopwords.txt')['the'])\n"
         "assert(not pcall(data.lines, '../../etc/passwd'))\nassert(io == nil and package.loaded.io == nil)",
         "lede.patterns and lede.data work in the sandbox, data stays inside data/, io stays gone");
    runs(t, db,
         "local db = lede.open()\nassert(#db:query('select id from documents where id = ?', 'doc') == 1)\n"
         "for doc in db:docs() do db:add_span(doc, 1, 5, 'sandboxed', {ok = true}) end\n"
         "local n = 0\nfor s in db:spans{kind = 'sandboxed'} do n = n + 1 end\nassert(n == 1)",
         "reading the store and adding spans are allowed");
    store_reads(t, db, "the escape attempts");
    lede_close(db);
}

static void store_heap(tap *t)
{
    lede_limits lim = {0, 0, 8 << 20, 0};
    lede *db = open_store(t, &lim);
    refuses(t, db,
            "lede.open():query('with recursive c(x) as (select 1 union all select x + 1 from c where x < 5000000)"
            " select group_concat(x) from c')",
            "out of memory", "a query past SQLite's heap limit");
    sqlite3_hard_heap_limit64(0); /* process-wide: undone for the rest of the tests */
    store_reads(t, db, "the store heap limit");
    lede_close(db);
}

static void limits_api(tap *t)
{
    lede *db = open_store(t, NULL);
    lede_limits lim = {0, -1, 0, 0};
    TAP_IS_INT(t, lede_set_limits(db, &lim), LEDE_EUSAGE, "a negative budget is refused");
    TAP_OK(t, lede_lua(db) != NULL, "a state without limits");
    lim.instructions = 10;
    TAP_IS_INT(t, lede_set_limits(db, &lim), LEDE_EUSAGE, "limits after lede_lua are refused");
    TAP_OK(t, strstr(lede_errmsg(db), "before lede_lua") != NULL, "saying why");
    lede_close(db);
}

int main(void)
{
    tap t = {0, 0};
    set_lede_path();
    alarm(300); /* a limit that does not hold would hang: fail instead */
    limits_api(&t);
    memory(&t);
    instructions(&t);
    sandbox(&t);
    store_heap(&t);
    return tap_done(&t);
}
