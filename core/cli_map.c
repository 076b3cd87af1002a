/*
** cli_map.c -- `lede map [--extract] [--with FILE.lua]... [--kinds K,...]
** [--jobs N] [SCRIPT.lua]`: JSONL documents on stdin, span JSON Lines on
** stdout, no store. The contract for Hadoop Streaming, Spark's RDD.pipe
** and the like.
**
** What it promises:
**   - stdin is read a line at a time: memory follows the longest line and
**     the pool's few documents in flight, never the input's length;
**   - each line is read by `lede ingest`'s own JSONL rules (lede_jsonl_parse
**     in load.c): {"id","text"} plus optional "title", "date", "source",
**     "url" strings, other fields kept as the document's meta; blank lines
**     skipped; a leading BOM dropped; the text checked (UTF-8, no NUL, not
**     empty). A record that fails gives "stdin:LINE: reason" on stderr
**     (ingest's reasons) and the next line is read; at the end the exit
**     status is 2;
**   - the output for a document is the span JSON Lines `lede ingest` +
**     `lede extract --no-corpus --format jsonl [--kinds ...]` print for it:
**     same fields and field order (lua/lede/spanjson.lua), same order
**     (documents in input order; start, end descending, kind), written in
**     input order whatever --jobs is. The differences: "doc" is the
**     record's id as given (a store makes ids unique: a second "x" becomes
**     "x-2"), a text given twice is mapped twice (a store keeps it once),
**     and no corpus step runs (extract resolves a surname-only mention
**     whose document never gives the full name against the corpus);
**   - --extract runs the standard extractors, --with adds user extractors
**     (alone, they run without the standard ones), --kinds chooses what is
**     printed (default: the kinds the extractors declare; sentence,
**     paragraph, headline, byline, caption and subhead are the core's
**     segmentation); SCRIPT.lua returns function(doc, spans) -> array of
**     span tables and strings (see lua/lede/extract/worker.lua), printed
**     in its order; at least one of the three must be given;
**   - an error raised while mapping one document is reported on stderr
**     ("lede map: stdin:LINE: doc 'ID': message"), its output is dropped,
**     the others go on; the exit status is then 3.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "buf.h"
#include "cli.h"
#include "load.h"
#include "pool.h"

#define READ_CHUNK (64 * 1024)
#define OUT_FLUSH (64 * 1024)
#define MAX_WITH 64
#define INPUT_NAME "stdin"

static const char USAGE[] =
    "usage: lede map [--extract] [--with FILE.lua]... [--kinds K,...] [--jobs N] [SCRIPT.lua]";

/* Worker arguments, in lede.extract.worker's order. */
enum { ARG_TEXT, ARG_ID, ARG_DATE, ARG_TITLE, ARG_SOURCE, ARG_URL, ARG_META, NARGS };

/* The core's kinds, made here from the text as ingest stores them. */
static const char *const core_kinds[] = {"sentence", "paragraph", "headline", "byline", "caption", "subhead"};
#define NCORE (sizeof core_kinds / sizeof core_kinds[0])

typedef struct span {
    int64_t start, end;
    const char *kind, *attrs;
    size_t kindlen, attrslen;
    size_t order;
} span;

typedef struct mapper {
    int core[NCORE];   /* core kinds asked for with --kinds */
    int any_core;
    int script;        /* a SCRIPT prints in its own order */
    lede_buf out;      /* stdout, written when OUT_FLUSH is reached */
    int write_failed;
    span *spans;
    size_t nspans, capspans;
    long script_failures;
} mapper;

/* ------------------------------------------------------------- output */

/* A JSON string as lede.json writes it: control characters (and DEL, which
** Lua's %c also matches) escaped, everything else as it is. */
static int json_string(lede_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (lede_buf_addc(b, '"') != LEDE_OK) return LEDE_ENOMEM;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) continue;
        if (lede_buf_add(b, s + run, i - run) != LEDE_OK) return LEDE_ENOMEM;
        run = i + 1;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t k = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            esc[1] = 'u', esc[2] = '0', esc[3] = '0', esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
            k = 6;
        }
        if (lede_buf_add(b, esc, k) != LEDE_OK) return LEDE_ENOMEM;
    }
    if (lede_buf_add(b, s + run, n - run) != LEDE_OK) return LEDE_ENOMEM;
    return lede_buf_addc(b, '"');
}

