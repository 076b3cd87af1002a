/*
** pool.c -- the worker pool (see pool.h for what it promises) and the
** `lede.pool` Lua module that `lede extract --jobs N` drives.
**
** The ring: slot seq % depth holds input number seq. The submitting thread
** fills FREE slots and delivers DONE ones in sequence order; workers take
** QUEUED slots in sequence order and run them. The counters `submitted`,
** `taken` and `delivered` only grow, and every state change happens under
** the mutex, so a slot is only ever touched by one thread at a time.
*/
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "buf.h"
#include "handle.h"
#include "pool.h"
#include "script.h"
#include "store.h"

enum { SLOT_FREE, SLOT_QUEUED, SLOT_RUNNING, SLOT_DONE };

/* Buffers grown past this by one huge document are given back after it,
** so one outlier does not pin its memory for the rest of the run. */
#define SLOT_KEEP (8u << 20)

typedef struct slot {
    int state;
    int failed;
    int nargs;
    lede_buf in;          /* the arguments' bytes, one after the other */
    size_t *off;          /* per argument: offset in `in`, SIZE_MAX for nil */
    lede_pool_arg *args;  /* pointers into `in`, made when submitted */
    int capargs;
    lede_buf note;
    lede_buf out;
} slot;

typedef struct worker {
    lede_pool *pool;
    pthread_t tid;
    int started;          /* a thread runs (or ran) it */
    lede *h;
    lua_State *L;         /* index 1 holds the call trampoline */
    int rc;               /* setup's result */
    lede_buf err;
    lede_buf info;        /* the second result of the module's function */
} worker;

struct lede_pool {
    int nworkers;
    int inline_run;       /* one worker, in the calling thread */
    size_t depth;
    slot *slots;
    worker *workers;
    lede_pool_result_fn fn;
    void *ud;

    char *module;
    lede_buf init;        /* init arguments' bytes */
    lede_pool_arg *init_args;
    int ninit;

    int sync_made;        /* mutex and conditions initialised */
    pthread_mutex_t mu;
    pthread_cond_t work;  /* workers: something queued, or stop */
    pthread_cond_t done;  /* submitter: a slot is done, or a worker ready */
    uint64_t submitted, taken, delivered;
    int ready;            /* workers that finished setting up */
    int stop;

    lede_buf err;
};

static int set_err(lede_buf *b, int code, const char *msg)
{
    lede_buf_reset(b);
    lede_buf_adds(b, msg); /* on ENOMEM the message stays empty */
    return code;
}

/* --------------------------------------------------------------- a worker */

/* The per-input call, run protected: pushes the arguments, calls process
** (upvalue 1) and copies its result into the slot. */
static int call_process(lua_State *L)
{
    slot *s = lua_touserdata(L, 1);
    lua_settop(L, 0);
    luaL_checkstack(L, s->nargs + 1, "too many arguments");
    lua_pushvalue(L, lua_upvalueindex(1));
    for (int i = 0; i < s->nargs; i++) {
        if (s->args[i].p) lua_pushlstring(L, s->args[i].p, s->args[i].n);
        else lua_pushnil(L);
    }
    lua_call(L, s->nargs, 1);
    size_t n = 0;
    const char *r = "";
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TSTRING)
            return luaL_error(L, "the worker's process returned a %s, not a string", luaL_typename(L, -1));
        r = lua_tolstring(L, -1, &n);
    }
    if (lede_buf_add(&s->out, r, n) != LEDE_OK) return luaL_error(L, "out of memory");
    return 0;
}

static void run_slot(worker *w, slot *s)
{
    lua_State *L = w->L;
    lede_buf_reset(&s->out);
    s->failed = 0;
    lua_settop(L, 1);
    int st = LUA_ERRMEM;
    if (lua_checkstack(L, 3)) {
        lua_pushvalue(L, 1);
        lua_pushlightuserdata(L, s);
        st = lua_pcall(L, 1, 0, 0);
    }
    if (st == LUA_OK) return;
    s->failed = 1;
    lede_buf_reset(&s->out);
    const char *msg = st == LUA_ERRMEM ? "out of memory" : lua_tostring(L, -1);
    if (!msg) msg = "(error object is not a string)";
    lede_buf_adds(&s->out, msg);
    lua_settop(L, 1);
}

/* require(module)(init...) -> process, wrapped in the trampoline. */
static int setup_body(lua_State *L)
{
    worker *w = lua_touserdata(L, 1);
    lede_pool *p = w->pool;
    lua_settop(L, 0);
    lua_getglobal(L, "require");
    lua_pushstring(L, p->module);
    lua_call(L, 1, 1);
    luaL_checkstack(L, p->ninit + 1, "too many init arguments");
    for (int i = 0; i < p->ninit; i++) {
        if (p->init_args[i].p) lua_pushlstring(L, p->init_args[i].p, p->init_args[i].n);
        else lua_pushnil(L);
    }
    lua_call(L, p->ninit, 2);
    if (lua_type(L, -2) != LUA_TFUNCTION)
        return luaL_error(L, "%s did not give a process function (got %s)", p->module, luaL_typename(L, -2));
    size_t n = 0;
    const char *info = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &n) : "";
    lede_buf_reset(&w->info);
    if (lede_buf_add(&w->info, info, n) != LEDE_OK || !lede_buf_cstr(&w->info)) return luaL_error(L, "out of memory");
    lua_pop(L, 1);
    lua_pushcclosure(L, call_process, 1);
    return 1;
}

