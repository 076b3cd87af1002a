/*
** script.h -- what the Lua binding (luabind.c), the script host (script.c)
** and the command line (cli_run.c, cli_shell.c) share.
**
** A handle's script state (db->script) is made on first need: by
** lede_lua() for the host, or by the binding when a stock `lua5.4` adds
** the first span. It holds the allocator's and the hook's counters, the
** spans waiting to be written and the current run. lede_close() frees it
** through db->script_close, after closing the Lua state, so finalizers that
** still add spans are written too.
*/
#ifndef LEDE_SCRIPT_H
#define LEDE_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include <lua.h>

#include "buf.h"
#include "lede.h"
#include "token.h"

/* Spans are written in one transaction per this many (and at flush/close). */
#define LEDE_SPAN_BATCH 1024

typedef struct lede_pending_span {
    int64_t doc, run;
    int32_t start, end;  /* C convention: 0-based, half-open */
    size_t kind, attrs;  /* offsets of NUL-terminated strings in `strs` */
} lede_pending_span;

/* An open statement or cursor of the binding, closed at lede_close even if
** the Lua value holding it is still alive (see luabind.c). */
typedef struct lede_open_iter {
    struct lede_open_iter *prev, *next;
    struct lede_script *owner; /* NULL once closed */
    void (*close)(struct lede_open_iter *it);
} lede_open_iter;

typedef struct lede_script {
    lede *db;

    /* Limits in force (a copy of db->limits taken by lede_lua). */
    size_t mem_used;
    int mem_exceeded;      /* an allocation was refused since the last reset */
    int64_t instr_used;
    int instr_exceeded;    /* the budget ran out: the hook raises at every count */
    int in_load;           /* compiling: errors get no traceback */
    int in_run;            /* between lede_script_begin and _end: SQL counts too */

    /* Spans not yet written, and the run they belong to. */
    lede_pending_span *spans;
    size_t nspans, capspans;
    lede_buf strs;
    int64_t run;           /* current run id, 0 when none yet */
    int run_depth;         /* transaction depth at which `run` was inserted */
    int tx_depth;          /* open db:transaction() calls */
    lede_buf run_name;     /* `script` of the automatic run */

    /* Last document looked up by id for add_span/spans. */
    lede_buf last_id;
    int64_t last_rowid;
    size_t last_len;

    lede_tokens toks;      /* scratch for unpacking a document's tokens */
    void *auth;            /* db:query's authorizer context (luabind.c) */
    long doc_failures;     /* documents that failed in each_doc(keep_going) */
    lede_open_iter iters;  /* list head of open iterators */
    lede_buf path;         /* the lede Lua path (package.path syntax) */
} lede_script;

/* The script state of db, made on first call; NULL (error set) on ENOMEM. */
lede_script *lede_script_get(lede *db);

/*
** Runs the function below `narg` arguments on top of db's Lua state in
** protected mode with a traceback handler: the one entry point for user
** code. LEDE_OK with `nres` results left on the stack, or LEDE_ESCRIPT
** with the stack cleared of the call and the message ("chunk:line: msg"
** plus traceback; limits reported as "memory limit of 8 MB exceeded")
** in lede_errmsg(db).
*/
int lede_script_docall(lede *db, int narg, int nres);

/*
** Brackets one use of the host by a script or a shell line: resets the
** instruction budget and the failure count, names the automatic run.
** lede_script_end writes pending spans, closes the automatic run and turns
** documents that failed under each_doc(keep_going) into LEDE_ESCRIPT;
** it returns `status` when that is already an error.
*/
void lede_script_begin(lede *db, const char *name);
int lede_script_end(lede *db, int status);

/* Writes pending spans (luabind.c). LEDE_OK or an error set on db. */
int lede_spans_flush(lede *db);
/* Sets `finished` on the current run and forgets it (luabind.c). */
int lede_run_finish(lede *db);

/* The `lede.core` module (luabind.c). Inside the host, lede.open() without
** an argument returns the host's own handle. */
int luaopen_lede_core(lua_State *L);

/* Registry key under which the host keeps its `lede *` (light userdata). */
#define LEDE_HOST_KEY "lede.host"

#endif
