/*
** lede.h -- the public interface of liblede.
**
** lede loads news articles, tokenizes them, stores them in SQLite and hands
** them to embedded Lua. This header is the whole public surface: the `lede`
** binary uses nothing else.
**
** Conventions (as in sqlite3.h):
**   - handles are opaque; every call returns an int status, LEDE_OK on
**     success;
**   - after a failed call, lede_errmsg(db) describes it; the message stays
**     valid until the next call on the same handle;
**   - byte offsets are 0-based and half-open [start, end) into the text as
**     stored (a leading UTF-8 byte order mark is never stored);
**   - a handle is used by one thread at a time; separate handles are
**     independent (no global mutable state).
*/
#ifndef LEDE_H
#define LEDE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LEDE_VERSION_MAJOR 0
#define LEDE_VERSION_MINOR 1
#define LEDE_VERSION_PATCH 0
#define LEDE_VERSION "0.1.0"
#define LEDE_VERSION_NUMBER (LEDE_VERSION_MAJOR * 10000 + LEDE_VERSION_MINOR * 100 + LEDE_VERSION_PATCH)

/* The version of the library actually linked, e.g. "0.1.0". */
const char *lede_version(void);

/*
** Status codes. The values 1..4 are also the exit statuses of the `lede`
** command line for the same class of failure.
*/
#define LEDE_OK      0   /* success */
#define LEDE_EUSAGE  1   /* bad argument from the caller */
#define LEDE_EINPUT  2   /* bad input: unreadable, not UTF-8, binary, malformed JSONL */
#define LEDE_ESCRIPT 3   /* a Lua script failed (error, memory or instruction limit) */
#define LEDE_ESTORE  4   /* the SQLite store failed or is not a lede store */
#define LEDE_ENOMEM  5   /* out of memory */
#define LEDE_ROW     100 /* a cursor has another row */
#define LEDE_DONE    101 /* a cursor is exhausted */

typedef struct lede lede;

/*
** Opens (creating if needed) the store at `path`; ":memory:" gives a private
** in-memory store. The schema is created or migrated forward. On failure
** *out is still set when memory allowed, so lede_errmsg(*out) can explain;
** lede_close() it in every case.
*/
int lede_open(const char *path, lede **out);

/* Closes the store and frees the handle (NULL is a no-op). Pending spans are
** written first. */
int lede_close(lede *db);

/* The code and message of the last failed call on `db`. */
int lede_errcode(const lede *db);
const char *lede_errmsg(const lede *db);

/*
** Rejected input during ingest is reported here, one call per rejected file
** or JSONL line (`line` is 0 when it does not apply). Without a reporter,
** rejections are only counted. The strings are valid during the call only.
*/
typedef void (*lede_report_fn)(void *ud, const char *path, long line, const char *reason);
void lede_set_reporter(lede *db, lede_report_fn fn, void *ud);

/* Called after each document an ingest reads (for progress displays). */
struct lede_ingest_stats;
typedef void (*lede_progress_fn)(void *ud, const struct lede_ingest_stats *so_far);
void lede_set_progress(lede *db, lede_progress_fn fn, void *ud);

/* ---------------------------------------------------------------- ingest */

typedef struct lede_ingest_stats {
    long docs_added;     /* new documents stored */
    long docs_duplicate; /* documents whose text was already stored */
    long rejected;       /* files or JSONL lines rejected */
    long long bytes;     /* bytes of text read */
} lede_ingest_stats;

/*
** Ingests a file, a directory (recursive, sorted, hidden entries skipped),
** a .jsonl file (one {"id","text",...} object per line) or "-" for standard
** input (JSONL when its first byte is '{', plain text otherwise).
** Rejections are reported and counted; the other documents are stored.
** Returns LEDE_EINPUT when anything was rejected (after storing the rest),
** LEDE_ESTORE/LEDE_ENOMEM on a failure that stopped the ingest. `stats` may
** be NULL; otherwise it is added to (not reset), so several calls sum up.
*/
int lede_ingest_path(lede *db, const char *path, lede_ingest_stats *stats);