static int worker_setup(worker *w)
{
    int rc = lede_open(":memory:", &w->h);
    if (rc != LEDE_OK) {
        return set_err(&w->err, rc, w->h ? lede_errmsg(w->h) : "out of memory");
    }
    lua_State *L = lede_lua(w->h);
    if (!L) return set_err(&w->err, lede_errcode(w->h) ? lede_errcode(w->h) : LEDE_ENOMEM, lede_errmsg(w->h));
    lua_settop(L, 0);
    if (!lua_checkstack(L, 3)) return set_err(&w->err, LEDE_ENOMEM, "out of memory");
    lua_pushcfunction(L, setup_body);
    lua_pushlightuserdata(L, w);
    int st = lua_pcall(L, 1, 1, 0);
    if (st != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        rc = set_err(&w->err, st == LUA_ERRMEM ? LEDE_ENOMEM : LEDE_ESCRIPT,
                     msg ? msg : "(error object is not a string)");
        lua_settop(L, 0);
        return rc;
    }
    w->L = L;
    return LEDE_OK;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    lede_pool *p = w->pool;
    w->rc = worker_setup(w);
    pthread_mutex_lock(&p->mu);
    p->ready++;
    pthread_cond_signal(&p->done);
    pthread_mutex_unlock(&p->mu);
    if (w->rc != LEDE_OK) return NULL;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->stop && p->taken == p->submitted) pthread_cond_wait(&p->work, &p->mu);
        if (p->stop) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        uint64_t seq = p->taken++;
        slot *s = &p->slots[seq % p->depth];
        s->state = SLOT_RUNNING;
        pthread_mutex_unlock(&p->mu);

        run_slot(w, s);

        pthread_mutex_lock(&p->mu);
        s->state = SLOT_DONE;
        if (seq == p->delivered) pthread_cond_signal(&p->done);
        pthread_mutex_unlock(&p->mu);
    }
}

/* ------------------------------------------------------------------ the pool */

static int copy_args(lede_buf *b, size_t **off, lede_pool_arg **args, int *cap,
                     const lede_pool_arg *in, int nin)
{
    if (nin > *cap) {
        size_t *o = realloc(*off, (size_t)nin * sizeof *o);
        if (!o) return LEDE_ENOMEM;
        *off = o;
        lede_pool_arg *a = realloc(*args, (size_t)nin * sizeof *a);
        if (!a) return LEDE_ENOMEM;
        *args = a;
        *cap = nin;
    }
    lede_buf_reset(b);
    for (int i = 0; i < nin; i++) {
        (*off)[i] = in[i].p ? b->n : SIZE_MAX;
        if (in[i].p && lede_buf_add(b, in[i].p, in[i].n) != LEDE_OK) return LEDE_ENOMEM;
    }
    const char *base = b->p ? b->p : "";
    for (int i = 0; i < nin; i++) {
        (*args)[i].p = (*off)[i] == SIZE_MAX ? NULL : base + (*off)[i];
        (*args)[i].n = in[i].p ? in[i].n : 0;
    }
    return LEDE_OK;
}

const char *lede_pool_errmsg(const lede_pool *p)
{
    return p && p->err.p ? p->err.p : "";
}

const char *lede_pool_info(const lede_pool *p)
{
    return p && p->workers && p->workers[0].info.p ? p->workers[0].info.p : "";
}

int lede_pool_workers(const lede_pool *p)
{
    return p ? p->nworkers : 0;
}

static void stop_workers(lede_pool *p)
{
    if (!p->sync_made) return;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nworkers; i++) {
        if (p->workers[i].started) {
            pthread_join(p->workers[i].tid, NULL);
            p->workers[i].started = 0;
        }
    }
}

