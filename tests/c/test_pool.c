/*
** test_pool.c -- the worker pool (core/pool.h): results come back in
** submission order whatever order the workers finish in, the same for 1,
** 2 and 4 workers; nils and long strings pass through; an error fails one
** input and not the next; the ring never holds more than its depth; a
** module that does not load fails the open with its file:line; a
** callback's refusal stops the run.
**
** The worker module is written by the test into a temporary folder put
** first on $LEDE_PATH (the lede library comes after it, from $LEDE_ROOT).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lede.h"
#include "pool.h"
#include "tap.h"

static char dir[256];

/* process(a, b, c): spins b steps (so that late inputs can finish
** first), fails on a == "bad", describes its arguments on a == "types",
** else returns prefix .. a .. ":" .. #c. */
static const char module_src[] =
    "return function(prefix)\n"
    "  return function(a, b, c)\n"
    "    if a == 'bad' then error('bad input ' .. tostring(b)) end\n"
    "    if a == 'types' then return type(a) .. ',' .. type(b) .. ',' .. type(c) end\n"
    "    if a == 'table' then return {} end\n"
    "    local x = 0\n"
    "    for i = 1, tonumber(b) or 0 do x = x + i end\n"
    "    return prefix .. a .. ':' .. (c and #c or -1)\n"
    "  end, 'set up with ' .. prefix\n"
    "end\n";

static int write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) return 0;
    fputs(text, f);
    return fclose(f) == 0;
}

typedef struct collect {
    long n;            /* results seen */
    long bad_order;    /* results out of submission order */
    long wrong;        /* outputs that are not what process makes */
    long failed;
    char last_error[256];
    long stop_at;      /* return 99 at this result (0: never) */
    char prefix[16];
    char types[64];    /* the output for a == "types" */
} collect;

static int on_result(void *ud, const lede_pool_arg *in, int nin, const void *note, size_t notelen,
                     int failed, const char *out, size_t outlen)
{
    collect *c = ud;
    long seq;
    memcpy(&seq, note, sizeof seq);
    if (notelen != sizeof seq || seq != c->n) c->bad_order++;
    c->n++;
    if (failed) {
        c->failed++;
        snprintf(c->last_error, sizeof c->last_error, "%.*s", (int)outlen, out);
    } else if (nin == 3 && in[0].p && in[0].n == 5 && memcmp(in[0].p, "types", 5) == 0) {
        snprintf(c->types, sizeof c->types, "%.*s", (int)outlen, out);
    } else if (nin == 3 && in[0].p) {
        char want[128];
        snprintf(want, sizeof want, "%s%.*s:%ld", c->prefix, (int)in[0].n, in[0].p,
                 in[2].p ? (long)in[2].n : -1L);
        if (strlen(want) != outlen || memcmp(want, out, outlen) != 0) c->wrong++;
    }
    if (c->stop_at && c->n == c->stop_at) return 99;
    return 0;
}

static lede_pool *open_pool(tap *t, int workers, size_t depth, const char *module, collect *c, int *rc)
{
    lede_pool_arg init[1] = {{c->prefix, strlen(c->prefix)}};
    lede_pool_opts o = {workers, depth, module, init, 1, on_result, c};
    lede_pool *p = NULL;
    *rc = lede_pool_open(&o, &p);
    if (*rc != LEDE_OK && strcmp(module, "pooltest") == 0)
        TAP_OK(t, 0, "open a pool of %d: %s", workers, lede_pool_errmsg(p));
    return p;
}

