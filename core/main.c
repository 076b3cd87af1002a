/*
** main.c -- the `lede` command line: global options, the store's path, and
** dispatch to the commands (cli_*.c). A thin client of lede.h.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct command {
    const char *name;
    lede_cli_fn fn;     /* NULL: the command is scripts/NAME.lua */
    const char *summary;
    const char *usage; /* shown by `lede COMMAND --help` */
} command;

static const command commands[] = {
    {"analyze", NULL, "the main job: ingest, extract, analyse and write the report",
     "usage: lede [--db FILE] analyze PATH... [-o FILE]... [--format md|html|json|csv] [--title TEXT] [--jobs N] [--quiet]\n"
     "\n"
     "Ingests PATH... (files, folders, JSONL), extracts the new documents, builds the analysis and\n"
     "writes report.html and report.md (its sources link into report.html) here. -o FILE writes\n"
     "FILE in the format its extension names (or --format); -o may repeat; --format alone writes\n"
     "report.FORMAT; -o - prints it. --jobs N extracts with N workers. The store is kept.\n"
     "Exit status: 0 ok, 1 usage error, 2 input rejected or report not written, 3 extraction\n"
     "or analysis failed (the report is still written).\n"},
    {"ingest", lede_cli_ingest, "load files, directories, JSONL or stdin into the store",
     "usage: lede [--db FILE] ingest PATH...\n"
     "\n"
     "Loads plain-text articles (.txt, .md, no extension), directories (recursive,\n"
     "sorted, hidden files skipped), JSON Lines (.jsonl/.ndjson: {\"id\",\"text\"} plus\n"
     "optional title, date, source, url; other fields kept as metadata) and - for\n"
     "standard input. Text already in the store is not stored again.\n"
     "\n"
     "Each rejected file or JSONL line (not UTF-8, binary, empty, malformed) gets one\n"
     "line PATH[:LINE]: reason on stderr; the rest is stored.\n"
     "Exit status: 0 ok, 1 usage error, 2 some input was rejected, 4 store error.\n"},
    {"search", lede_cli_search, "full-text search with highlighted snippets",
     "usage: lede [--db FILE] search [-n N] [--format text|jsonl] QUERY...\n"
     "\n"
     "Ranks documents by relevance (bm25) and shows a snippet with the matched words\n"
     "marked. QUERY uses FTS5 syntax: words, \"exact phrases\", AND, OR, NOT, prefix*.\n"
     "Matching ignores case and curly/straight quotes. -n N limits the hits\n"
     "(default 20, 0 for all). --format jsonl prints one object per hit:\n"
     "{\"doc\",\"rank\",\"score\",\"title\",\"date\",\"snippet\"} (matches marked **like this**).\n"},
    {"extract", NULL, "run the standard extractors; print spans as JSON Lines",
     "usage: lede [--db FILE] extract [--kinds K,...] [--format jsonl] [--with FILE.lua]... [--force]\n"
     "                                [--jobs N] [--no-corpus]\n"
     "\n"
     "Runs the standard extractors (people, organisations, places, demonyms, dates,\n"
     "quantities, ordinal events, quotes) on every document they have not yet run on\n"
     "at their current version, and stores the spans. --with adds a user extractor\n"
     "(a Lua file returning {name=, version=, kinds=, extract=function(doc, emit) end}).\n"
     "--force redoes every document. With --format jsonl, then prints the stored\n"
     "spans of every document as span JSON Lines; --kinds chooses the kinds printed\n"
     "(sentence and paragraph included).\n"
     "--jobs N runs the extractors on N threads (the same spans as one). After\n"
     "extracting, a surname-only mention whose document never gives the full name\n"
     "takes the one full name the corpus gives it; --no-corpus skips that step.\n"
     "Exit status: 0 ok, 1 usage error, 3 an extractor failed, 4 store error.\n"},
    {"map", lede_cli_map, "streaming: JSONL documents on stdin, span JSON Lines on stdout",
     "usage: lede map [--extract] [--with FILE.lua]... [--kinds K,...] [--jobs N] [SCRIPT.lua]\n"
     "\n"
     "Reads JSON Lines documents on stdin ({\"id\",\"text\"} plus optional title, date,\n"
     "source, url; other fields are metadata: the rules of lede ingest) and writes\n"
     "their spans as span JSON Lines on stdout, in input order, without a store: the\n"
     "lines lede ingest + lede extract --no-corpus --format jsonl print for them,\n"
     "except that ids are not made unique and repeated texts are mapped each time.\n"
     "Memory stays flat however long the input: for Hadoop Streaming, Spark's\n"
     "RDD.pipe and the like.\n"
     "\n"
     "--extract runs the standard extractors; --with adds a user extractor (alone,\n"
     "only the user extractors run); --kinds chooses the kinds printed (default:\n"
     "those the extractors declare; sentence, paragraph, headline, byline, caption,\n"
     "subhead are the core's segmentation); --jobs N maps on N threads (same output).\n"
     "SCRIPT.lua returns function(doc, spans) -> array of span tables {kind=, s=, e=,\n"
     "attrs=} (LPeg positions) and strings, printed in that order; spans are the\n"
     "extractors' spans of the kinds asked for.\n"
     "\n"
     "A malformed record gives stdin:LINE: reason on stderr and the next is read;\n"
     "a document a script fails on gives lede map: stdin:LINE: doc 'ID': message.\n"
     "Exit status: 0 ok, 1 usage error, 2 some record was malformed, 3 a script\n"
     "failed (to load, or on some document), 4 out of memory or output error.\n"},
    {"merge", lede_cli_merge, "merge stores made on several machines into one",
     "usage: lede merge [--quiet] OUT.db IN.db...\n"
     "\n"
     "Copies into OUT.db (created when missing) every document of each IN.db whose text\n"
     "OUT.db does not hold yet, with its tokens, sentences, spans, runs, extraction records\n"
     "and search index. Ids stay unique (a taken id becomes ID-2, ID-3 ...); documents keep\n"
     "their order. Each input is merged in one transaction, and merging it again adds\n"
     "nothing. An input whose schema version differs from this lede's is refused (the\n"
     "message names both versions); an older one is brought up to date with\n"
     "lede --db IN.db extract. The inputs are only read; --db does not apply.\n"
     "Prints one line per input on stderr (--quiet: none).\n"
     "Exit status: 0 ok, 1 usage error, 2 an input cannot be read, 4 an input is not a\n"
     "lede store of this schema version, or a store error (the other inputs are merged).\n"},
    {"summary", NULL, "extractive summaries with byte ranges, keywords, the corpus summary",
     "usage: lede [--db FILE] summary [--doc ID]... [-n N] [--format text|json] [--corpus]\n"
     "\n"
     "Prints N (default 3) summary sentences of each document (or of --doc ID) as\n"
     "  [START-END] sentence   (0-based byte offsets, end exclusive, into the stored text)\n"
     "then its keywords. --corpus adds the corpus summary: dates, actors and roles, key\n"
     "claims, figures, keywords. --format json prints {\"summaries\": [...], \"corpus\": {...}}.\n"
     "Exit status: 0 ok, 1 usage error or unknown document, 3 script error, 4 store error.\n"},
    {"report", NULL, "the corpus report: Markdown, HTML, JSON, or the spans as CSV",
     "usage: lede [--db FILE] report [--format md|html|json|csv] [-o FILE] [--title TEXT] [--model FILE.json]\n"
     "\n"
     "Analyses the stored documents and writes the report: Markdown on standard output by\n"
     "default; -o FILE in the format its extension names unless --format says. csv is the\n"
     "stored spans. --model renders a JSON report saved earlier.\n"
     "Exit status: 0 ok, 1 usage error, 2 a file cannot be read or written, 3 script error.\n"},
    {"run", lede_cli_run, "run a Lua script with the lede module loaded",
     "usage: lede [--db FILE] run SCRIPT.lua [ARGS...]\n"
     "\n"
     "Runs SCRIPT.lua with `arg` set as the lua interpreter does. require \"lede\" gives\n"
     "the lede module; lede.open() without an argument is the store named by --db,\n"
     "$LEDE_DB or ./lede.db. LPeg is loaded (require \"lpeg\", require \"re\").\n"
     "A Lua error prints SCRIPT.lua:LINE: message and a traceback.\n"
     "Exit status: 0 ok, 1 usage error, 2 the script cannot be read, 3 script error,\n"
     "4 store error.\n"},
    {"shell", lede_cli_shell, "an interactive Lua prompt with the store open as `db`",
     "usage: lede [--db FILE] shell\n"
     "\n"
     "A Lua prompt with `lede` loaded and `db` the open store. Incomplete statements\n"
     "continue on the next line; the values of expressions are printed.\n"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fprintf(f,
            "usage: lede [--db FILE] COMMAND [ARGS...]\n"
            "       lede --version | --help | COMMAND --help\n"
            "\n"
            "lede analyses collections of news articles: who is mentioned, who said what,\n"
            "what happened when, which figures were reported.\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++) fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(f,
            "\n"
            "The store is --db FILE (before or after the command; :memory: allowed),\n"
            "else $LEDE_DB, else ./lede.db.\n"
            "Exit status: 0 ok, 1 usage error, 2 bad input, 3 script error, 4 store error.\n");
}

/* Takes `--db FILE` / `--db=FILE` out of argv wherever it appears before a
** "--" and before the arguments that belong to a script (after `run S`). */
static int take_db(int *argc, char **argv, const char **db)
{
    int out = 0, stop = 0, nonopt = 0, is_run = 0;
    for (int i = 0; i < *argc; i++) {
        char *a = argv[i];
        if (!stop && strcmp(a, "--db") == 0) {
            if (i + 1 >= *argc) {
                lede_cli_error(NULL, "--db needs a file name");
                return 0;
            }
            *db = argv[++i];
            continue;
        }
        if (!stop && strncmp(a, "--db=", 5) == 0) {
            *db = a + 5;
            continue;
        }
        if (strcmp(a, "--") == 0) stop = 1;
        if (a[0] != '-') {
            if (nonopt == 0 && strcmp(a, "run") == 0) is_run = 1;
            if (++nonopt == 2 && is_run) stop = 1;
        }
        argv[out++] = a;
    }
    *argc = out;
    return 1;
}

int main(int argc, char **argv)
{
    lede_cli cli = {"lede", NULL};
    int n = argc - 1;
    char **args = argv + 1;
    if (!take_db(&n, args, &cli.db_path)) return 1;
    if (!cli.db_path) cli.db_path = getenv("LEDE_DB");
    if (!cli.db_path || !*cli.db_path) cli.db_path = "lede.db";

    if (n == 0) {
        usage(stderr);
        return 1;
    }
    if (strcmp(args[0], "--help") == 0 || strcmp(args[0], "-h") == 0 || strcmp(args[0], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(args[0], "--version") == 0 || strcmp(args[0], "-V") == 0) {
        printf("lede %s (Lua, LPeg, SQLite)\n", lede_version());
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(args[0], commands[i].name) != 0) continue;
        /* For `run`, --help after the script name belongs to the script. */
        int scope = strcmp(args[0], "run") == 0 ? (n > 1 ? 2 : 1) : n;
        if (lede_cli_wants_help(scope - 1, args + 1)) {
            fputs(commands[i].usage, stdout);
            return 0;
        }
        if (commands[i].fn) return commands[i].fn(&cli, n - 1, args + 1);
        return lede_cli_script(&cli, commands[i].name, n - 1, args + 1);
    }
    lede_cli_error(NULL, "unknown command '%s' (see lede --help)", args[0]);
    return 1;
}
