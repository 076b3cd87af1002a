/*
** lede.c -- the handle: open/close, the last error, the version, the
** reporter and progress hooks, document cursors. Storage itself is in
** store.c, loading in load.c, Lua in script.c.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handle.h"
#include "lede.h"
#include "store.h"

const char *lede_version(void)
{
    return LEDE_VERSION;
}

int lede_seterr(lede *db, int code, const char *fmt, ...)
{
    if (!db) return code;
    db->errcode = code;
    lede_buf_reset(&db->errmsg);
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    /* On ENOMEM the message stays empty; lede_errmsg then falls back. */
    if (need < 0 || lede_buf_reserve(&db->errmsg, (size_t)need) != LEDE_OK) return code;
    va_start(ap, fmt);
    vsnprintf(db->errmsg.p, (size_t)need + 1, fmt, ap);
    va_end(ap);
    db->errmsg.n = (size_t)need;
    return code;
}

int lede_seterr_sqlite(lede *db, const char *what)
{
    int rc = sqlite3_errcode(db->db);
    int code = (rc == SQLITE_NOMEM) ? LEDE_ENOMEM : LEDE_ESTORE;
    return lede_seterr(db, code, "%s: %s", what, sqlite3_errmsg(db->db));
}

void lede_reject(lede *db, const char *path, long line, const char *reason)
{
    if (db->report) db->report(db->report_ud, path, line, reason);
}

int lede_errcode(const lede *db)
{
    return db ? db->errcode : LEDE_ENOMEM;
}

const char *lede_errmsg(const lede *db)
{
    if (!db) return "out of memory";
    if (db->errcode == LEDE_OK) return "not an error";
    if (db->errmsg.n == 0) return db->errcode == LEDE_ENOMEM ? "out of memory" : "unknown error";
    return db->errmsg.p;
}

void lede_set_reporter(lede *db, lede_report_fn fn, void *ud)
{
    db->report = fn;
    db->report_ud = ud;
}

void lede_set_progress(lede *db, lede_progress_fn fn, void *ud)
{
    db->progress = fn;
    db->progress_ud = ud;
}

int lede_open(const char *path, lede **out)
{
    *out = NULL;
    if (!path) path = ":memory:";
    lede *db = calloc(1, sizeof *db);
    if (!db) return LEDE_ENOMEM;
    *out = db;
    return lede_store_open(db, path);
}

int lede_close(lede *db)
{
    if (!db) return LEDE_OK;
    /* The Lua state goes first: its finalizers may still write spans. */
    if (db->script_close) db->script_close(db);
    lede_store_close(db);
    lede_tokens_free(&db->toks);
    lede_buf_free(&db->scratch);
    lede_buf_free(&db->errmsg);
    free(db);
    return LEDE_OK;
}

/* -------------------------------------------------------------- cursors */

struct lede_cursor {
    lede *db;
    sqlite3_stmt *st;
};

int lede_docs_open(lede *db, const char *id, lede_cursor **out)
{
    *out = NULL;
    lede_cursor *c = calloc(1, sizeof *c);
    if (!c) return lede_seterr(db, LEDE_ENOMEM, "out of memory");
    const char *sql = id
        ? "SELECT rowid, id, text, title, date, source, url, meta FROM documents WHERE id = ?1"
        : "SELECT rowid, id, text, title, date, source, url, meta FROM documents ORDER BY rowid";
    if (sqlite3_prepare_v2(db->db, sql, -1, &c->st, NULL) != SQLITE_OK) {
        free(c);
        return lede_seterr_sqlite(db, "reading documents");
    }
    if (id) sqlite3_bind_text(c->st, 1, id, -1, SQLITE_TRANSIENT);
    c->db = db;
    *out = c;
    return LEDE_OK;
}

int lede_docs_next(lede_cursor *c, lede_doc *d)
{
    int rc = sqlite3_step(c->st);
    if (rc == SQLITE_DONE) return LEDE_DONE;
    if (rc != SQLITE_ROW) return lede_seterr_sqlite(c->db, "reading documents");
    memset(d, 0, sizeof *d);
    d->rowid = sqlite3_column_int64(c->st, 0);
    d->id = (const char *)sqlite3_column_text(c->st, 1);
    d->text = (const char *)sqlite3_column_text(c->st, 2);
    d->len = (size_t)sqlite3_column_bytes(c->st, 2);
    d->title = (const char *)sqlite3_column_text(c->st, 3);
    d->date = (const char *)sqlite3_column_text(c->st, 4);
    d->source = (const char *)sqlite3_column_text(c->st, 5);
    d->url = (const char *)sqlite3_column_text(c->st, 6);
    d->meta = (const char *)sqlite3_column_text(c->st, 7);
    if (!d->id || !d->text) return lede_seterr(c->db, LEDE_ENOMEM, "out of memory");
    if (!d->meta) d->meta = "{}";
    return LEDE_ROW;
}

void lede_docs_close(lede_cursor *c)
{
    if (!c) return;
    sqlite3_finalize(c->st);
    free(c);
}

int lede_count_docs(lede *db, int64_t *out)
{
    sqlite3_stmt *st;
    *out = 0;
    if (sqlite3_prepare_v2(db->db, "SELECT count(*) FROM documents", -1, &st, NULL) != SQLITE_OK)
        return lede_seterr_sqlite(db, "counting documents");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? LEDE_OK : lede_seterr_sqlite(db, "counting documents");
}
