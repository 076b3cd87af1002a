/*
** script.c -- the script host: the Lua state of a handle, running files
** and chunks, and the limits for untrusted scripts.
**
** What it promises:
**   - one Lua state per handle, made by lede_lua() with the standard
**     libraries (or the sandbox's allow list), `lpeg` and `lede.core`
**     preloaded, `re` found, the global `lede` loaded and package.path
**     searching the lede Lua library first (lede_path below);
**   - every script runs through lede_script_docall: one protected call
**     with a traceback handler; errors come back as "chunk:line: message"
**     plus the traceback in lede_errmsg(), LEDE_ESCRIPT;
**   - limits (lede_set_limits, before lede_lua): memory through a counting
**     allocator; an instruction budget per lede_run_* call through a count
**     hook that, once the budget is spent, raises at every later count so
**     a pcall loop cannot go on; the sandbox; SQLite's hard heap limit;
**   - the store stays usable after any of them.
*/
/* dladdr() tells where liblede.so was loaded from. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "handle.h"
#include "lede.h"
#include "lheap.h"
#include "script.h"

#ifndef LEDE_DATADIR
#define LEDE_DATADIR "/usr/local/share/lede"
#endif

/* Instructions between two calls of the count hook: the budget is
** enforced to within this many. */
#define HOOK_STEP 1000

int luaopen_lpeg(lua_State *L); /* liblua5.4-lpeg */

/* ------------------------------------------------------------- messages */

/* Like lede_seterr, without its length cap: tracebacks are long. */
static int set_error(lede *db, int code, const char *msg)
{
    db->errcode = code;
    lede_buf_reset(&db->errmsg);
    lede_buf_adds(&db->errmsg, msg);
    return code;
}

static void format_size(char *out, size_t outlen, size_t n)
{
    if (n % (1u << 20) == 0) snprintf(out, outlen, "%zu MB", n >> 20);
    else if (n % 1024 == 0) snprintf(out, outlen, "%zu KB", n >> 10);
    else snprintf(out, outlen, "%zu bytes", n);
}

static int memory_error(lede *db)
{
    char size[32], msg[64];
    format_size(size, sizeof size, db->limits.memory);
    snprintf(msg, sizeof msg, "memory limit of %s exceeded", size);
    return set_error(db, LEDE_ESCRIPT, msg);
}

/* ---------------------------------------------------------- the state */

/* What the allocator of a handle's Lua state works with. */
typedef struct state_alloc {
    lede_script *s;
    lede_lheap heap;
} state_alloc;

/* Closes a state made by lede_lua, then gives its heap back. */
static void close_state(lua_State *L)
{
    void *ud;
    lua_getallocf(L, &ud);
    lua_close(L);
    lede_lheap_release(&((state_alloc *)ud)->heap);
    free(ud);
}

static void script_close(lede *db)
{
    lede_script *s = db->script;
    if (!s) return;
    /* Finalizers run first: they may still add spans or hold cursors. */
    if (db->L) {
        close_state(db->L);
        db->L = NULL;
    }
    while (s->iters.next != &s->iters) s->iters.next->close(s->iters.next);
    lede_spans_flush(db);
    lede_run_finish(db);
    if (db->db) {
        if (s->auth) sqlite3_set_authorizer(db->db, NULL, NULL);
        sqlite3_progress_handler(db->db, 0, NULL, NULL);
    }
    free(s->auth);
    free(s->spans);
    lede_buf_free(&s->strs);
    lede_buf_free(&s->run_name);
    lede_buf_free(&s->last_id);
    lede_buf_free(&s->path);
    lede_tokens_free(&s->toks);
    free(s);
    db->script = NULL;
    db->script_close = NULL;
}

lede_script *lede_script_get(lede *db)
{
    if (db->script) return db->script;
    lede_script *s = calloc(1, sizeof *s);
    if (!s) {
        lede_seterr(db, LEDE_ENOMEM, "out of memory");
        return NULL;
    }
    s->db = db;
    s->iters.next = s->iters.prev = &s->iters;
    db->script = s;
    db->script_close = script_close;
    return s;
}