static int flush_out(mapper *m)
{
    if (m->out.n && !m->write_failed && fwrite(m->out.p, 1, m->out.n, stdout) != m->out.n) m->write_failed = 1;
    lede_buf_reset(&m->out);
    return m->write_failed ? LEDE_ESTORE : LEDE_OK;
}

/* One line of the span JSONL contract, as lede.spanjson.line makes it. */
static int span_json(mapper *m, const lede_pool_arg *in, const span *sp)
{
    lede_buf *b = &m->out;
    const lede_pool_arg *id = &in[ARG_ID], *text = &in[ARG_TEXT];
    if (lede_buf_adds(b, "{\"doc\":") != LEDE_OK || json_string(b, id->p, id->n) != LEDE_OK ||
        lede_buf_adds(b, ",\"kind\":") != LEDE_OK || json_string(b, sp->kind, sp->kindlen) != LEDE_OK ||
        lede_buf_printf(b, ",\"start\":%lld,\"end\":%lld,\"text\":", (long long)sp->start, (long long)sp->end) != LEDE_OK ||
        json_string(b, text->p + sp->start, (size_t)(sp->end - sp->start)) != LEDE_OK)
        return LEDE_ENOMEM;
    int rc;
    if (sp->attrslen < 2 || (sp->attrslen == 2 && (memcmp(sp->attrs, "{}", 2) == 0 || memcmp(sp->attrs, "[]", 2) == 0)))
        rc = lede_buf_adds(b, "}\n");
    else if ((rc = lede_buf_addc(b, ',')) == LEDE_OK && (rc = lede_buf_add(b, sp->attrs + 1, sp->attrslen - 1)) == LEDE_OK)
        rc = lede_buf_addc(b, '\n');
    if (rc != LEDE_OK) return rc;
    return b->n >= OUT_FLUSH ? flush_out(m) : LEDE_OK;
}

static int add_span(mapper *m, int64_t start, int64_t end, const char *kind, size_t kindlen,
                    const char *attrs, size_t attrslen)
{
    if (m->nspans == m->capspans) {
        size_t cap = m->capspans ? 2 * m->capspans : 256;
        span *v = realloc(m->spans, cap * sizeof *v);
        if (!v) return LEDE_ENOMEM;
        m->spans = v;
        m->capspans = cap;
    }
    m->spans[m->nspans] = (span){start, end, kind, attrs, kindlen, attrslen, m->nspans};
    m->nspans++;
    return LEDE_OK;
}

typedef struct core_ctx {
    mapper *m;
    const char *kind; /* for sentences */
    int rc;
} core_ctx;

static int core_sentence(void *ctx, int start, int end)
{
    core_ctx *c = ctx;
    return c->rc = add_span(c->m, start, end, "sentence", 8, "{}", 2);
}

static int core_block(void *ctx, int kind, int start, int end)
{
    core_ctx *c = ctx;
    const char *name = lede_block_kind_name(kind);
    for (size_t i = 0; i < NCORE; i++) {
        if (!c->m->core[i] || strcmp(core_kinds[i], name) != 0) continue;
        /* Stored as ingest stores them: list items are paragraphs marked item. */
        const char *attrs = kind == LEDE_BLOCK_ITEM ? "{\"item\":true}" : "{}";
        return c->rc = add_span(c->m, start, end, core_kinds[i], strlen(core_kinds[i]), attrs, strlen(attrs));
    }
    return 0;
}