int lede_pool_open(const lede_pool_opts *o, lede_pool **out)
{
    if (!out) return LEDE_EUSAGE;
    lede_pool *p = calloc(1, sizeof *p);
    *out = p;
    if (!p) return LEDE_ENOMEM;
    if (!o || o->workers < 1 || o->workers > LEDE_POOL_MAX_WORKERS || !o->module || !o->fn ||
        o->ninit < 0 || (o->ninit > 0 && !o->init))
        return set_err(&p->err, LEDE_EUSAGE, "lede_pool_open: bad options");
    p->nworkers = o->workers;
    p->inline_run = o->workers == 1;
    p->depth = p->inline_run ? 1 : (o->depth ? o->depth : 4 * (size_t)o->workers);
    p->fn = o->fn;
    p->ud = o->ud;
    p->slots = calloc(p->depth, sizeof *p->slots);
    p->workers = calloc((size_t)p->nworkers, sizeof *p->workers);
    p->module = strdup(o->module);
    int capinit = 0;
    size_t *initoff = NULL;
    int rc = !p->slots || !p->workers || !p->module ? LEDE_ENOMEM
             : copy_args(&p->init, &initoff, &p->init_args, &capinit, o->init, o->ninit);
    free(initoff);
    if (rc != LEDE_OK) return set_err(&p->err, LEDE_ENOMEM, "out of memory");
    p->ninit = o->ninit;
    for (int i = 0; i < p->nworkers; i++) p->workers[i].pool = p;

    if (p->inline_run) {
        worker *w = &p->workers[0];
        if ((w->rc = worker_setup(w)) != LEDE_OK) return set_err(&p->err, w->rc, w->err.p ? w->err.p : "");
        return LEDE_OK;
    }

    if (pthread_mutex_init(&p->mu, NULL) != 0) return set_err(&p->err, LEDE_ENOMEM, "cannot make a mutex");
    if (pthread_cond_init(&p->work, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        return set_err(&p->err, LEDE_ENOMEM, "cannot make a condition variable");
    }
    if (pthread_cond_init(&p->done, NULL) != 0) {
        pthread_cond_destroy(&p->work);
        pthread_mutex_destroy(&p->mu);
        return set_err(&p->err, LEDE_ENOMEM, "cannot make a condition variable");
    }
    p->sync_made = 1;
    int started = 0, err = 0;
    for (int i = 0; i < p->nworkers; i++) {
        if ((err = pthread_create(&p->workers[i].tid, NULL, worker_main, &p->workers[i])) != 0) break;
        p->workers[i].started = 1;
        started++;
    }
    pthread_mutex_lock(&p->mu);
    while (p->ready < started) pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
    if (err) {
        char msg[128];
        snprintf(msg, sizeof msg, "cannot start a worker thread: %s", strerror(err));
        stop_workers(p);
        return set_err(&p->err, LEDE_ENOMEM, msg);
    }
    /* All set up: the first failure (in worker order, so that the message
    ** does not depend on timing) fails the pool. */
    for (int i = 0; i < p->nworkers; i++) {
        worker *w = &p->workers[i];
        if (w->rc != LEDE_OK) {
            rc = set_err(&p->err, w->rc, w->err.p ? w->err.p : "");
            stop_workers(p);
            return rc;
        }
    }
    return LEDE_OK;
}

/* Hands the oldest result to the callback, waiting for it if need be. */
static int deliver(lede_pool *p)
{
    slot *s = &p->slots[p->delivered % p->depth];
    if (!p->inline_run) {
        pthread_mutex_lock(&p->mu);
        while (s->state != SLOT_DONE) pthread_cond_wait(&p->done, &p->mu);
        pthread_mutex_unlock(&p->mu);
    }
    int rc = p->fn(p->ud, s->args, s->nargs, s->note.p ? s->note.p : "", s->note.n, s->failed,
                   s->out.p ? s->out.p : "", s->out.n);
    if (s->in.cap > SLOT_KEEP) lede_buf_free(&s->in);
    if (s->out.cap > SLOT_KEEP) lede_buf_free(&s->out);
    if (p->inline_run) {
        s->state = SLOT_FREE;
        p->delivered++;
        return rc;
    }
    pthread_mutex_lock(&p->mu);
    s->state = SLOT_FREE;
    p->delivered++;
    pthread_mutex_unlock(&p->mu);
    return rc;
}

int lede_pool_submit(lede_pool *p, const lede_pool_arg *in, int nin, const void *note, size_t notelen)
{
    if (!p || nin < 0 || (nin > 0 && !in)) return LEDE_EUSAGE;
    if (p->submitted - p->delivered == p->depth) {
        int rc = deliver(p);
        if (rc != LEDE_OK) return rc;
    }
    slot *s = &p->slots[p->submitted % p->depth];
    if (copy_args(&s->in, &s->off, &s->args, &s->capargs, in, nin) != LEDE_OK) return LEDE_ENOMEM;
    s->nargs = nin;
    lede_buf_reset(&s->note);
    if (notelen && lede_buf_add(&s->note, note, notelen) != LEDE_OK) return LEDE_ENOMEM;
    if (p->inline_run) {
        s->state = SLOT_RUNNING;
        p->submitted++;
        p->taken++;
        run_slot(&p->workers[0], s);
        s->state = SLOT_DONE;
        return deliver(p);
    }
    pthread_mutex_lock(&p->mu);
    s->state = SLOT_QUEUED;
    p->submitted++;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
    return LEDE_OK;
}

int lede_pool_drain(lede_pool *p)
{
    if (!p) return LEDE_EUSAGE;
    while (p->delivered < p->submitted) {
        int rc = deliver(p);
        if (rc != LEDE_OK) return rc;
    }
    return LEDE_OK;
}

void lede_pool_close(lede_pool *p)
{
    if (!p) return;
    stop_workers(p);
    if (p->sync_made) {
        pthread_cond_destroy(&p->done);
        pthread_cond_destroy(&p->work);
        pthread_mutex_destroy(&p->mu);
    }
    for (int i = 0; p->workers && i < p->nworkers; i++) {
        lede_close(p->workers[i].h);
        lede_buf_free(&p->workers[i].err);
        lede_buf_free(&p->workers[i].info);
    }
    for (size_t i = 0; p->slots && i < p->depth; i++) {
        slot *s = &p->slots[i];
        lede_buf_free(&s->in);
        lede_buf_free(&s->note);
        lede_buf_free(&s->out);
        free(s->off);
        free(s->args);
    }
    free(p->slots);
    free(p->workers);
    free(p->module);
    lede_buf_free(&p->init);
    free(p->init_args);
    lede_buf_free(&p->err);
    free(p);
}

/* ========================================================= lede.pool (Lua) */

#define EXTRACTION_MT "lede.Extraction"

/* Worker arguments of a document, in lede.extract.worker's order. */
enum { ARG_TEXT, ARG_ID, ARG_DATE, ARG_TITLE, ARG_SOURCE, ARG_URL, ARG_META, NARGS };

/* An extractor as the workers describe it (lede.extract.worker's info:
** one line "name\tversion\tkind,kind\tmodule\tcorpus" each). */
typedef struct extractor_row {
    char *line;      /* the line, its tabs made NULs: the fields point in */
    const char *name, *version, *kinds, *module;
    int corpus;      /* it has a corpus step (resolve_corpus) */
    char *script;    /* "extract:NAME", the runs' name */
    int64_t run;     /* 0 until the first document needs it */
} extractor_row;

/* One INSERT statement per this many spans: a statement's own cost
** (binding, running, halting) then weighs on a fraction of them. */
#define SPAN_ROWS 16

typedef struct span_row {
    int64_t start, end;
    const char *kind, *attrs; /* into the worker's output */
    int kindlen, attrslen;
    int64_t run;
} span_row;

typedef struct extraction {
    lede *db;
    lede_pool *pool;
    int nx;
    extractor_row *x;
    sqlite3_stmt *get_doc, *del_spans, *put_extracted;
    sqlite3_stmt *put_spans;  /* SPAN_ROWS rows per INSERT */
    struct span_row *rows;    /* a document's spans waiting for it */
    size_t nrows, caprows;
    int batch, in_batch, own_tx;
    long processed, failed;
    lede_buf failures;   /* "id\0message\0" for each failure not yet reported */
    lede_buf err;        /* a store failure's message */
    lede_buf note;
    int closed;
} extraction;

static void extraction_free(extraction *e, int commit)
{
    if (e->closed) return;
    e->closed = 1;
    lede_pool_close(e->pool);
    e->pool = NULL;
    if (e->own_tx && e->db && e->db->db) {
        sqlite3_exec(e->db->db, commit ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
        e->own_tx = 0;
    }
    sqlite3_finalize(e->get_doc);
    sqlite3_finalize(e->del_spans);
    sqlite3_finalize(e->put_extracted);
    sqlite3_finalize(e->put_spans);
    e->get_doc = e->del_spans = e->put_extracted = e->put_spans = NULL;
    free(e->rows);
    e->rows = NULL;
    for (int i = 0; e->x && i < e->nx; i++) {
        free(e->x[i].line);
        free(e->x[i].script);
    }
    free(e->x);
    e->x = NULL;
    lede_buf_free(&e->failures);
    lede_buf_free(&e->err);
    lede_buf_free(&e->note);
}

static int store_err(extraction *e, const char *what)
{
    lede_buf_reset(&e->err);
    lede_buf_printf(&e->err, "%s: %s", what, sqlite3_errmsg(e->db->db));
    return LEDE_ESTORE;
}

static int step(extraction *e, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? LEDE_OK : store_err(e, what);
}

/* Parses a non-negative decimal field ending at a tab; -1 if malformed. */
static int64_t parse_offset(const char **pp, const char *end)
{
    const char *p = *pp;
    int64_t v = 0;
    if (p == end || *p < '0' || *p > '9') return -1;
    while (p < end && *p >= '0' && *p <= '9') {
        v = v * 10 + (*p++ - '0');
        if (v > INT32_MAX) return -1;
    }
    if (p == end || *p != '\t') return -1;
    *pp = p + 1;
    return v;
}

/* Writes the document's spans in e->rows: SPAN_ROWS to a statement, the
** rest one by one. */
static int insert_spans(extraction *e, int64_t rowid)
{
    size_t i = 0;
    int rc;
    for (;;) {
        size_t left = e->nrows - i;
        if (left == 0) return LEDE_OK;
        sqlite3_stmt *st = left >= SPAN_ROWS ? e->put_spans : e->db->stmt[LEDE_STMT_INSERT_SPAN];
        size_t n = left >= SPAN_ROWS ? SPAN_ROWS : 1;
        for (size_t k = 0; k < n; k++, i++) {
            const span_row *r = &e->rows[i];
            int b = (int)k * 6;
            sqlite3_bind_int64(st, b + 1, rowid);
            sqlite3_bind_int64(st, b + 2, r->start);
            sqlite3_bind_int64(st, b + 3, r->end);
            sqlite3_bind_text(st, b + 4, r->kind, r->kindlen, SQLITE_STATIC);
            sqlite3_bind_text(st, b + 5, r->attrs, r->attrslen, SQLITE_STATIC);
            sqlite3_bind_int64(st, b + 6, r->run);
        }
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) return store_err(e, "writing spans");
    }
}

/* The worker's lines for one document: its stale extractors' spans
** replace theirs. */
static int write_doc(extraction *e, int64_t rowid, const unsigned char *stale, size_t doclen,
                     const char *out, size_t outlen)
{
    lede *db = e->db;
    int rc;
    if (sqlite3_get_autocommit(db->db)) {
        if ((rc = step(e, db->stmt[LEDE_STMT_BEGIN], "starting a transaction")) != LEDE_OK) return rc;
        e->own_tx = 1;
        e->in_batch = 0;
    }
    /* One DELETE for all the stale extractors' old spans (their scripts
    ** bound, the others' left NULL, which matches no run). */
    int any = 0;
    for (int i = 0; i < e->nx; i++) {
        if (!stale[i]) continue;
        sqlite3_bind_text(e->del_spans, i + 2, e->x[i].script, -1, SQLITE_STATIC);
        any = 1;
    }
    if (any) {
        sqlite3_bind_int64(e->del_spans, 1, rowid);
        if ((rc = step(e, e->del_spans, "deleting old spans")) != LEDE_OK) return rc;
    }
    for (int i = 0; i < e->nx; i++) {
        extractor_row *x = &e->x[i];
        if (!stale[i]) continue;
        if (!x->run && lede_store_begin_run(db, x->script, x->version, &x->run) != LEDE_OK)
            return store_err(e, "recording the run");
        sqlite3_bind_int64(e->put_extracted, 1, rowid);
        sqlite3_bind_text(e->put_extracted, 2, x->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(e->put_extracted, 3, x->version, -1, SQLITE_STATIC);
        sqlite3_bind_int64(e->put_extracted, 4, x->run);
        if ((rc = step(e, e->put_extracted, "recording the extraction")) != LEDE_OK) return rc;
    }
    e->nrows = 0;
    const char *p = out, *end = out + outlen;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *line = p;
        p = nl ? nl + 1 : end;
        if (line == le || *line != 'S') continue;
        const char *by = line + 1;
        const char *t1 = memchr(by, '\t', (size_t)(le - by));
        if (!t1) continue;
        int i = 0;
        while (i < e->nx && !(strlen(e->x[i].name) == (size_t)(t1 - by) && memcmp(e->x[i].name, by, (size_t)(t1 - by)) == 0))
            i++;
        if (i == e->nx || !stale[i]) continue;
        const char *kind = t1 + 1;
        const char *t2 = memchr(kind, '\t', (size_t)(le - kind));
        if (!t2) continue;
        const char *q = t2 + 1;
        int64_t s0 = parse_offset(&q, le), e0 = s0 < 0 ? -1 : parse_offset(&q, le);
        if (s0 < 0 || e0 < s0 || (size_t)e0 > doclen) {
            lede_buf_reset(&e->err);
            lede_buf_adds(&e->err, "a worker gave a malformed span line");
            return LEDE_ESCRIPT;
        }
        if (e->nrows == e->caprows) {
            size_t cap = e->caprows ? 2 * e->caprows : 256;
            span_row *v = realloc(e->rows, cap * sizeof *v);
            if (!v) return LEDE_ENOMEM;
            e->rows = v;
            e->caprows = cap;
        }
        e->rows[e->nrows++] = (span_row){s0, e0, kind, q, (int)(t2 - kind), (int)(le - q), e->x[i].run};
    }
    if ((rc = insert_spans(e, rowid)) != LEDE_OK) return rc;
    if (e->own_tx && ++e->in_batch >= e->batch) {
        if ((rc = step(e, db->stmt[LEDE_STMT_COMMIT], "committing spans")) != LEDE_OK) return rc;
        e->own_tx = 0;
    }
    return LEDE_OK;
}

static int on_extracted(void *ud, const lede_pool_arg *in, int nin, const void *note, size_t notelen,
                        int failed, const char *out, size_t outlen)
{
    extraction *e = ud;
    int64_t rowid;
    if (nin != NARGS || notelen != sizeof rowid + (size_t)e->nx) return LEDE_EUSAGE;
    memcpy(&rowid, note, sizeof rowid);
    if (failed) {
        e->failed++;
        if (lede_buf_add(&e->failures, in[ARG_ID].p, in[ARG_ID].n) != LEDE_OK ||
            lede_buf_addc(&e->failures, '\0') != LEDE_OK || lede_buf_add(&e->failures, out, outlen) != LEDE_OK ||
            lede_buf_addc(&e->failures, '\0') != LEDE_OK)
            return LEDE_ENOMEM;
        return LEDE_OK;
    }
    int rc = write_doc(e, rowid, (const unsigned char *)note + sizeof rowid, in[ARG_TEXT].n, out, outlen);
    if (rc == LEDE_OK) e->processed++;
    return rc;
}

static extraction *check_extraction(lua_State *L)
{
    extraction *e = luaL_checkudata(L, 1, EXTRACTION_MT);
    if (e->closed) luaL_error(L, "the extraction is finished");
    return e;
}

/* Raises the failure `rc` of a pool call, after closing the extraction
** (its open batch rolled back: those documents are redone next time). */
static int raise_rc(lua_State *L, extraction *e, int rc)
{
    const char *msg = rc == LEDE_ENOMEM ? "out of memory" : e->err.n ? e->err.p : "extraction failed";
    lua_pushstring(L, msg);
    extraction_free(e, 0);
    return lua_error(L);
}

/* Calls on_error (uservalue 1) for each failure collected since the last
** call; an error in it propagates. */
static void report_failures(lua_State *L, extraction *e)
{
    if (!e->failures.n) return;
    lua_getiuservalue(L, 1, 1);
    int fn = lua_gettop(L);
    for (size_t i = 0; i < e->failures.n;) {
        const char *id = e->failures.p + i;
        size_t idn = strlen(id);
        const char *msg = id + idn + 1;
        size_t msgn = strlen(msg);
        i += idn + msgn + 2;
        if (lua_isfunction(L, fn)) {
            lua_pushvalue(L, fn);
            lua_pushlstring(L, id, idn);
            lua_pushlstring(L, msg, msgn);
            lua_call(L, 2, 0);
        }
    }
    lede_buf_reset(&e->failures);
    lua_settop(L, fn - 1);
}

/* ex:submit(rowid, stale) */
static int ex_submit(lua_State *L)
{
    extraction *e = check_extraction(L);
    lua_Integer rowid = luaL_checkinteger(L, 2);
    luaL_checktype(L, 3, LUA_TTABLE);
    int64_t r = (int64_t)rowid;
    lede_buf_reset(&e->note);
    if (lede_buf_add(&e->note, &r, sizeof r) != LEDE_OK) return luaL_error(L, "out of memory");
    for (int i = 0; i < e->nx; i++) {
        lua_getfield(L, 3, e->x[i].name);
        int stale = lua_toboolean(L, -1);
        lua_pop(L, 1);
        if (lede_buf_addc(&e->note, stale ? 1 : 0) != LEDE_OK) return luaL_error(L, "out of memory");
    }
    sqlite3_stmt *st = e->get_doc;
    sqlite3_bind_int64(st, 1, r);
    int src = sqlite3_step(st);
    if (src == SQLITE_DONE) { /* gone since it was listed */
        sqlite3_reset(st);
        return 0;
    }
    if (src != SQLITE_ROW) {
        store_err(e, "reading a document");
        sqlite3_reset(st);
        return raise_rc(L, e, LEDE_ESTORE);
    }
    lede_pool_arg args[NARGS];
    static const int cols[NARGS] = {[ARG_TEXT] = 1, [ARG_ID] = 0, [ARG_DATE] = 2, [ARG_TITLE] = 3,
                                    [ARG_SOURCE] = 4, [ARG_URL] = 5, [ARG_META] = 6};
    for (int i = 0; i < NARGS; i++) {
        int c = cols[i];
        if (sqlite3_column_type(st, c) == SQLITE_NULL) {
            args[i].p = NULL;
            args[i].n = 0;
        } else {
            const void *b = sqlite3_column_blob(st, c);
            args[i].n = (size_t)sqlite3_column_bytes(st, c);
            args[i].p = b ? b : "";
        }
    }
    int rc = lede_pool_submit(e->pool, args, NARGS, e->note.p, e->note.n);
    sqlite3_reset(st);
    if (rc != LEDE_OK) return raise_rc(L, e, rc);
    report_failures(L, e);
    return 0;
}

/* ex:finish() -> processed, failed */
static int ex_finish(lua_State *L)
{
    extraction *e = check_extraction(L);
    int rc = lede_pool_drain(e->pool);
    if (rc != LEDE_OK) return raise_rc(L, e, rc);
    if (e->own_tx) {
        if ((rc = step(e, e->db->stmt[LEDE_STMT_COMMIT], "committing spans")) != LEDE_OK) return raise_rc(L, e, rc);
        e->own_tx = 0;
    }
    for (int i = 0; i < e->nx; i++) {
        if (e->x[i].run && lede_store_finish_run(e->db, e->x[i].run) != LEDE_OK) {
            lede_buf_reset(&e->err);
            lede_buf_adds(&e->err, lede_errmsg(e->db));
            return raise_rc(L, e, LEDE_ESTORE);
        }
    }
    report_failures(L, e);
    lua_pushinteger(L, e->processed);
    lua_pushinteger(L, e->failed);
    extraction_free(e, 1);
    return 2;
}

static int ex_gc(lua_State *L)
{
    extraction *e = luaL_checkudata(L, 1, EXTRACTION_MT);
    extraction_free(e, 0);
    return 0;
}

/* The extractors from the pool's info. LEDE_OK, LEDE_ENOMEM or
** LEDE_ESCRIPT (malformed info). */
static int read_extractors(extraction *e, const char *info)
{
    int n = 0;
    for (const char *p = info; *p; p++) n += *p == '\n';
    if (*info && info[strlen(info) - 1] != '\n') n++;
    e->x = calloc(n ? (size_t)n : 1, sizeof *e->x);
    if (!e->x) return LEDE_ENOMEM;
    for (const char *p = info; *p && e->nx < n;) {
        size_t len = strcspn(p, "\n");
        extractor_row *x = &e->x[e->nx++];
        if (!(x->line = malloc(len + 1))) return LEDE_ENOMEM;
        memcpy(x->line, p, len);
        x->line[len] = '\0';
        p += len + (p[len] == '\n');
        const char *f[5];
        char *q = x->line;
        for (int k = 0; k < 5; k++) {
            f[k] = q;
            char *t = strchr(q, '\t');
            if (k < 4 && !t) return LEDE_ESCRIPT;
            if (t) *t = '\0', q = t + 1;
        }
        x->name = f[0], x->version = f[1], x->kinds = f[2], x->module = f[3];
        x->corpus = strcmp(f[4], "1") == 0;
        size_t sn = strlen(x->name) + sizeof "extract:";
        if (!(x->script = malloc(sn))) return LEDE_ENOMEM;
        snprintf(x->script, sn, "extract:%s", x->name);
    }
    return LEDE_OK;
}

/* ex:extractors() -> { {name=, version=, kinds={...}, module=, corpus=}, ... }
** in the order they run. */
static int ex_extractors(lua_State *L)
{
    extraction *e = check_extraction(L);
    lua_createtable(L, e->nx, 0);
    for (int i = 0; i < e->nx; i++) {
        const extractor_row *x = &e->x[i];
        lua_createtable(L, 0, 5);
        lua_pushstring(L, x->name);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, x->version);
        lua_setfield(L, -2, "version");
        lua_pushstring(L, x->module);
        lua_setfield(L, -2, "module");
        lua_pushboolean(L, x->corpus);
        lua_setfield(L, -2, "corpus");
        lua_newtable(L);
        int k = 0;
        for (const char *p = x->kinds; *p;) {
            size_t n = strcspn(p, ",");
            if (n) {
                lua_pushlstring(L, p, n);
                lua_rawseti(L, -2, ++k);
            }
            p += n + (p[n] == ',');
        }
        lua_setfield(L, -2, "kinds");
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

/* pool.extraction{jobs=, with=, standard=, batch=, on_error=} */
static int l_extraction(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, LUA_REGISTRYINDEX, LEDE_HOST_KEY);
    lede *db = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (!db || !db->db) return luaL_error(L, "lede.pool: only available in the lede host (lede run, lede extract)");
    /* Workers are full Lua states that load files: no way out of a sandbox. */
    if (db->limits.sandbox) return luaL_error(L, "lede.pool: not available in the sandbox");

    lua_getfield(L, 1, "jobs");
    lua_Integer jobs = luaL_optinteger(L, -1, 1);
    lua_getfield(L, 1, "batch");
    lua_Integer batch = luaL_optinteger(L, -1, 200);
    lua_pop(L, 2);
    if (jobs < 1 || jobs > LEDE_POOL_MAX_WORKERS)
        return luaL_error(L, "jobs must be between 1 and %d", LEDE_POOL_MAX_WORKERS);
    if (batch < 1) return luaL_error(L, "batch must be positive");

    /* The workers' options: what lede.extract.worker takes. */
    lua_newtable(L);
    int opts = lua_gettop(L), n = 0;
    lua_pushliteral(L, "standard");
    lua_rawseti(L, opts, ++n);
    lua_getfield(L, 1, "standard");
    lua_pushstring(L, lua_isnil(L, -1) || lua_toboolean(L, -1) ? "1" : "0");
    lua_rawseti(L, opts, ++n);
    lua_pop(L, 1);
    if (lua_getfield(L, 1, "with") == LUA_TTABLE) {
        lua_Integer nw = luaL_len(L, -1);
        for (lua_Integer i = 1; i <= nw; i++) {
            lua_pushliteral(L, "with");
            lua_rawseti(L, opts, ++n);
            if (lua_rawgeti(L, -1, i) != LUA_TSTRING) return luaL_error(L, "with: file names expected");
            lua_rawseti(L, opts, ++n);
        }
    }
    lua_pop(L, 1);
    lua_pushliteral(L, "keep");
    lua_rawseti(L, opts, ++n);
    lua_pushliteral(L, "all");
    lua_rawseti(L, opts, ++n);
    lede_pool_arg *init = lua_newuserdatauv(L, (size_t)n * sizeof *init, 0);
    for (int i = 0; i < n; i++) {
        lua_rawgeti(L, opts, i + 1);
        init[i].p = lua_tolstring(L, -1, &init[i].n); /* kept alive by opts */
        lua_pop(L, 1);
    }

    extraction *e = lua_newuserdatauv(L, sizeof *e, 1);
    memset(e, 0, sizeof *e);
    luaL_setmetatable(L, EXTRACTION_MT);
    int ud = lua_gettop(L);
    lua_getfield(L, 1, "on_error");
    lua_setiuservalue(L, ud, 1);
    e->db = db;
    e->batch = (int)(batch > 1000000 ? 1000000 : batch);

    static const char *const sql[2] = {
        "SELECT id, text, date, title, source, url, meta FROM documents WHERE rowid = ?1",
        "INSERT OR REPLACE INTO extracted(doc, extractor, version, run) VALUES (?1, ?2, ?3, ?4)",
    };
    sqlite3_stmt **sts[2] = {&e->get_doc, &e->put_extracted};
    for (int i = 0; i < 2; i++)
        if (sqlite3_prepare_v3(db->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, sts[i], NULL) != SQLITE_OK)
            return luaL_error(L, "lede.pool: %s", sqlite3_errmsg(db->db));
    /* The store's own span INSERT (store.c), SPAN_ROWS rows at once. */
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "INSERT OR FAIL INTO spans(doc, start, end, kind, attrs, run) VALUES ");
    for (int i = 0; i < SPAN_ROWS; i++) luaL_addstring(&b, i ? ",(?, ?, ?, ?, coalesce(?, '{}'), ?)" : "(?, ?, ?, ?, coalesce(?, '{}'), ?)");
    luaL_pushresult(&b);
    if (sqlite3_prepare_v3(db->db, lua_tostring(L, -1), -1, SQLITE_PREPARE_PERSISTENT, &e->put_spans, NULL) != SQLITE_OK)
        return luaL_error(L, "lede.pool: %s", sqlite3_errmsg(db->db));
    lua_pop(L, 1);

    lede_pool_opts po = {(int)jobs, 0, "lede.extract.worker", init, n, on_extracted, e};
    int rc = lede_pool_open(&po, &e->pool);
    if (rc == LEDE_OK && (rc = read_extractors(e, lede_pool_info(e->pool))) == LEDE_ESCRIPT)
        return luaL_error(L, "lede.pool: the workers described their extractors wrongly");
    if (rc == LEDE_ENOMEM) return luaL_error(L, "out of memory");
    if (rc != LEDE_OK) {
        lua_pushstring(L, e->pool ? lede_pool_errmsg(e->pool) : "out of memory");
        extraction_free(e, 0);
        return lua_error(L);
    }
    /* Old spans of a document go in one statement: ?1 the document, ?2...
    ** the stale extractors' run names (one IN list, one ephemeral table,
    ** per document instead of one per extractor). */
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "DELETE FROM spans WHERE doc = ?1 AND run IN (SELECT id FROM runs WHERE script IN (");
    for (int i = 0; i < e->nx || i == 0; i++) luaL_addstring(&b, i ? ", ?" : "?");
    luaL_addstring(&b, "))");
    luaL_pushresult(&b);
    if (sqlite3_prepare_v3(db->db, lua_tostring(L, -1), -1, SQLITE_PREPARE_PERSISTENT, &e->del_spans, NULL) != SQLITE_OK)
        return luaL_error(L, "lede.pool: %s", sqlite3_errmsg(db->db));
    lua_settop(L, ud);
    return 1;
}

