/*
** cli_merge.c -- `lede merge OUT.db IN.db...`: merges stores made on several
** machines into OUT.db (created when missing), one input at a time, each
** in its own transaction (lede_merge). An input that fails is reported and
** skipped; the others are still merged, and re-running the same command
** completes the job without doubling anything.
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"

int lede_cli_merge(lede_cli *cli, int argc, char **argv)
{
    (void)cli; /* OUT is named on the command line; --db does not apply */
    int quiet = 0, nargs = 0, opts = 1;
    char **args = argv; /* the positional arguments, compacted in place */
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (opts && strcmp(a, "--") == 0) {
            opts = 0;
        } else if (opts && (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)) {
            quiet = 1;
        } else if (opts && a[0] == '-' && a[1] != '\0') {
            lede_cli_error("merge", "unknown option '%s'\nusage: lede merge [--quiet] OUT.db IN.db...", a);
            return 1;
        } else {
            args[nargs++] = argv[i];
        }
    }
    if (nargs < 2) {
        lede_cli_error("merge", "needs the output store and at least one input\n"
                                "usage: lede merge [--quiet] OUT.db IN.db...");
        return 1;
    }
    const char *out_path = args[0];
    lede_cli out_cli = {cli->prog, out_path};
    int status = 0;
    lede *db = lede_cli_open(&out_cli, &status);
    if (!db) return status;

    lede_merge_stats total = {0};
    for (int i = 1; i < nargs; i++) {
        lede_merge_stats st = {0};
        int rc = lede_merge(db, args[i], &st);
        if (rc != LEDE_OK) {
            lede_cli_error("merge", "%s", lede_errmsg(db));
            /* The first failure decides the exit status. */
            if (status == 0) status = lede_cli_status(rc);
            continue;
        }
        total.docs_added += st.docs_added;
        total.docs_duplicate += st.docs_duplicate;
        total.spans_added += st.spans_added;
        if (!quiet)
            fprintf(stderr, "lede merge: %s: %ld documents added (%ld renamed), %ld already in %s, %ld spans, %ld runs\n",
                    args[i], st.docs_added, st.docs_renamed, st.docs_duplicate, out_path, st.spans_added,
                    st.runs_added);
    }
    if (!quiet && nargs > 2)
        fprintf(stderr, "lede merge: %s: %ld documents added, %ld already there, %ld spans\n", out_path,
                total.docs_added, total.docs_duplicate, total.spans_added);
    lede_close(db);
    return status;
}