/* The store's order: start, end descending, kind; then as produced. */
static int by_position(const void *pa, const void *pb)
{
    const span *a = pa, *b = pb;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->end != b->end) return a->end > b->end ? -1 : 1;
    size_t n = a->kindlen < b->kindlen ? a->kindlen : b->kindlen;
    int c = memcmp(a->kind, b->kind, n);
    if (c) return c;
    if (a->kindlen != b->kindlen) return a->kindlen < b->kindlen ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static int on_result(void *ud, const lede_pool_arg *in, int nin, const void *note, size_t notelen,
                     int failed, const char *out, size_t outlen)
{
    mapper *m = ud;
    long line = 0;
    if (nin != NARGS || notelen != sizeof line) return LEDE_EUSAGE;
    memcpy(&line, note, sizeof line);
    if (failed) {
        m->script_failures++;
        fprintf(stderr, "lede map: " INPUT_NAME ":%ld: doc '%.*s': %.*s\n", line, (int)in[ARG_ID].n, in[ARG_ID].p,
                (int)outlen, out);
        return LEDE_OK;
    }
    m->nspans = 0;
    size_t len = in[ARG_TEXT].n;
    const char *p = out, *end = out + outlen;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *l = p;
        p = nl ? nl + 1 : end;
        if (l == le) continue;
        if (*l == 'T') { /* a script's line, in its place */
            if (lede_buf_add(&m->out, l + 1, (size_t)(le - l - 1)) != LEDE_OK || lede_buf_addc(&m->out, '\n') != LEDE_OK)
                return LEDE_ENOMEM;
            if (m->out.n >= OUT_FLUSH && flush_out(m) != LEDE_OK) return LEDE_ESTORE;
            continue;
        }
        /* S by \t kind \t start \t end \t attrs */
        const char *f[5];
        size_t fl[5];
        const char *q = l + 1;
        int k = 0;
        for (; k < 5; k++) {
            const char *t = k < 4 ? memchr(q, '\t', (size_t)(le - q)) : le;
            if (!t) break;
            f[k] = q;
            fl[k] = (size_t)(t - q);
            q = t + 1;
        }
        if (*l != 'S' || k < 5) return LEDE_EUSAGE;
        char num[24];
        int64_t se[2];
        for (int j = 0; j < 2; j++) {
            size_t n = fl[2 + j] < sizeof num - 1 ? fl[2 + j] : sizeof num - 1;
            memcpy(num, f[2 + j], n);
            num[n] = '\0';
            se[j] = strtoll(num, NULL, 10);
        }
        if (se[0] < 0 || se[1] < se[0] || (size_t)se[1] > len) return LEDE_EUSAGE;
        int rc = add_span(m, se[0], se[1], f[1], fl[1], f[4], fl[4]);
        if (rc != LEDE_OK) return rc;
        if (m->script) { /* the script's order */
            if ((rc = span_json(m, in, &m->spans[0])) != LEDE_OK) return rc;
            m->nspans = 0;
        }
    }
    if (m->script) return LEDE_OK;
    if (m->any_core) {
        core_ctx c = {m, NULL, LEDE_OK};
        if (m->core[0] && lede_sentences(in[ARG_TEXT].p, len, &c, core_sentence) != LEDE_OK)
            return c.rc ? c.rc : LEDE_ENOMEM;
        if (lede_article_blocks(in[ARG_TEXT].p, len, &c, core_block) != LEDE_OK) return c.rc ? c.rc : LEDE_ENOMEM;
        qsort(m->spans, m->nspans, sizeof *m->spans, by_position);
    }
    for (size_t i = 0; i < m->nspans; i++) {
        int rc = span_json(m, in, &m->spans[i]);
        if (rc != LEDE_OK) return rc;
    }
    return LEDE_OK;
}

/* --------------------------------------------------------------- input */

typedef struct reader {
    lede_buf b;
    size_t pos;
    int eof;
} reader;