/* Optional metadata of a document ingested from memory. Any field may be NULL. */
typedef struct lede_doc_meta {
    const char *id;     /* wanted id; made unique within the store */
    const char *title;
    const char *date;   /* as given, ideally ISO 8601 */
    const char *source; /* where it came from (file path, outlet ...) */
    const char *url;
    const char *meta_json; /* a JSON object of further fields */
} lede_doc_meta;

/*
** Ingests one document from memory. `text` must be valid UTF-8 without NUL
** bytes (LEDE_EINPUT otherwise). When `id_out` is not NULL it receives the
** stored id (malloc'ed, the caller frees it), also when the text was already
** stored (then the id of the earlier copy).
*/
int lede_ingest_buffer(lede *db, const char *text, size_t len,
                       const lede_doc_meta *meta, char **id_out);

/* ----------------------------------------------------------------- merge */

typedef struct lede_merge_stats {
    long docs_added;     /* documents copied into the store */
    long docs_duplicate; /* documents whose text the store already held */
    long docs_renamed;   /* copied documents whose id was taken (now ID-2 ...) */
    long spans_added;    /* spans copied (layout and extracted) */
    long runs_added;     /* runs copied (those the copied spans refer to) */
} lede_merge_stats;

/*
** Merges the store at `in_path` (made by lede on another machine, say) into
** `db`, in one transaction: each document whose text `db` lacks is copied
** with its tokens, sentences, spans, runs, extraction record and search
** index, under its id or, when `db` has that id, ID-2, ID-3 ...; a document
** whose text `db` has is skipped. Merging the same store twice adds
** nothing. `in_path` is only read. LEDE_EINPUT when it cannot be read,
** LEDE_ESTORE when it is not a lede store or its schema version differs
** from this lede's (the message names the file and both versions),
** LEDE_EUSAGE when it is `db` itself; nothing is merged then. `stats` may
** be NULL; otherwise it is added to (not reset).
*/
int lede_merge(lede *db, const char *in_path, lede_merge_stats *stats);

/* ------------------------------------------------------------- documents */

typedef struct lede_doc {
    int64_t rowid;      /* internal number, stable within a store */
    const char *id;
    const char *text;
    size_t len;         /* bytes of text */
    const char *title, *date, *source, *url; /* NULL when absent */
    const char *meta;   /* JSON object text, "{}" when empty */
} lede_doc;

typedef struct lede_cursor lede_cursor;

/*
** Iterates documents in rowid order. `id` NULL for all documents, else the
** one with that id. lede_cursor_next returns LEDE_ROW and fills *doc (valid
** until the next call on the cursor), LEDE_DONE at the end, or an error.
*/
int lede_docs_open(lede *db, const char *id, lede_cursor **out);
int lede_docs_next(lede_cursor *cur, lede_doc *doc);
void lede_docs_close(lede_cursor *cur);

/* Number of documents stored. */
int lede_count_docs(lede *db, int64_t *out);

/* --------------------------------------------------------------- search */

typedef struct lede_hit {
    const char *id;      /* document id */
    const char *title;   /* NULL when absent */
    const char *date;    /* NULL when absent */
    double score;        /* relevance (negated bm25): higher is better */
    const char *snippet; /* a passage with `open`/`close` around matched words */
} lede_hit;

/* Return non-zero to stop; that value is returned by lede_search. */
typedef int (*lede_hit_fn)(void *ud, const lede_hit *hit);

/*
** Full-text search, best first, at most `limit` hits (0: no limit). `query`
** is FTS5 syntax (words, "phrases", AND/OR/NOT, prefix*); when it does not
** parse as such, its words are searched as plain words. Matching uses
** lede's tokenizer: case and curly/straight quotes and dashes don't matter.
*/
int lede_search(lede *db, const char *query, int limit, const char *open, const char *close,
                lede_hit_fn fn, void *ud);

