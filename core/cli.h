/*
** cli.h -- the commands of the `lede` binary. Each takes the arguments after
** the command name and returns the process exit status (0 ok, 1 usage,
** 2 bad input, 3 script error, 4 store error). The binary is a thin client:
** commands use only lede.h and these helpers.
*/
#ifndef LEDE_CLI_H
#define LEDE_CLI_H

#include "lede.h"

typedef struct lede_cli {
    const char *prog;    /* "lede" */
    const char *db_path; /* --db, $LEDE_DB or ./lede.db */
} lede_cli;

typedef int (*lede_cli_fn)(lede_cli *cli, int argc, char **argv);

int lede_cli_ingest(lede_cli *cli, int argc, char **argv);
int lede_cli_search(lede_cli *cli, int argc, char **argv);
int lede_cli_run(lede_cli *cli, int argc, char **argv);
int lede_cli_shell(lede_cli *cli, int argc, char **argv);
int lede_cli_map(lede_cli *cli, int argc, char **argv);
int lede_cli_merge(lede_cli *cli, int argc, char **argv);

/* Runs lede's scripts/NAME.lua on the store (a built-in command). */
int lede_cli_script(lede_cli *cli, const char *name, int argc, char **argv);

/* Opens cli->db_path; on failure prints "lede: PATH: message" and returns
** NULL with *status set to the exit status. */
lede *lede_cli_open(lede_cli *cli, int *status);

/* Maps a LEDE_E* code to an exit status. */
int lede_cli_status(int code);

/* Prints "lede COMMAND: message" on stderr. */
void lede_cli_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* True when argv[i] is -h or --help. */
int lede_cli_wants_help(int argc, char **argv);

#endif