/* All of the state's memory passes here; frees always succeed. The limit
** counts the bytes Lua asked for, whatever the heap rounds them to. */
static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    state_alloc *a = ud;
    lede_script *s = a->s;
    size_t old = ptr ? osize : 0; /* without ptr, osize tells the object's type */
    if (nsize == 0) {
        lede_lheap_alloc(&a->heap, ptr, old, 0);
        s->mem_used -= old;
        return NULL;
    }
    size_t limit = s->db->limits.memory;
    if (limit && nsize > old && s->mem_used - old + nsize > limit) {
        s->mem_exceeded = 1;
        return NULL;
    }
    void *p = lede_lheap_alloc(&a->heap, ptr, old, nsize);
    if (!p) return NULL;
    s->mem_used = s->mem_used - old + nsize;
    return p;
}

static lede_script *state_script(lua_State *L)
{
    void *ud;
    lua_getallocf(L, &ud);
    return ((state_alloc *)ud)->s;
}

/* Counts instructions in steps; once the budget is spent it stays spent
** until the next lede_run_*: every thread raises at its next instruction. */
static void count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    lede_script *s = state_script(L);
    int64_t limit = s->db->limits.instructions;
    if (!s->instr_exceeded) {
        s->instr_used += lua_gethookcount(L);
        if (s->instr_used < limit) {
            int step = limit < HOOK_STEP ? (int)limit : HOOK_STEP;
            if (lua_gethookcount(L) != step) lua_sethook(L, count_hook, LUA_MASKCOUNT, step);
            return;
        }
        s->instr_exceeded = 1;
    }
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    luaL_where(L, 0);
    lua_pushfstring(L, "instruction limit of %I exceeded", (lua_Integer)limit);
    lua_concat(L, 2);
    lua_error(L);
}

/* SQLite's share of the budget: a query cannot loop where the count hook
** does not see it. Only while a script runs, so that writing its spans
** afterwards is never cut short. */
static int count_sql(void *ud)
{
    lede_script *s = ud;
    if (!s->in_run) return 0;
    if (!s->instr_exceeded) {
        s->instr_used += HOOK_STEP;
        if (s->instr_used < s->db->limits.instructions) return 0;
        s->instr_exceeded = 1;
    }
    return 1;
}

static int panic(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "lede: unprotected Lua error: %s\n", msg ? msg : "(not a string)");
    return 0; /* Lua aborts */
}

/* The traceback handler. Compile errors already say file:line and get none. */
static int msgh(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (!msg) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    if (state_script(L)->in_load) return 1;
    luaL_traceback(L, L, msg, 1);
    return 1;
}

int lede_script_docall(lede *db, int narg, int nres)
{
    lua_State *L = db->L;
    lede_script *s = db->script;
    int base = lua_gettop(L) - narg; /* the function */
    lua_pushcfunction(L, msgh);
    lua_insert(L, base);
    int status = lua_pcall(L, narg, nres, base);
    lua_remove(L, base);
    s->in_load = 0;
    if (status == LUA_OK) return LEDE_OK;
    const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(error object is not a string)";
    int rc;
    /* A memory error may have been caught and re-raised by the script:
    ** then it arrives as a plain error with Lua's fixed message. */
    if (s->mem_exceeded && (status == LUA_ERRMEM || status == LUA_ERRERR || strcmp(msg, "not enough memory") == 0))
        rc = memory_error(db);
    else
        rc = set_error(db, status == LUA_ERRMEM ? LEDE_ENOMEM : LEDE_ESCRIPT, msg);
    lua_pop(L, 1);
    return rc;
}

/* ------------------------------------------------------------ the path */

static int add_dir(lede_buf *b, const char *dir, size_t n)
{
    return lede_buf_printf(b, "%s%.*s/?.lua;%.*s/?/init.lua", b->n ? ";" : "", (int)n, dir, (int)n, dir);
}

