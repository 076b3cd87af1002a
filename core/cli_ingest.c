/*
** cli_ingest.c -- `lede ingest PATH...`: load files, directories, JSONL or
** stdin into the store. Rejected input is one line on stderr each; the exit
** status is 2 when anything was rejected, after storing the rest.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static void report(void *ud, const char *path, long line, const char *reason)
{
    int *tty = ud;
    if (*tty) fputs("\r\033[K", stderr); /* clear a progress line first */
    if (line > 0) fprintf(stderr, "%s:%ld: %s\n", path, line, reason);
    else fprintf(stderr, "%s: %s\n", path, reason);
}

typedef struct progress {
    struct timespec t0, last;
    int shown;
} progress;

static double seconds(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void show(progress *p, const lede_ingest_stats *s, int final)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!final && seconds(&p->last, &now) < 0.2) return;
    p->last = now;
    double mb = (double)s->bytes / 1e6, t = seconds(&p->t0, &now);
    fprintf(stderr, "\r\033[K%ld documents, %.1f MB, %.1f MB/s", s->docs_added + s->docs_duplicate, mb,
            t > 0 ? mb / t : 0.0);
    if (s->rejected) fprintf(stderr, ", %ld rejected", s->rejected);
    p->shown = 1;
}

static void on_progress(void *ud, const lede_ingest_stats *s)
{
    show(ud, s, 0);
}

int lede_cli_ingest(lede_cli *cli, int argc, char **argv)
{
    int npaths = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-") != 0 && argv[i][0] == '-' && strcmp(argv[i], "--") != 0) {
            lede_cli_error("ingest", "unknown option '%s' (see lede ingest --help)", argv[i]);
            return 1;
        }
        if (strcmp(argv[i], "--") != 0) npaths++;
    }
    if (npaths == 0) {
        lede_cli_error("ingest", "no path given (see lede ingest --help)");
        return 1;
    }
    int status;
    lede *db = lede_cli_open(cli, &status);
    if (!db) return status;

    int tty = isatty(STDERR_FILENO);
    progress p = {0};
    clock_gettime(CLOCK_MONOTONIC, &p.t0);
    lede_set_reporter(db, report, &tty);
    if (tty) lede_set_progress(db, on_progress, &p);

    lede_ingest_stats stats = {0};
    int worst = LEDE_OK;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) continue;
        int rc = lede_ingest_path(db, argv[i], &stats);
        if (rc == LEDE_EINPUT) {
            worst = worst == LEDE_OK ? rc : worst;
        } else if (rc != LEDE_OK) {
            if (tty && p.shown) fputs("\r\033[K", stderr);
            lede_cli_error("ingest", "%s: %s", argv[i], lede_errmsg(db));
            worst = rc;
            break;
        }
    }
    if (tty) {
        show(&p, &stats, 1);
        fprintf(stderr, "\r\033[K%ld new, %ld already stored, %ld rejected (%.1f MB)\n", stats.docs_added,
                stats.docs_duplicate, stats.rejected, (double)stats.bytes / 1e6);
    }
    int rc = lede_close(db);
    if (worst == LEDE_OK && rc != LEDE_OK) worst = rc;
    return lede_cli_status(worst);
}