/* The next line (without '\n') into *line: 1, 0 at the end, -1 read error
** (errno set), -2 out of memory. */
static int read_line(reader *r, lede_buf *line)
{
    int any = 0;
    lede_buf_reset(line);
    for (;;) {
        if (r->pos == r->b.n) {
            if (r->eof) return any;
            lede_buf_reset(&r->b);
            r->pos = 0;
            if (lede_buf_reserve(&r->b, READ_CHUNK) != LEDE_OK) return -2;
            ssize_t k = read(STDIN_FILENO, r->b.p, READ_CHUNK);
            if (k < 0 && errno == EINTR) continue;
            if (k < 0) return -1;
            if (k == 0) {
                r->eof = 1;
                return any;
            }
            r->b.n = (size_t)k;
        }
        const char *p = r->b.p + r->pos;
        size_t avail = r->b.n - r->pos;
        const char *nl = memchr(p, '\n', avail);
        size_t take = nl ? (size_t)(nl - p) : avail;
        if (lede_buf_add(line, p, take) != LEDE_OK) return -2;
        r->pos += take;
        any = 1;
        if (nl) {
            r->pos++;
            return 1;
        }
    }
}

/* ----------------------------------------------- JSONL records (as ingest) */

/*
** One JSONL line to the worker's arguments, by ingest's own record rules
** (lede_jsonl_parse). LEDE_OK (args filled), LEDE_DONE for a blank line,
** LEDE_EINPUT (why filled) or LEDE_ENOMEM.
*/
/* A field as the worker's argument: its bytes, or none (nil) for NULL. */
static lede_pool_arg field_arg(const char *s)
{
    return (lede_pool_arg){s, s ? strlen(s) : 0};
}

static int parse_record(lede_jsonl *jl, long lineno, const char *s, size_t n, lede_pool_arg *args, char *why,
                        size_t whylen)
{
    lede_jsonl_doc d;
    int rc = lede_jsonl_parse(jl, lineno, s, n, &d, why, whylen);
    if (rc != LEDE_OK) return rc;
    args[ARG_TEXT] = (lede_pool_arg){d.text, d.len};
    /* Without an id, ingest names a record after its file: here "stdin". */
    args[ARG_ID] = field_arg(d.meta.id ? d.meta.id : INPUT_NAME);
    args[ARG_SOURCE] = field_arg(d.meta.source ? d.meta.source : INPUT_NAME);
    args[ARG_TITLE] = field_arg(d.meta.title);
    args[ARG_DATE] = field_arg(d.meta.date);
    args[ARG_URL] = field_arg(d.meta.url);
    args[ARG_META] = (lede_pool_arg){d.meta.meta_json, d.meta_len};
    return LEDE_OK;
}

/* ------------------------------------------------------------- command */

static int usage_error(const char *fmt, const char *what)
{
    fputs("lede map: ", stderr);
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\n%s\n", USAGE);
    return 1;
}