/* ==================================================== the workers' lines */

/* lede.extract.worker's lines, "S<by>\t<kind>\t<start>\t<end>\t<attrs>",
** written here for the spans whose attributes are a flat object (string
** keys; string, number, boolean or json.null values), which is nearly all:
** the same bytes lede.json.encode makes, without a Lua string per piece.
** Anything else stops the run at that span, for the worker's Lua code to
** write (or to raise the error it raises). */

#define LINE_MAX_KEYS 32
#define LINE_KEEP (1u << 20)

typedef struct line_val {
    const char *k, *s; /* key; string value (NULL for the other kinds) */
    size_t kn, sn;
    int kind;          /* LUA_TSTRING, LUA_TNUMBER, LUA_TBOOLEAN, LUA_TNIL (json.null) */
    int isint, b;
    lua_Integer i;
    lua_Number n;
} line_val;

/* The writers below put bytes at a cursor into room reserved beforehand
** for the worst case (LEDE_JSON_STRING_ROOM per string, NUMBER_ROOM per
** number). */

/* An integer or a number as lede.json writes it: %.17g is at most 24. */
#define NUMBER_ROOM 32

static char *put_bytes(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

static char *put_int(char *p, long long v)
{
    char d[24], *q = d + sizeof d;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do *--q = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) *--q = '-';
    return put_bytes(p, q, (size_t)(d + sizeof d - q));
}