/*
** lede's files (lua/, scripts/, data/) sit under one root: beside the
** running binary (build/lede -> the source tree; a relocated bin/lede ->
** share/lede), beside a shared liblede (lib/ -> share/lede), or the
** configured LEDE_DATADIR. Finds the first root holding `probe` (a path
** relative to the root) and sets *out to ROOT/probe; LEDE_OK with out
** empty when none does.
*/
static int find_in_roots(const char *probe, lede_buf *out)
{
    char exe[4096], *exe_dir = NULL;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0 && (exe[n] = '\0', exe_dir = strrchr(exe, '/'))) *exe_dir = '\0';
    Dl_info info;
    const char *lib = dladdr((void *)lede_lua, &info) ? info.dli_fname : NULL;
    const char *lib_slash = lib ? strrchr(lib, '/') : NULL;
    struct { const char *dir; int len; const char *rel; } roots[] = {
        {exe_dir ? exe : NULL, exe_dir ? (int)strlen(exe) : 0, "/.."},
        {exe_dir ? exe : NULL, exe_dir ? (int)strlen(exe) : 0, "/../share/lede"},
        {lib_slash ? lib : NULL, lib_slash ? (int)(lib_slash - lib) : 0, "/../share/lede"},
        {LEDE_DATADIR, (int)strlen(LEDE_DATADIR), ""},
    };
    lede_buf_reset(out);
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
        if (!roots[i].dir) continue;
        lede_buf_reset(out);
        if (lede_buf_printf(out, "%.*s%s/%s", roots[i].len, roots[i].dir, roots[i].rel, probe) != LEDE_OK)
            return LEDE_ENOMEM;
        if (access(out->p, R_OK) == 0) return LEDE_OK;
    }
    lede_buf_reset(out);
    return LEDE_OK;
}

/* The Lua library under the first root that has one, else the configured
** install path (where a later install may put it). */
static int add_default_path(lede_buf *b)
{
    static const char probe[] = "lua/lede/init.lua";
    lede_buf found = LEDE_BUF_INIT;
    int rc = find_in_roots(probe, &found);
    if (rc == LEDE_OK && found.n)
        rc = add_dir(b, found.p, found.n - (sizeof probe - 1) + 3); /* keep ROOT/lua */
    else if (rc == LEDE_OK)
        rc = add_dir(b, LEDE_DATADIR "/lua", strlen(LEDE_DATADIR "/lua"));
    lede_buf_free(&found);
    return rc;
}

/*
** The lede Lua path in package.path syntax. $LEDE_PATH replaces it: a
** list separated by ';' of templates (with '?') or directories (which
** stand for DIR/?.lua;DIR/?/init.lua); an empty item (";;") stands for the
** default.
*/
static int lede_path(lede_buf *b)
{
    const char *env = getenv("LEDE_PATH");
    if (!env || !*env) return add_default_path(b);
    int rc = LEDE_OK, added_default = 0;
    for (const char *p = env; rc == LEDE_OK;) {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 0) {
            if (!added_default) rc = add_default_path(b);
            added_default = 1;
        } else if (memchr(p, '?', n)) {
            rc = lede_buf_printf(b, "%s%.*s", b->n ? ";" : "", (int)n, p);
        } else {
            rc = add_dir(b, p, n);
        }
        if (!end) break;
        p = end + 1;
    }
    return rc;
}

/* ---------------------------------------------------------- the sandbox */

static const char *const base_allowed[] = {
    "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "print",
    "rawequal", "rawget", "rawlen", "rawset", "select", "setmetatable", "tonumber",
    "tostring", "type", "xpcall", "warn", "_G", "_VERSION", "load", "collectgarbage",
    "require", "package", "coroutine", "table", "string", "math", "utf8", "os", "debug", NULL,
};
static const char *const string_allowed[] = {
    "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match",
    "rep", "reverse", "sub", "upper", "pack", "packsize", "unpack", NULL,
};
static const char *const os_allowed[] = {"clock", "time", "date", "difftime", NULL};
static const char *const debug_allowed[] = {"traceback", NULL};
static const char *const package_allowed[] = {"loaded", "preload", "path", "cpath", "searchers", "config", NULL};
static const char *const gc_allowed[] = {"collect", "count", "step", "isrunning", NULL};

