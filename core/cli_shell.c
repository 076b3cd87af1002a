/*
** cli_shell.c -- `lede shell`: an interactive Lua prompt with the store
** open as the global `db` and the module as `lede`.
**
** As in lua5.4's REPL: a line is first tried as an expression (its values
** are printed), then as a statement; a chunk that ends early ("<eof>") is
** continued on the next line; errors are printed and the prompt goes on.
** Prompts are shown and history kept only on a terminal; line editing
** comes from libedit or libreadline when one can be loaded at run time
** (never a build dependency), else plain reads.
*/
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "buf.h"
#include "cli.h"
#include "script.h"

/* ------------------------------------------------------------- reading */

typedef char *(*readline_fn)(const char *prompt);
typedef int (*add_history_fn)(const char *line);

typedef struct reader {
    int tty;
    void *lib;
    readline_fn readline;
    add_history_fn add_history;
    char *line; /* getline's buffer */
    size_t cap;
} reader;

static void reader_open(reader *r)
{
    static const char *const libs[] = {"libedit.so.2", "libreadline.so.8", "libreadline.so", NULL};
    memset(r, 0, sizeof *r);
    r->tty = isatty(0);
    if (!r->tty) return;
    for (int i = 0; libs[i] && !r->lib; i++) r->lib = dlopen(libs[i], RTLD_NOW | RTLD_LOCAL);
    if (!r->lib) return;
    /* POSIX guarantees that dlsym's object pointer converts to a function pointer. */
    void *rl = dlsym(r->lib, "readline"), *ah = dlsym(r->lib, "add_history");
    if (rl && ah) {
        memcpy(&r->readline, &rl, sizeof rl);
        memcpy(&r->add_history, &ah, sizeof ah);
    } else {
        dlclose(r->lib);
        r->lib = NULL;
    }
}

static void reader_close(reader *r)
{
    free(r->line);
    if (r->lib) dlclose(r->lib);
}

/* The next line without its newline, malloc'ed; NULL at end of input. */
static char *read_line(reader *r, const char *prompt)
{
    if (r->readline) {
        char *line = r->readline(prompt);
        if (line && *line) r->add_history(line);
        return line;
    }
    if (r->tty) {
        fputs(prompt, stdout);
        fflush(stdout);
    }
    ssize_t n = getline(&r->line, &r->cap, stdin);
    if (n < 0) return NULL;
    if (n > 0 && r->line[n - 1] == '\n') r->line[--n] = '\0';
    return strdup(r->line);
}

/* -------------------------------------------------------------- chunks */

/* True when the compile error at the top says the chunk is unfinished. */
static int incomplete(lua_State *L, int status)
{
    static const char eof[] = "<eof>";
    if (status != LUA_ERRSYNTAX) return 0;
    size_t n;
    const char *msg = lua_tolstring(L, -1, &n);
    return msg && n >= sizeof eof - 1 && strcmp(msg + n - (sizeof eof - 1), eof) == 0;
}

/* Compiles the chunk in *text: as "return TEXT" first, then as is, asking
** for more lines while it is unfinished. Leaves the function or the error
** message on the stack; LUA_OK, a compile status, or -1 at end of input. */
static int compile(lua_State *L, reader *r, lede_buf *text)
{
    lede_buf ret = LEDE_BUF_INIT;
    if (lede_buf_printf(&ret, "return %s;", text->p) == LEDE_OK &&
        luaL_loadbufferx(L, ret.p, ret.n, "=shell", "t") == LUA_OK) {
        lede_buf_free(&ret);
        return LUA_OK;
    }
    lede_buf_free(&ret);
    lua_settop(L, 0);
    for (;;) {
        int status = luaL_loadbufferx(L, text->p, text->n, "=shell", "t");
        if (!incomplete(L, status)) return status;
        lua_pop(L, 1);
        char *more = read_line(r, ">> ");
        if (!more) return -1;
        int rc = lede_buf_addc(text, '\n');
        if (rc == LEDE_OK) rc = lede_buf_adds(text, more);
        free(more);
        if (rc != LEDE_OK) return LUA_ERRMEM;
    }
}

/* Prints its arguments as lua5.4's REPL does; runs protected (tostring
** metamethods may fail). */
static int print_values(lua_State *L)
{
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1) fputc('\t', stdout);
        fwrite(s, 1, len, stdout);
        lua_pop(L, 1);
    }
    fputc('\n', stdout);
    fflush(stdout);
    return 0;
}

static void report(lede *db)
{
    fprintf(stderr, "%s\n", lede_errmsg(db));
    fflush(stderr);
}

int lede_cli_shell(lede_cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc > 0) {
        lede_cli_error("shell", "takes no arguments (usage: lede [--db FILE] shell)");
        return 1;
    }
    int status;
    lede *db = lede_cli_open(cli, &status);
    if (!db) return status;
    int rc = lede_run_string(db, "db = lede.open()", "shell");
    if (rc != LEDE_OK) {
        lede_cli_error("shell", "%s", lede_errmsg(db));
        lede_close(db);
        return lede_cli_status(rc);
    }
    lua_State *L = lede_lua(db);
    reader r;
    reader_open(&r);
    if (r.tty) printf("lede %s shell: `db` is %s, `lede` the module; end with Ctrl-D\n", lede_version(), cli->db_path);

    lede_buf text = LEDE_BUF_INIT;
    char *line;
    while ((line = read_line(&r, "> ")) != NULL) {
        lede_buf_reset(&text);
        int added = lede_buf_adds(&text, line);
        free(line);
        if (added != LEDE_OK || !lede_buf_cstr(&text)) break;
        lua_settop(L, 0);
        int st = compile(L, &r, &text);
        if (st == -1) break;
        if (st != LUA_OK) {
            fprintf(stderr, "%s\n", lua_tostring(L, -1));
            lua_settop(L, 0);
            continue;
        }
        lede_script_begin(db, "shell");
        int ok = lede_script_docall(db, 0, LUA_MULTRET);
        if (ok == LEDE_OK && lua_gettop(L) > 0) {
            lua_pushcfunction(L, print_values);
            lua_insert(L, 1);
            ok = lede_script_docall(db, lua_gettop(L) - 1, 0);
        }
        if (lede_script_end(db, ok) != LEDE_OK) report(db);
        lua_settop(L, 0);
    }
    if (r.tty) fputc('\n', stdout);
    lede_buf_free(&text);
    reader_close(&r);
    lede_close(db);
    return 0;
}