/* lede.json's number: integers as they are, integral floats up to 2^53
** as integers, else %.14g, or %.17g when that does not read back. */
static char *put_json_number(char *p, const line_val *v)
{
    if (v->isint) return put_int(p, (long long)v->i);
    lua_Number n = v->n;
    if (n == floor(n) && n >= -9007199254740992.0 && n <= 9007199254740992.0) return put_int(p, (long long)n);
    char s[NUMBER_ROOM];
    snprintf(s, sizeof s, "%.14g", (double)n);
    if (strtod(s, NULL) != n) snprintf(s, sizeof s, "%.17g", (double)n);
    return put_bytes(p, s, strlen(s));
}

/* Lua's order of strings (strcoll), for strings without a NUL. */
static int key_before(const line_val *a, const line_val *b)
{
    return strcoll(a->k, b->k) < 0;
}

static int plain_name(const char *s, size_t n)
{
    if (n == 0) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\0' || s[i] == '\t' || s[i] == '\n') return 0;
    return 1;
}

/* Reads span `sp` (at stack index sp) and by (at `by`) and writes its
** line; 0 if it is not one written here (the stack is left as found). */
static int write_line(lua_State *L, lede_buf *b, int sp, int by, int null)
{
    int top = lua_gettop(L), ok = 0;
    line_val v[LINE_MAX_KEYS];
    int nv = 0;
    size_t mark = b->n;
    if (lua_type(L, sp) != LUA_TTABLE || lua_type(L, by) != LUA_TSTRING) return 0;
    lua_getfield(L, sp, "kind");
    lua_getfield(L, sp, "s");
    lua_getfield(L, sp, "e");
    lua_getfield(L, sp, "attrs");
    size_t kn = 0, bn = 0;
    const char *kind = lua_type(L, top + 1) == LUA_TSTRING ? lua_tolstring(L, top + 1, &kn) : NULL;
    const char *name = lua_tolstring(L, by, &bn);
    if (!kind || !plain_name(kind, kn) || !lua_isinteger(L, top + 2) || !lua_isinteger(L, top + 3) ||
        lua_tointeger(L, top + 2) < 1 || lua_tointeger(L, top + 3) < 1 || lua_type(L, top + 4) != LUA_TTABLE)
        goto out;
    int attrs = top + 4;
    lua_pushnil(L);
    while (lua_next(L, attrs)) {
        line_val *x = &v[nv];
        int vt = lua_type(L, -1);
        if (nv == LINE_MAX_KEYS || lua_type(L, -2) != LUA_TSTRING) {
            lua_settop(L, top);
            goto out;
        }
        x->k = lua_tolstring(L, -2, &x->kn);
        x->s = NULL;
        if (strlen(x->k) != x->kn) { /* a NUL inside: Lua compares it otherwise */
            lua_settop(L, top);
            goto out;
        }
        if (vt == LUA_TSTRING) {
            x->kind = vt;
            x->s = lua_tolstring(L, -1, &x->sn);
        } else if (vt == LUA_TNUMBER) {
            x->kind = vt;
            x->isint = lua_isinteger(L, -1);
            if (x->isint) x->i = lua_tointeger(L, -1);
            else x->n = lua_tonumber(L, -1);
            if (!x->isint && (x->n != x->n || x->n == HUGE_VAL || x->n == -HUGE_VAL)) {
                lua_settop(L, top);
                goto out;
            }
        } else if (vt == LUA_TBOOLEAN) {
            x->kind = vt;
            x->b = lua_toboolean(L, -1);
        } else if (lua_rawequal(L, -1, null)) {
            x->kind = LUA_TNIL;
        } else {
            lua_settop(L, top);
            goto out;
        }
        nv++;
        lua_pop(L, 1);
    }
    /* (The strings stay alive in the attrs table, on the stack.) */
    for (int i = 1; i < nv; i++) {
        line_val x = v[i];
        int j = i;
        while (j > 0 && key_before(&x, &v[j - 1])) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
    size_t room = 1 + bn + 1 + kn + 2 * (NUMBER_ROOM + 1) + 3;
    for (int i = 0; i < nv; i++)
        room += LEDE_JSON_STRING_ROOM(v[i].kn) + 2 +
                (v[i].kind == LUA_TSTRING ? LEDE_JSON_STRING_ROOM(v[i].sn) : NUMBER_ROOM);
    int rc = lede_buf_reserve(b, room);
    if (rc == LEDE_OK) {
        char *p = b->p + b->n;
        *p++ = 'S';
        p = put_bytes(p, name, bn);
        *p++ = '\t';
        p = put_bytes(p, kind, kn);
        *p++ = '\t';
        p = put_int(p, (long long)lua_tointeger(L, top + 2) - 1);
        *p++ = '\t';
        p = put_int(p, (long long)lua_tointeger(L, top + 3) - 1);
        *p++ = '\t';
        *p++ = '{';
        for (int i = 0; i < nv; i++) {
            if (i) *p++ = ',';
            p = lede_buf_put_json_string(p, v[i].k, v[i].kn);
            *p++ = ':';
            switch (v[i].kind) {
            case LUA_TSTRING: p = lede_buf_put_json_string(p, v[i].s, v[i].sn); break;
            case LUA_TNUMBER: p = put_json_number(p, &v[i]); break;
            case LUA_TBOOLEAN: p = v[i].b ? put_bytes(p, "true", 4) : put_bytes(p, "false", 5); break;
            default: p = put_bytes(p, "null", 4); break;
            }
        }
        *p++ = '}';
        *p++ = '\n';
        *p = '\0'; /* reserve left room for it */
        b->n = (size_t)(p - b->p);
    }
    ok = rc == LEDE_OK ? 1 : -1;
out:
    if (ok != 1) b->n = mark;
    lua_settop(L, top);
    return ok;
}

/* pool.span_lines(spans, by, null, from) -> lines, stop: the lines of
** spans[from], spans[from + 1], ... each ended by a newline, up to the
** first span this cannot write, whose index is `stop` (nil when all were
** written). by[i] names the extractor of spans[i]; null is lede.json.null. */
static int l_span_lines(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checkany(L, 3);
    lua_Integer from = luaL_optinteger(L, 4, 1);
    lua_settop(L, 4);
    luaL_checkstack(L, 16, "span_lines");
    lede_buf *b = lua_touserdata(L, lua_upvalueindex(1));
    lede_buf_reset(b);
    lua_Integer n = (lua_Integer)lua_rawlen(L, 1), i = from;
    for (; i <= n; i++) {
        lua_rawgeti(L, 1, i);
        lua_rawgeti(L, 2, i);
        int ok = write_line(L, b, 5, 6, 3);
        lua_settop(L, 4);
        if (ok < 0) return luaL_error(L, "out of memory");
        if (!ok) break;
    }
    lua_pushlstring(L, b->p ? b->p : "", b->n);
    if (i <= n) lua_pushinteger(L, i);
    else lua_pushnil(L);
    if (b->cap > LINE_KEEP) lede_buf_free(b);
    return 2;
}

/* pool.jsonl_line(doc, kind, start, end, text, attrs) -> the span JSONL
** line (no newline) that lede.spanjson.line makes from the same values,
** attrs being the JSON object text the store keeps (or nil). Returns nil
** for other types (doc, kind, text not strings, start or end not integers,
** attrs a table), which spanjson writes. */
static int l_jsonl_line(lua_State *L)
{
    size_t dn, kn, tn, an = 0;
    if (lua_type(L, 1) != LUA_TSTRING || lua_type(L, 2) != LUA_TSTRING || !lua_isinteger(L, 3) ||
        !lua_isinteger(L, 4) || lua_type(L, 5) != LUA_TSTRING || (lua_type(L, 6) != LUA_TSTRING && !lua_isnoneornil(L, 6))) {
        lua_pushnil(L);
        return 1;
    }
    const char *doc = luaL_checklstring(L, 1, &dn);
    const char *kind = luaL_checklstring(L, 2, &kn);
    lua_Integer start = luaL_checkinteger(L, 3), end = luaL_checkinteger(L, 4);
    const char *text = luaL_checklstring(L, 5, &tn);
    const char *attrs = luaL_optlstring(L, 6, NULL, &an);
    static const char f1[] = "{\"doc\":", f2[] = ",\"kind\":", f3[] = ",\"start\":", f4[] = ",\"end\":",
                      f5[] = ",\"text\":";
    size_t room = sizeof f1 + sizeof f2 + sizeof f3 + sizeof f4 + sizeof f5 + LEDE_JSON_STRING_ROOM(dn) +
                  LEDE_JSON_STRING_ROOM(kn) + LEDE_JSON_STRING_ROOM(tn) + 2 * NUMBER_ROOM + an + 2;
    luaL_Buffer b;
    char *p0 = luaL_buffinitsize(L, &b, room), *p = p0;
    p = put_bytes(p, f1, sizeof f1 - 1);
    p = lede_buf_put_json_string(p, doc, dn);
    p = put_bytes(p, f2, sizeof f2 - 1);
    p = lede_buf_put_json_string(p, kind, kn);
    p = put_bytes(p, f3, sizeof f3 - 1);
    p = put_int(p, (long long)start);
    p = put_bytes(p, f4, sizeof f4 - 1);
    p = put_int(p, (long long)end);
    p = put_bytes(p, f5, sizeof f5 - 1);
    p = lede_buf_put_json_string(p, text, tn);
    /* spanjson: an empty object (or array) adds nothing; else its members
    ** follow, whatever its first byte was */
    if (!attrs || (an == 2 && (memcmp(attrs, "{}", 2) == 0 || memcmp(attrs, "[]", 2) == 0))) {
        *p++ = '}';
    } else {
        *p++ = ',';
        if (an > 1) p = put_bytes(p, attrs + 1, an - 1);
    }
    luaL_pushresultsize(&b, (size_t)(p - p0));
    return 1;
}

static int line_buf_gc(lua_State *L)
{
    lede_buf_free(lua_touserdata(L, 1));
    return 0;
}

static const luaL_Reg ex_methods[] = {
    {"extractors", ex_extractors},
    {"submit", ex_submit},
    {"finish", ex_finish},
    {NULL, NULL},
};

static const luaL_Reg pool_funcs[] = {
    {"extraction", l_extraction},
    {NULL, NULL},
};

int luaopen_lede_pool(lua_State *L)
{
    if (luaL_newmetatable(L, EXTRACTION_MT)) {
        luaL_newlib(L, ex_methods);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, ex_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushcfunction(L, ex_gc);
        lua_setfield(L, -2, "__close");
    }
    lua_pop(L, 1);
    luaL_newlib(L, pool_funcs);
    /* span_lines' scratch buffer: one per state, freed with it. */
    lede_buf *b = lua_newuserdatauv(L, sizeof *b, 0);
    *b = (lede_buf)LEDE_BUF_INIT;
    lua_newtable(L);
    lua_pushcfunction(L, line_buf_gc);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, l_span_lines, 1);
    lua_setfield(L, -2, "span_lines");
    lua_pushcfunction(L, l_jsonl_line);
    lua_setfield(L, -2, "jsonl_line");
    return 1;
}