/* Removes every field of the table at t whose name is not in `allowed`. */
static void keep_only(lua_State *L, int t, const char *const *allowed)
{
    t = lua_absindex(L, t);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        int keep = 0;
        if (lua_type(L, -1) == LUA_TSTRING) {
            const char *k = lua_tostring(L, -1);
            for (int i = 0; allowed[i] && !keep; i++) keep = strcmp(k, allowed[i]) == 0;
        }
        if (!keep) { /* clearing an existing field is allowed during lua_next */
            lua_pushvalue(L, -1);
            lua_pushnil(L);
            lua_rawset(L, t);
        }
    }
}

/* load() that refuses bytecode whatever mode the script asks for. */
static int sandbox_load(lua_State *L)
{
    int n = lua_gettop(L);
    lua_settop(L, 4);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushliteral(L, "t");
    if (n >= 4) lua_pushvalue(L, 4); /* env only when given: nil is a valid env */
    lua_call(L, n >= 4 ? 4 : 3, LUA_MULTRET);
    return lua_gettop(L) - 4;
}

static int sandbox_collectgarbage(lua_State *L)
{
    const char *opt = luaL_optstring(L, 1, "collect");
    int ok = 0;
    for (int i = 0; gc_allowed[i] && !ok; i++) ok = strcmp(opt, gc_allowed[i]) == 0;
    if (!ok) return luaL_argerror(L, 1, lua_pushfstring(L, "option '%s' is not allowed in the sandbox", opt));
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

/* Loads Lua source files from the lede path only, whatever package.path
** says: a script cannot point require at other files. */
static int sandbox_searcher(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    lede_script *s = state_script(L);
    const char *file = luaL_gsub(L, name, ".", "/");
    const char *p = s->path.p ? s->path.p : "";
    luaL_Buffer tried;
    luaL_buffinit(L, &tried);
    while (*p) {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        lua_pushlstring(L, p, n);
        const char *fname = luaL_gsub(L, lua_tostring(L, -1), "?", file);
        lua_remove(L, -2);
        FILE *f = fopen(fname, "r");
        if (f) {
            fclose(f);
            if (luaL_loadfilex(L, fname, "t") != LUA_OK)
                return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, fname, lua_tostring(L, -1));
            lua_pushstring(L, fname);
            return 2;
        }
        lua_pushfstring(L, "\n\tno file '%s'", fname);
        lua_remove(L, -2);
        luaL_addvalue(&tried);
        if (!end) break;
        p = end + 1;
    }
    luaL_pushresult(&tried);
    return 1;
}

/* package.preload.re for the sandbox: re.lua from where the stock path
** finds it, resolved once before the sandbox closes the path. */
static int load_re(lua_State *L)
{
    const char *file = lua_tostring(L, lua_upvalueindex(1));
    if (luaL_loadfilex(L, file, "t") != LUA_OK) return lua_error(L);
    lua_pushstring(L, "re");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 2, 1);
    return 1;
}

