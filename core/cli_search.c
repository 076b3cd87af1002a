/*
** cli_search.c -- `lede search QUERY`: ranked full-text search with
** highlighted snippets, as text or JSON Lines.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"

typedef struct out {
    int jsonl;
    long n;
    lede_buf line;
} out;

/* Snippets come back with \002 and \003 around matched words; each output
** format turns them into its own marks. */
static void put_snippet(lede_buf *b, const char *s, const char *open, const char *close)
{
    for (; *s; s++) {
        if (*s == '\002') lede_buf_adds(b, open);
        else if (*s == '\003') lede_buf_adds(b, close);
        else if (*s == '\n' || *s == '\r') lede_buf_addc(b, ' ');
        else lede_buf_addc(b, *s);
    }
}

static int on_hit(void *ud, const lede_hit *h)
{
    out *o = ud;
    lede_buf *b = &o->line;
    lede_buf_reset(b);
    o->n++;
    if (o->jsonl) {
        lede_buf tmp = LEDE_BUF_INIT;
        put_snippet(&tmp, h->snippet, "**", "**");
        lede_buf_adds(b, "{\"doc\":");
        lede_buf_json_string(b, h->id, strlen(h->id));
        lede_buf_printf(b, ",\"rank\":%ld,\"score\":%.4f,\"title\":", o->n, h->score);
        if (h->title) lede_buf_json_string(b, h->title, strlen(h->title));
        else lede_buf_adds(b, "null");
        lede_buf_adds(b, ",\"date\":");
        if (h->date) lede_buf_json_string(b, h->date, strlen(h->date));
        else lede_buf_adds(b, "null");
        lede_buf_adds(b, ",\"snippet\":");
        lede_buf_json_string(b, tmp.p ? tmp.p : "", tmp.n);
        lede_buf_adds(b, "}\n");
        lede_buf_free(&tmp);
    } else {
        int tty = isatty(STDOUT_FILENO);
        lede_buf_printf(b, "%s%s%s  (%.3g)%s%s\n  ", tty ? "\033[1;34m" : "", h->id, tty ? "\033[0m" : "",
                        h->score, h->title ? "  " : "", h->title ? h->title : "");
        put_snippet(b, h->snippet, tty ? "\033[1;31m" : "[", tty ? "\033[0m" : "]");
        lede_buf_adds(b, "\n");
    }
    if (!b->p || fwrite(b->p, 1, b->n, stdout) != b->n) return LEDE_ENOMEM;
    return 0;
}

int lede_cli_search(lede_cli *cli, int argc, char **argv)
{
    out o = {0, 0, LEDE_BUF_INIT};
    int limit = 20;
    lede_buf query = LEDE_BUF_INIT;
    int status = 1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            const char *f = argv[++i];
            if (strcmp(f, "jsonl") == 0) o.jsonl = 1;
            else if (strcmp(f, "text") != 0) {
                lede_cli_error("search", "unknown format '%s' (text or jsonl)", f);
                goto done;
            }
        } else if ((strcmp(a, "-n") == 0 || strcmp(a, "--limit") == 0) && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 0 || n > 1000000) {
                lede_cli_error("search", "bad limit '%s'", argv[i]);
                goto done;
            }
            limit = (int)n;
        } else if (a[0] == '-' && a[1]) {
            lede_cli_error("search", "unknown option '%s' (see lede search --help)", a);
            goto done;
        } else {
            if (query.n) lede_buf_addc(&query, ' ');
            lede_buf_adds(&query, a);
        }
    }
    if (!query.n) {
        lede_cli_error("search", "no query given (see lede search --help)");
        goto done;
    }
    lede *db = lede_cli_open(cli, &status);
    if (!db) goto done;
    int rc = lede_search(db, query.p, limit, "\002", "\003", on_hit, &o);
    if (rc != LEDE_OK) lede_cli_error("search", "%s", lede_errmsg(db));
    else if (o.n == 0 && isatty(STDERR_FILENO)) fprintf(stderr, "no matches\n");
    status = lede_cli_status(rc);
    lede_close(db);
done:
    lede_buf_free(&query);
    lede_buf_free(&o.line);
    return status;
}