int main(void)
{
    tap t = {0, 0};
    snprintf(dir, sizeof dir, "%s/lede-test-pool.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) {
        printf("Bail out! cannot make a temporary folder\n");
        return 1;
    }
    const char *root = getenv("LEDE_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s;%s/lua", dir, root && *root ? root : ".");
    setenv("LEDE_PATH", path, 1);
    write_file("pooltest.lua", module_src);
    write_file("pool_syntax.lua", "return function( end\n");
    write_file("pool_notfn.lua", "return function() return 42 end\n");

    for (int w = 1; w <= 4; w *= 2) {
        collect c = {0};
        snprintf(c.prefix, sizeof c.prefix, "w%d-", w);
        int rc;
        lede_pool *p = open_pool(&t, w, 0, "pooltest", &c, &rc);
        char want[64];
        snprintf(want, sizeof want, "set up with w%d-", w);
        const char *wantp = want;
        TAP_IS_STR(&t, lede_pool_info(p), wantp, "the module's second result is the pool's info");
        TAP_IS_INT(&t, lede_pool_workers(p), w, "as many workers as asked");
        lede_pool_close(p);
    }

    /* Order, for each worker count. */
    for (int w = 1; w <= 4; w *= 2) {
        collect c = {0};
        snprintf(c.prefix, sizeof c.prefix, "w%d-", w);
        int rc;
        lede_pool *p = open_pool(&t, w, 0, "pooltest", &c, &rc);
        if (rc != LEDE_OK) {
            lede_pool_close(p);
            continue;
        }
        long n = 300, max_inflight = 0;
        for (long i = 0; i < n && rc == LEDE_OK; i++) {
            char a[32], b[32], cbuf[64];
            snprintf(a, sizeof a, "doc%ld", i);
            /* Every seventh input is slow: the ones after it finish first. */
            snprintf(b, sizeof b, "%ld", i % 7 == 0 ? 300000L : (i % 3) * 1000L);
            memset(cbuf, 'x', sizeof cbuf);
            lede_pool_arg in[3] = {{a, strlen(a)}, {b, strlen(b)}, {cbuf, (size_t)(i % 64)}};
            rc = lede_pool_submit(p, in, 3, &i, sizeof i);
            if (i + 1 - c.n > max_inflight) max_inflight = i + 1 - c.n;
        }
        if (rc == LEDE_OK) rc = lede_pool_drain(p);
        TAP_IS_INT(&t, rc, LEDE_OK, "submit and drain");
        TAP_OK(&t, c.n == n && c.bad_order == 0, "%d worker(s): %ld of %ld results, in submission order", w, c.n, n);
        TAP_IS_INT(&t, c.wrong, 0, "each output is its own input's");
        TAP_OK(&t, max_inflight <= (w == 1 ? 0 : 4 * w), "%d worker(s): at most the ring's depth in flight (%ld)", w,
               max_inflight);
        lede_pool_close(p);
    }

    /* A shallow ring. */
    {
        collect c = {0};
        strcpy(c.prefix, "d-");
        int rc;
        lede_pool *p = open_pool(&t, 2, 2, "pooltest", &c, &rc);
        long max_inflight = 0;
        for (long i = 0; i < 50 && rc == LEDE_OK; i++) {
            lede_pool_arg in[3] = {{"x", 1}, {"5000", 4}, {"abc", 3}};
            rc = lede_pool_submit(p, in, 3, &i, sizeof i);
            if (i + 1 - c.n > max_inflight) max_inflight = i + 1 - c.n;
        }
        if (rc == LEDE_OK) rc = lede_pool_drain(p);
        TAP_OK(&t, rc == LEDE_OK && c.n == 50 && max_inflight <= 2,
               "depth 2: never more than 2 in flight (%ld), all 50 delivered", max_inflight);
        lede_pool_close(p);
    }

    /* Nils, long strings, errors, bad results. */
    for (int w = 1; w <= 2; w++) {
        collect c = {0};
        strcpy(c.prefix, "p-");
        int rc;
        lede_pool *p = open_pool(&t, w, 0, "pooltest", &c, &rc);
        if (rc != LEDE_OK) {
            lede_pool_close(p);
            continue;
        }
        long seq = 0;
        lede_pool_arg types[3] = {{"types", 5}, {NULL, 0}, {"", 0}};
        lede_pool_submit(p, types, 3, &seq, sizeof seq);
        seq++;
        size_t big = 3u << 20;
        char *long_text = malloc(big);
        if (long_text) memset(long_text, 'y', big);
        lede_pool_arg large[3] = {{"big", 3}, {"0", 1}, {long_text, long_text ? big : 0}};
        lede_pool_submit(p, large, 3, &seq, sizeof seq);
        seq++;
        lede_pool_arg bad[3] = {{"bad", 3}, {"7", 1}, {NULL, 0}};
        lede_pool_submit(p, bad, 3, &seq, sizeof seq);
        seq++;
        lede_pool_arg tab[3] = {{"table", 5}, {NULL, 0}, {NULL, 0}};
        lede_pool_submit(p, tab, 3, &seq, sizeof seq);
        seq++;
        lede_pool_arg after[3] = {{"after", 5}, {"1", 1}, {"ab", 2}};
        lede_pool_submit(p, after, 3, &seq, sizeof seq);
        seq++;
        rc = lede_pool_drain(p);
        TAP_OK(&t, rc == LEDE_OK && c.n == 5 && c.bad_order == 0, "%d worker(s): five inputs, five results in order", w);
        TAP_IS_INT(&t, c.wrong, 0, "a 3 MB argument arrives whole");
        const char *got_types = c.types;
        TAP_IS_STR(&t, got_types, "string,nil,string", "a NULL argument is nil, an empty one \"\"");
        TAP_IS_INT(&t, c.failed, 2, "an error and a result that is not a string fail their inputs only");
        TAP_OK(&t, strstr(c.last_error, "returned a table, not a string") != NULL, "... saying what came back: %s",
               c.last_error);
        free(long_text);
        lede_pool_close(p);
    }
    {
        /* The error's message names the worker module's line. */
        collect c = {0};
        strcpy(c.prefix, "e-");
        int rc;
        lede_pool *p = open_pool(&t, 2, 0, "pooltest", &c, &rc);
        long seq = 0;
        lede_pool_arg bad[3] = {{"bad", 3}, {"7", 1}, {NULL, 0}};
        lede_pool_submit(p, bad, 3, &seq, sizeof seq);
        lede_pool_drain(p);
        TAP_OK(&t, c.failed == 1 && strstr(c.last_error, "pooltest.lua:3: bad input 7") != NULL,
               "a Lua error is reported as file:line: message (%s)", c.last_error);
        lede_pool_close(p);
    }

    /* Modules that do not set up. */
    for (int w = 1; w <= 3; w += 2) {
        collect c = {0};
        int rc;
        lede_pool *p = open_pool(&t, w, 0, "pool_syntax", &c, &rc);
        TAP_IS_INT(&t, rc, LEDE_ESCRIPT, "a module that does not compile fails the open");
        TAP_OK(&t, strstr(lede_pool_errmsg(p), "pool_syntax.lua:1:") != NULL, "%d worker(s): naming file:line", w);
        lede_pool_close(p);
        p = open_pool(&t, w, 0, "pool_notfn", &c, &rc);
        TAP_OK(&t, rc == LEDE_ESCRIPT && strstr(lede_pool_errmsg(p), "did not give a process function"),
               "a module that gives no function: %s", lede_pool_errmsg(p));
        lede_pool_close(p);
        p = open_pool(&t, w, 0, "pool_missing", &c, &rc);
        TAP_OK(&t, rc == LEDE_ESCRIPT && strstr(lede_pool_errmsg(p), "module 'pool_missing' not found"),
               "a missing module fails the open");
        lede_pool_close(p);
    }
    {
        lede_pool *p = NULL;
        lede_pool_opts o = {0, 0, "pooltest", NULL, 0, on_result, NULL};
        TAP_IS_INT(&t, lede_pool_open(&o, &p), LEDE_EUSAGE, "no workers: a usage error");
        lede_pool_close(p);
        o.workers = LEDE_POOL_MAX_WORKERS + 1;
        p = NULL;
        TAP_IS_INT(&t, lede_pool_open(&o, &p), LEDE_EUSAGE, "too many workers: a usage error");
        lede_pool_close(p);
    }

    /* The callback's refusal stops the run; closing with work queued is safe. */
    for (int w = 1; w <= 2; w++) {
        collect c = {0};
        strcpy(c.prefix, "s-");
        c.stop_at = 3;
        int rc;
        lede_pool *p = open_pool(&t, w, 0, "pooltest", &c, &rc);
        long i = 0;
        for (; i < 40; i++) {
            lede_pool_arg in[3] = {{"x", 1}, {"100", 3}, {NULL, 0}};
            if ((rc = lede_pool_submit(p, in, 3, &i, sizeof i)) != LEDE_OK) break;
        }
        if (rc == LEDE_OK) rc = lede_pool_drain(p);
        TAP_OK(&t, rc == 99 && c.n == 3, "%d worker(s): a callback's non-zero return comes back and stops (%d, %ld)", w,
               rc, c.n);
        lede_pool_close(p);
    }

    /* lede.pool's workers are unsandboxed states: a sandboxed script may
    ** not start them (it could hand them any file to run). */
    {
        lede *db = NULL;
        lede_limits lim = {0, 0, 0, 1};
        int rc = lede_open(":memory:", &db);
        if (rc == LEDE_OK) rc = lede_set_limits(db, &lim);
        if (rc == LEDE_OK)
            rc = lede_run_string(db, "return require('lede.pool').extraction{ with = {'/tmp/x.lua'} }", "escape");
        TAP_OK(&t, rc == LEDE_ESCRIPT && strstr(lede_errmsg(db), "not available in the sandbox"),
               "a sandboxed script cannot start extraction workers");
        lede_close(db);
    }

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("# could not remove %s\n", dir);
    return tap_done(&t);
}