static void open_sandbox(lua_State *L, lede_script *s)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},         {LUA_LOADLIBNAME, luaopen_package},
        {LUA_COLIBNAME, luaopen_coroutine}, {LUA_TABLIBNAME, luaopen_table},
        {LUA_STRLIBNAME, luaopen_string},  {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8},   {LUA_OSLIBNAME, luaopen_os},
        {LUA_DBLIBNAME, luaopen_debug},    {NULL, NULL},
    };
    for (const luaL_Reg *lib = libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    lua_pushglobaltable(L);
    int g = lua_gettop(L);

    lua_getfield(L, g, "package");
    int pkg = lua_gettop(L);
    lua_getfield(L, pkg, "searchpath");
    lua_pushliteral(L, "re");
    lua_getfield(L, pkg, "path");
    lua_call(L, 2, 1);
    if (lua_isstring(L, -1)) {
        lua_getfield(L, pkg, "preload");
        lua_pushvalue(L, -2);
        lua_pushcclosure(L, load_re, 1);
        lua_setfield(L, -2, "re");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_createtable(L, 2, 0);
    lua_getfield(L, pkg, "searchers");
    lua_rawgeti(L, -1, 1); /* the preload searcher */
    lua_rawseti(L, -3, 1);
    lua_pop(L, 1);
    lua_pushcfunction(L, sandbox_searcher);
    lua_rawseti(L, -2, 2);
    lua_setfield(L, pkg, "searchers");
    lua_pushliteral(L, "");
    lua_setfield(L, pkg, "cpath");
    lua_pushstring(L, s->path.p ? s->path.p : "");
    lua_setfield(L, pkg, "path");
    keep_only(L, pkg, package_allowed);
    lua_pop(L, 1);

    /* lede.data reads the gazetteers and word lists: it is loaded while io
    ** is still there, keeps io.open, and opens only names inside data/, so
    ** sandboxed scripts can still use lede.patterns and the extractors. The
    ** io library itself goes again at once. */
    luaL_requiref(L, LUA_IOLIBNAME, luaopen_io, 1);
    lua_pop(L, 1);
    lua_getfield(L, g, "require");
    lua_pushliteral(L, "lede.data");
    lua_call(L, 1, 0);
    lua_pushnil(L);
    lua_setfield(L, g, LUA_IOLIBNAME);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_pushnil(L);
    lua_setfield(L, -2, LUA_IOLIBNAME);
    lua_pop(L, 1);

    lua_getfield(L, g, "load");
    lua_pushcclosure(L, sandbox_load, 1);
    lua_setfield(L, g, "load");
    lua_getfield(L, g, "collectgarbage");
    lua_pushcclosure(L, sandbox_collectgarbage, 1);
    lua_setfield(L, g, "collectgarbage");
    keep_only(L, g, base_allowed);

    static const struct { const char *name; const char *const *allowed; } trims[] = {
        {LUA_STRLIBNAME, string_allowed}, {LUA_OSLIBNAME, os_allowed}, {LUA_DBLIBNAME, debug_allowed},
    };
    for (size_t i = 0; i < sizeof trims / sizeof trims[0]; i++) {
        lua_getfield(L, g, trims[i].name);
        keep_only(L, -1, trims[i].allowed);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* os.exit() skips lede_close: pending spans are written first. */
static int host_exit(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, LEDE_HOST_KEY);
    lede *db = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (db && (lede_spans_flush(db) != LEDE_OK || lede_run_finish(db) != LEDE_OK))
        fprintf(stderr, "lede: %s\n", lede_errmsg(db));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* Runs in protected mode: every allocation here may hit the limit. */
static int host_init(lua_State *L)
{
    lede *db = lua_touserdata(L, 1);
    lede_script *s = db->script;
    if (db->limits.sandbox) {
        open_sandbox(L, s);
    } else {
        luaL_openlibs(L);
        lua_getglobal(L, "os");
        lua_getfield(L, -1, "exit");
        lua_pushcclosure(L, host_exit, 1);
        lua_setfield(L, -2, "exit");
        lua_pop(L, 1);
        lua_getglobal(L, "package");
        lua_pushfstring(L, "%s;", s->path.p ? s->path.p : "");
        lua_getfield(L, -2, "path");
        lua_concat(L, 2);
        lua_setfield(L, -2, "path");
        lua_pop(L, 1);
    }
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    lua_pushcfunction(L, luaopen_lpeg);
    lua_setfield(L, -2, "lpeg");
    lua_pushcfunction(L, luaopen_lede_core);
    lua_setfield(L, -2, "lede.core");
    lua_pop(L, 1);
    lua_pushlightuserdata(L, db);
    lua_setfield(L, LUA_REGISTRYINDEX, LEDE_HOST_KEY);

    lua_getglobal(L, "require");
    lua_pushliteral(L, "lede");
    lua_call(L, 1, 1);
    lua_setglobal(L, "lede");
    return 0;
}

lua_State *lede_lua(lede *db)
{
    if (!db) return NULL;
    if (db->L) return db->L;
    lede_script *s = lede_script_get(db);
    if (!s) return NULL;
    lede_buf_reset(&s->path);
    if (lede_path(&s->path) != LEDE_OK || !lede_buf_cstr(&s->path)) {
        lede_seterr(db, LEDE_ENOMEM, "out of memory");
        return NULL;
    }
    s->mem_exceeded = 0;
    state_alloc *a = malloc(sizeof *a);
    if (!a) {
        lede_seterr(db, LEDE_ENOMEM, "out of memory");
        return NULL;
    }
    *a = (state_alloc){s, LEDE_LHEAP_INIT};
    lua_State *L = lua_newstate(counting_alloc, a);
    if (!L) {
        lede_lheap_release(&a->heap);
        free(a);
        if (s->mem_exceeded) memory_error(db);
        else lede_seterr(db, LEDE_ENOMEM, "out of memory");
        return NULL;
    }
    lua_atpanic(L, panic);
    db->L = L;
    if (db->limits.instructions > 0) sqlite3_progress_handler(db->db, HOOK_STEP, count_sql, s);
    lua_pushcfunction(L, host_init);
    lua_pushlightuserdata(L, db);
    if (lede_script_docall(db, 1, 0) != LEDE_OK) {
        close_state(L);
        db->L = NULL;
        return NULL;
    }
    return L;
}

int lede_set_limits(lede *db, const lede_limits *limits)
{
    if (!db) return LEDE_EUSAGE;
    if (!limits) return lede_seterr(db, LEDE_EUSAGE, "lede_set_limits: no limits given");
    if (db->L) return lede_seterr(db, LEDE_EUSAGE, "lede_set_limits: set limits before lede_lua() makes the Lua state");
    if (limits->instructions < 0 || limits->store_heap < 0)
        return lede_seterr(db, LEDE_EUSAGE, "lede_set_limits: negative limit");
    db->limits = *limits;
    /* Process-wide in SQLite: it bounds every connection of the process. */
    if (limits->store_heap > 0) sqlite3_hard_heap_limit64(limits->store_heap);
    return LEDE_OK;
}

/* ------------------------------------------------------------- running */

void lede_script_begin(lede *db, const char *name)
{
    lede_script *s = db->script;
    s->mem_exceeded = 0;
    s->instr_used = 0;
    s->instr_exceeded = 0;
    s->in_load = 0;
    s->doc_failures = 0;
    s->in_run = 1;
    lede_buf_reset(&s->run_name);
    if (name) lede_buf_adds(&s->run_name, name); /* on ENOMEM the run is named "lua" */
    int64_t limit = db->limits.instructions;
    if (limit > 0) lua_sethook(db->L, count_hook, LUA_MASKCOUNT, limit < HOOK_STEP ? (int)limit : HOOK_STEP);
}

int lede_script_end(lede *db, int status)
{
    lede_script *s = db->script;
    s->in_run = 0;
    if (status != LEDE_OK) {
        /* The script's message is the one to keep. */
        lede_buf saved = db->errmsg;
        int code = db->errcode;
        db->errmsg = (lede_buf)LEDE_BUF_INIT;
        lede_spans_flush(db);
        lede_run_finish(db);
        lede_buf_free(&db->errmsg);
        db->errmsg = saved;
        db->errcode = code;
        return status;
    }
    int rc = lede_spans_flush(db);
    int rc2 = lede_run_finish(db);
    if (rc != LEDE_OK) return rc;
    if (rc2 != LEDE_OK) return rc2;
    if (s->doc_failures)
        return lede_seterr(db, LEDE_ESCRIPT, "%ld document%s failed", s->doc_failures, s->doc_failures == 1 ? "" : "s");
    return LEDE_OK;
}

typedef struct run_ctx {
    const char *path;         /* a file ("-": standard input), or */
    const char *chunk, *name; /* a chunk of source */
    size_t len;
    int argc;
    char **argv;
    int load_status;
} run_ctx;

static int run_body(lua_State *L)
{
    run_ctx *c = lua_touserdata(L, 1);
    lede_script *s = state_script(L);
    lua_settop(L, 0);
    s->in_load = 1;
    int st;
    if (c->path) {
        st = luaL_loadfilex(L, strcmp(c->path, "-") == 0 ? NULL : c->path, "t");
    } else {
        const char *name = c->name ? c->name : "chunk";
        if (name[0] != '=' && name[0] != '@') name = lua_pushfstring(L, "=%s", name);
        st = luaL_loadbufferx(L, c->chunk, c->len, name, "t");
    }
    if (st != LUA_OK) {
        c->load_status = st;
        return lua_error(L);
    }
    s->in_load = 0;
    int nargs = 0;
    if (c->path) { /* arg as lua.c sets it: arg[0] the script, then its arguments */
        luaL_checkstack(L, c->argc + 3, "too many arguments to script");
        lua_createtable(L, c->argc, 1);
        lua_pushstring(L, c->path);
        lua_rawseti(L, -2, 0);
        for (int i = 0; i < c->argc; i++) {
            lua_pushstring(L, c->argv[i]);
            lua_rawseti(L, -2, i + 1);
        }
        lua_setglobal(L, "arg");
        for (int i = 0; i < c->argc; i++) lua_pushstring(L, c->argv[i]);
        nargs = c->argc;
    }
    lua_call(L, nargs, 0);
    return 0;
}

static int run(lede *db, run_ctx *c, const char *run_name)
{
    lua_State *L = lede_lua(db);
    if (!L) return db->errcode != LEDE_OK ? db->errcode : LEDE_ENOMEM;
    lede_script_begin(db, run_name);
    lua_pushcfunction(L, run_body);
    lua_pushlightuserdata(L, c);
    int rc = lede_script_docall(db, 1, 0);
    if (rc != LEDE_OK && c->load_status == LUA_ERRFILE) db->errcode = rc = LEDE_EINPUT;
    return lede_script_end(db, rc);
}

int lede_run_file(lede *db, const char *path, int argc, char **argv)
{
    if (!db) return LEDE_EUSAGE;
    if (!path || argc < 0 || (argc > 0 && !argv)) return lede_seterr(db, LEDE_EUSAGE, "lede_run_file: bad arguments");
    run_ctx c = {path, NULL, NULL, 0, argc, argv, LUA_OK};
    return run(db, &c, strcmp(path, "-") == 0 ? "stdin" : path);
}

int lede_run_script(lede *db, const char *name, int argc, char **argv)
{
    if (!db) return LEDE_EUSAGE;
    if (!name || strchr(name, '/') || argc < 0 || (argc > 0 && !argv))
        return lede_seterr(db, LEDE_EUSAGE, "lede_run_script: bad arguments");
    lede_buf rel = LEDE_BUF_INIT, path = LEDE_BUF_INIT;
    int rc = lede_buf_printf(&rel, "scripts/%s.lua", name);
    if (rc == LEDE_OK) rc = find_in_roots(rel.p, &path);
    if (rc != LEDE_OK) rc = lede_seterr(db, LEDE_ENOMEM, "out of memory");
    else if (!path.n) rc = lede_seterr(db, LEDE_EINPUT, "lede's script %s.lua is not installed (looked beside the binary and in %s/scripts)", name, LEDE_DATADIR);
    else rc = lede_run_file(db, path.p, argc, argv);
    lede_buf_free(&rel);
    lede_buf_free(&path);
    return rc;
}

int lede_run_string(lede *db, const char *chunk, const char *name)
{
    if (!db) return LEDE_EUSAGE;
    if (!chunk) return lede_seterr(db, LEDE_EUSAGE, "lede_run_string: no chunk");
    run_ctx c = {NULL, chunk, name, strlen(chunk), 0, NULL, LUA_OK};
    return run(db, &c, name ? name : "chunk");
}
