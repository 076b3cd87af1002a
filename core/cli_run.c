/*
** cli_run.c -- `lede run SCRIPT.lua [ARGS...]`: runs a Lua script with the
** `lede` module loaded and the store open (lede.open() returns it).
**
** `arg` is set as the lua interpreter sets it and the arguments are also
** the chunk's `...`; SCRIPT "-" reads the script from standard input.
** Exit status: 0 ok; 1 usage; 2 the script cannot be read; 3 a Lua error
** (message "lede run: FILE:LINE: message" and the traceback on stderr) or
** documents that failed under lede.each_doc(..., {keep_going = true});
** 4 the store failed.
*/
#include <stdio.h>

#include "cli.h"

int lede_cli_run(lede_cli *cli, int argc, char **argv)
{
    if (argc < 1) {
        lede_cli_error("run", "which script? (usage: lede run SCRIPT.lua [ARGS...])");
        return 1;
    }
    int status;
    lede *db = lede_cli_open(cli, &status);
    if (!db) return status;
    int rc = lede_run_file(db, argv[0], argc - 1, argv + 1);
    if (rc != LEDE_OK) lede_cli_error("run", "%s", lede_errmsg(db));
    lede_close(db);
    return lede_cli_status(rc);
}
