/*
** handle.h -- what a `lede` handle holds, shared by the core's modules.
** One sqlite3 connection and at most one lua_State per handle; nothing
** here is global.
*/
#ifndef LEDE_HANDLE_H
#define LEDE_HANDLE_H

#include <sqlite3.h>

#include "buf.h"
#include "lede.h"
#include "token.h"

/* Prepared statements, made once per handle (see store.c). */
enum lede_stmt_id {
    LEDE_STMT_BEGIN,
    LEDE_STMT_COMMIT,
    LEDE_STMT_ROLLBACK,
    LEDE_STMT_FIND_HASH,
    LEDE_STMT_ID_EXISTS,
    LEDE_STMT_INSERT_DOC,
    LEDE_STMT_INSERT_TOKENS,
    LEDE_STMT_INSERT_FTS,
    LEDE_STMT_INSERT_SPAN,
    LEDE_STMT_INSERT_RUN,
    LEDE_STMT_COUNT
};

/* Sentences and layout spans are inserted by multi-row statements of
** 1, 2, 4 ... LEDE_ROW_GROUP rows (see store.c). */
#define LEDE_ROW_GROUP 16
#define LEDE_ROW_GROUPS 5

struct lede {
    sqlite3 *db;
    sqlite3_stmt *stmt[LEDE_STMT_COUNT];
    sqlite3_stmt *sentence_rows[LEDE_ROW_GROUPS]; /* prepared on first use */
    sqlite3_stmt *span_rows[LEDE_ROW_GROUPS];
    int in_batch;          /* a write transaction is open */
    int batch_docs;        /* documents written in it */
    size_t batch_bytes;    /* text bytes written in it */
    int64_t core_run;      /* the run that owns spans written at ingest */
    int fts_tuned;         /* the FTS5 settings of the store are checked */
    lede_tokens toks;      /* scratch: tokens of the document being stored */
    /* Set while a document's FTS row is inserted: its text, whose tokens
    ** are `toks`, so that fts.c indexes them instead of tokenizing again. */
    const char *fts_text;
    size_t fts_len;
    lede_buf fold;         /* scratch: fts.c's folded token */
    lede_buf scratch;      /* scratch: packed tokens, span attributes */

    int errcode;
    lede_buf errmsg;

    lede_report_fn report;
    void *report_ud;
    lede_progress_fn progress; /* called by load.c after each document */
    void *progress_ud;

    lede_limits limits;
    lua_State *L;          /* created on first lede_lua() */
    void *script;          /* script host state (script.c) */
    void (*script_close)(lede *db); /* set by script.c; frees L and script at lede_close */
};

/* Records the last error of the handle and returns `code`. */
int lede_seterr(lede *db, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Records an SQLite failure: "what: sqlite message", LEDE_ESTORE. */
int lede_seterr_sqlite(lede *db, const char *what);
/* Reports one rejected input through the handle's reporter. */
void lede_reject(lede *db, const char *path, long line, const char *reason);

#endif