int lede_cli_map(lede_cli *cli, int argc, char **argv)
{
    (void)cli; /* no store */
    int standard = 0, nwith = 0, jobs = 1;
    const char *with[MAX_WITH], *script = NULL, *kinds = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (strcmp(a, "--extract") == 0) {
            standard = 1;
        } else if (strcmp(a, "--with") == 0 || strcmp(a, "--kinds") == 0 || strcmp(a, "--jobs") == 0 ||
                   strcmp(a, "-j") == 0) {
            if (!has_value) return usage_error("%s needs a value", a);
            const char *v = argv[++i];
            if (a[2] == 'w') {
                if (nwith == MAX_WITH) return usage_error("at most 64 --with files%s", "");
                with[nwith++] = v;
            } else if (a[2] == 'k') {
                kinds = v;
            } else {
                char *endp;
                long n = strtol(v, &endp, 10);
                if (!*v || *endp || n < 1 || n > LEDE_POOL_MAX_WORKERS)
                    return usage_error("--jobs needs a number from 1 to 64, got '%s'", v);
                jobs = (int)n;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error("unknown option '%s' (see lede map --help)", a);
        } else if (script) {
            return usage_error("one SCRIPT.lua at most (got '%s' too)", a);
        } else {
            script = a;
        }
    }
    if (!standard && !nwith && !script && !kinds)
        return usage_error("%snothing to do: give --extract, --with FILE.lua, --kinds or SCRIPT.lua", "");

    mapper m;
    memset(&m, 0, sizeof m);
    m.script = script != NULL;
    if (kinds && !script) {
        for (const char *p = kinds; *p;) {
            size_t n = strcspn(p, ", \t");
            for (size_t i = 0; i < NCORE; i++)
                if (n && strlen(core_kinds[i]) == n && memcmp(core_kinds[i], p, n) == 0) m.core[i] = m.any_core = 1;
            p += n;
            p += strspn(p, ", \t");
        }
    }

    /* The workers' options (lede.extract.worker). */
    lede_pool_arg init[2 * (MAX_WITH + 3)];
    int ninit = 0;
#define OPT(k, v) (init[ninit++] = (lede_pool_arg){(k), strlen(k)}, init[ninit++] = (lede_pool_arg){(v), strlen(v)})
    OPT("standard", standard ? "1" : "0");
    for (int i = 0; i < nwith; i++) OPT("with", with[i]);
    OPT("keep", kinds ? kinds : "declared");
    if (script) OPT("script", script);
#undef OPT
    lede_pool_opts po = {jobs, 0, "lede.extract.worker", init, ninit, on_result, &m};
    lede_pool *pool = NULL;
    int rc = lede_pool_open(&po, &pool);
    if (rc != LEDE_OK) {
        lede_cli_error("map", "%s", pool ? lede_pool_errmsg(pool) : "out of memory");
        lede_pool_close(pool);
        return lede_cli_status(rc);
    }

    reader r = {LEDE_BUF_INIT, 0, 0};
    lede_buf line = LEDE_BUF_INIT;
    lede_jsonl jl;
    memset(&jl, 0, sizeof jl);
    long lineno = 0, rejected = 0;
    int fatal = LEDE_OK;
    for (;;) {
        int k = read_line(&r, &line);
        if (k == 0) break;
        if (k < 0) {
            if (k == -1) fprintf(stderr, INPUT_NAME ":%ld: cannot read: %s\n", lineno + 1, strerror(errno));
            fatal = k == -1 ? LEDE_EINPUT : LEDE_ENOMEM;
            break;
        }
        lineno++;
        lede_pool_arg args[NARGS];
        char why[256];
        rc = parse_record(&jl, lineno, line.p ? line.p : "", line.n, args, why, sizeof why);
        if (rc == LEDE_DONE) continue;
        if (rc == LEDE_EINPUT) {
            fprintf(stderr, INPUT_NAME ":%ld: %s\n", lineno, why);
            rejected++;
            continue;
        }
        if (rc == LEDE_OK) rc = lede_pool_submit(pool, args, NARGS, &lineno, sizeof lineno);
        if (rc != LEDE_OK) {
            fatal = rc;
            break;
        }
        /* A huge line should not pin its memory for the rest of the input. */
        if (line.cap > (64u << 20)) lede_buf_free(&line);
    }
    if (fatal == LEDE_OK) fatal = lede_pool_drain(pool);
    if (flush_out(&m) != LEDE_OK || fflush(stdout) != 0) m.write_failed = 1;
    lede_pool_close(pool);

    lede_buf *bufs[] = {&r.b, &line, &m.out};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) lede_buf_free(bufs[i]);
    lede_jsonl_free(&jl);
    free(m.spans);

    if (m.write_failed) {
        lede_cli_error("map", "writing the output: %s", strerror(errno));
        return 4;
    }
    if (fatal == LEDE_ENOMEM) {
        lede_cli_error("map", "out of memory");
        return 4;
    }
    if (fatal == LEDE_EUSAGE) {
        lede_cli_error("map", "a worker gave malformed output");
        return 3;
    }
    if (fatal != LEDE_OK && fatal != LEDE_EINPUT) return lede_cli_status(fatal);
    if (m.script_failures) return 3;
    if (rejected || fatal == LEDE_EINPUT) return 2;
    return 0;
}
