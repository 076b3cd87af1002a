/*
** cli.c -- helpers shared by the commands of the `lede` binary (cli.h).
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int lede_cli_status(int code)
{
    switch (code) {
    case LEDE_OK: return 0;
    case LEDE_EUSAGE: return 1;
    case LEDE_EINPUT: return 2;
    case LEDE_ESCRIPT: return 3;
    default: return 4; /* store failures and running out of memory */
    }
}

void lede_cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "lede%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

lede *lede_cli_open(lede_cli *cli, int *status)
{
    lede *db = NULL;
    int rc = lede_open(cli->db_path, &db);
    if (rc == LEDE_OK) return db;
    /* The store's messages already name the file where it matters. */
    const char *msg = lede_errmsg(db);
    if (strstr(msg, cli->db_path)) fprintf(stderr, "lede: %s\n", msg);
    else fprintf(stderr, "lede: %s: %s\n", cli->db_path, msg);
    lede_close(db);
    *status = lede_cli_status(rc);
    return NULL;
}

int lede_cli_wants_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) return 0;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) return 1;
    }
    return 0;
}

int lede_cli_script(lede_cli *cli, const char *name, int argc, char **argv)
{
    int status;
    lede *db = lede_cli_open(cli, &status);
    if (!db) return status;
    int rc = lede_run_script(db, name, argc, argv);
    if (rc != LEDE_OK) lede_cli_error(name, "%s", lede_errmsg(db));
    lede_close(db);
    return lede_cli_status(rc);
}