/* ------------------------------------------------------------- tokenizer */

/* Token classes, passed to the token callback. */
enum lede_token_class {
    LEDE_TOK_WORD = 1,     /* letters, with inner hyphens/apostrophes; abbreviations (U.S.) */
    LEDE_TOK_NUMBER = 2,   /* 37,000  1.5  63%  2024-10-29 */
    LEDE_TOK_PUNCT = 3,    /* . , ; : ! ? ( ) ... */
    LEDE_TOK_OPEN_QUOTE = 4,
    LEDE_TOK_CLOSE_QUOTE = 5,
    LEDE_TOK_DASH = 6,     /* - – — between words */
    LEDE_TOK_SYMBOL = 7,   /* © $ % & ... standing alone */
    LEDE_TOK_URL = 8,      /* URLs and e-mail addresses */
    LEDE_TOK_POSSESSIVE = 9 /* 's ’s after a word */
};

/* Flags for lede_tokenize. */
#define LEDE_TOKENIZE_FOLD 0x1 /* pass the normalised, case-folded form of each token */

/*
** The token callback, in the shape of an FTS5 tokenizer's xToken: `token`
** and `ntoken` are the token's bytes (with LEDE_TOKENIZE_FOLD: its folded
** form, valid during the call only), [start, end) its byte range in the
** input. A non-zero return stops tokenizing and is returned by
** lede_tokenize.
*/
typedef int (*lede_token_fn)(void *ctx, int cls, const char *token, int ntoken,
                             int start, int end);

/* Tokenizes `len` bytes of UTF-8 text (invalid bytes become symbols). */
int lede_tokenize(const char *text, size_t len, int flags, void *ctx, lede_token_fn fn);

/* Called once per sentence, [start, end) without surrounding space. */
typedef int (*lede_range_fn)(void *ctx, int start, int end);

/* Splits text into sentences (news-aware: abbreviations, quotes, headlines). */
int lede_sentences(const char *text, size_t len, void *ctx, lede_range_fn fn);

/* -------------------------------------------------------------- scripts */

typedef struct lua_State lua_State;

/*
** The Lua state of the handle (created on first use, with the `lede` module
** and LPeg loaded and the limits applied). Use it to register host
** functions. Owned by the handle.
*/
lua_State *lede_lua(lede *db);

/*
** Runs a Lua file with `arg` set as the lua interpreter does: arg[0] is
** `path`, argv[0..argc) become arg[1..argc]. LEDE_EINPUT when the file
** cannot be read; LEDE_ESCRIPT on a Lua error or a limit, the message then
** holding "file:line: message" and a traceback.
*/
int lede_run_file(lede *db, const char *path, int argc, char **argv);

/*
** Runs one of the scripts shipped with lede (scripts/NAME.lua beside its
** Lua library: "extract", "report" ...) as lede_run_file would. The
** built-in commands of the `lede` binary are such scripts.
*/
int lede_run_script(lede *db, const char *name, int argc, char **argv);

/* Runs a chunk of Lua source (never bytecode) named `name` in messages. */
int lede_run_string(lede *db, const char *chunk, const char *name);

/* Limits for untrusted scripts; 0 means no limit. Apply before lede_lua(). */
typedef struct lede_limits {
    size_t memory;          /* bytes the Lua state may hold */
    int64_t instructions;   /* VM instructions per lede_run_* call */
    int64_t store_heap;     /* bytes for SQLite (sqlite3_hard_heap_limit64: process-wide,
                               it limits every connection in the process) */
    int sandbox;            /* 1: no io, os only clock/time/date, no C modules, no bytecode */
} lede_limits;

int lede_set_limits(lede *db, const lede_limits *limits);

#ifdef __cplusplus
}
#endif
#endif /* LEDE_H */
