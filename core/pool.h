/*
** pool.h -- a pool of Lua workers that turn inputs into outputs, delivered
** in the order they were submitted; and `lede.pool`, its Lua face for
** `lede extract --jobs N` (spans written to the store in C).
**
** What it promises:
**   - N workers, each with a lede handle of its own opened on ":memory:",
**     so a Lua state set up as lede_lua() sets one up (the lede path and
**     $LEDE_PATH, LPeg, the `lede` module). Each requires `module` once,
**     calls what it returns with the init arguments, and keeps the
**     function that call returns: `process` (a string returned second is
**     kept as the pool's info: what the workers were set up with);
**   - an input is a list of strings (or nils) passed to process as its
**     arguments; process returns a string (nil counts as "");
**   - results reach the callback in the submitting thread, in submission
**     order, whichever worker finishes first: the output is the same for
**     every N;
**   - at most `depth` inputs are in flight; submitting into a full ring
**     first waits for the oldest result and hands it to the callback, so
**     memory follows depth times the largest input and output, never the
**     size of the whole input;
**   - a Lua error in process fails that input only: the callback gets
**     failed = 1 and the message as the output; the worker goes on;
**   - N = 1 runs process in the calling thread, without any thread, on the
**     same code path (the ring is then one slot deep);
**   - no global state; every allocation is checked (LEDE_ENOMEM).
** A pool is used from one thread (the one that opened it).
*/
#ifndef LEDE_POOL_H
#define LEDE_POOL_H

#include <stddef.h>

#include "lede.h"

typedef struct lede_pool lede_pool;

/* Most workers a pool may have. */
#define LEDE_POOL_MAX_WORKERS 64

/* A string argument; p == NULL passes nil. */
typedef struct lede_pool_arg {
    const char *p;
    size_t n;
} lede_pool_arg;

/*
** Called with each result, in submission order, in the submitting thread:
** the input as submitted (`in`, `nin`), the note given with it, and the
** output (failed = 0) or the error message (failed = 1). All valid during
** the call only. A non-zero return is returned by the submit or drain
** that delivered the result.
*/
typedef int (*lede_pool_result_fn)(void *ud, const lede_pool_arg *in, int nin,
                                   const void *note, size_t notelen,
                                   int failed, const char *out, size_t outlen);

typedef struct lede_pool_opts {
    int workers;               /* 1 .. LEDE_POOL_MAX_WORKERS */
    size_t depth;              /* inputs in flight; 0: four per worker */
    const char *module;        /* required by each worker */
    const lede_pool_arg *init; /* arguments for the function it returns */
    int ninit;
    lede_pool_result_fn fn;
    void *ud;
} lede_pool_opts;

/*
** Starts the workers and waits until each has its process function.
** LEDE_OK; LEDE_EUSAGE (bad options), LEDE_ESCRIPT (a worker's module or
** init call failed: its Lua message), LEDE_ESTORE or LEDE_ENOMEM. *out is
** set whenever memory allowed, also on failure, so lede_pool_errmsg can
** explain; lede_pool_close it in every case.
*/
int lede_pool_open(const lede_pool_opts *opts, lede_pool **out);

/*
** Submits one input (the strings and the note are copied). May first
** deliver results to the callback (always with one worker). LEDE_OK,
** LEDE_ENOMEM, or the callback's non-zero return.
*/
int lede_pool_submit(lede_pool *p, const lede_pool_arg *in, int nin, const void *note, size_t notelen);

/* Delivers every outstanding result. LEDE_OK or the callback's return. */
int lede_pool_drain(lede_pool *p);

/* Stops the workers (results not delivered are dropped) and frees the
** pool. NULL is a no-op. */
void lede_pool_close(lede_pool *p);

/* The message of the last failure of open ("" when none). */
const char *lede_pool_errmsg(const lede_pool *p);

/* The info string the first worker's setup returned ("" when none). */
const char *lede_pool_info(const lede_pool *p);

/* Number of workers. */
int lede_pool_workers(const lede_pool *p);

/*
** The `lede.pool` Lua module (preloaded by luaopen_lede_core), in the
** `lede` host only (it writes to the host's store):
**
**   local pool = require "lede.pool"
**   local ex = pool.extraction{ jobs = 2, with = {FILE...}, batch = 200,
**                               on_error = function(doc_id, msg) end }
**   for _, x in ipairs(ex:extractors()) do  -- as the workers loaded them:
**     -- x.name, x.version, x.kinds, x.module (to load it), x.corpus
**   end
**   ex:submit(rowid, stale)     -- stale: {extractor_name = true, ...}
**   local processed, failed = ex:finish()
**
** Workers run lede.extract.worker with the standard extractors (unless
** standard = false) and the `with` files; the calling state loads none of
** them. For each submitted document, the stale extractors' spans and
** `extracted` rows are replaced, in C, in one transaction per `batch`
** documents, with a run per extractor ("extract:NAME", its version).
** on_error is called (from submit or finish) for each document whose
** extraction raised an error; those documents are left as they were.
**
**   local lines, stop = pool.span_lines(spans, by, json.null, from)
**
** writes, in C, lede.extract.worker's line "S<by>\t<kind>\t<start>\t<end>\t
** <attrs JSON>\n" of spans[from], spans[from + 1], ... (by[i] names the
** extractor of spans[i]): the bytes the worker's Lua code makes with
** lede.json.encode, for attributes that are flat objects. It stops at the
** first span it leaves to that code (nested tables, keys that are not
** strings, numbers JSON cannot hold, kinds with tabs) and returns its
** index as `stop` (nil when every span was written).
**
**   local line = pool.jsonl_line(doc_id, kind, start, end, text, attrs_json)
**
** is lede.spanjson.line's span JSONL line for those values, written in C
** (what `lede extract --format jsonl` prints); nil for values of other
** types, which spanjson.line then writes.
*/
int luaopen_lede_pool(lua_State *L);

#endif
