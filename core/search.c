/*
** search.c -- full-text search over the FTS5 index (lede_search in lede.h).
*/
#include <ctype.h>
#include <string.h>

#include "handle.h"

static const char search_sql[] =
    "SELECT d.id, d.title, d.date, -bm25(fts) AS score,"
    "  snippet(fts, 0, ?2, ?3, '…', 24)"
    " FROM fts JOIN documents d ON d.rowid = fts.rowid"
    " WHERE fts MATCH ?1 ORDER BY bm25(fts) LIMIT ?4";

/* Users type `U.S. talks` or `al-Sisi`, which are not FTS5 barewords; as a
** second try each white-space separated word becomes a quoted phrase. */
static int quote_words(const char *q, lede_buf *out)
{
    int first = 1;
    while (*q) {
        while (*q && isspace((unsigned char)*q)) q++;
        if (!*q) break;
        if (!first && lede_buf_addc(out, ' ') != LEDE_OK) return LEDE_ENOMEM;
        first = 0;
        if (lede_buf_addc(out, '"') != LEDE_OK) return LEDE_ENOMEM;
        for (; *q && !isspace((unsigned char)*q); q++) {
            if (*q == '"' && lede_buf_addc(out, '"') != LEDE_OK) return LEDE_ENOMEM;
            if (lede_buf_addc(out, *q) != LEDE_OK) return LEDE_ENOMEM;
        }
        if (lede_buf_addc(out, '"') != LEDE_OK) return LEDE_ENOMEM;
    }
    return LEDE_OK;
}

static int run_query(lede *db, sqlite3_stmt *st, const char *query, int limit, const char *open,
                     const char *close, lede_hit_fn fn, void *ud)
{
    sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, open, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, close, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, limit > 0 ? limit : -1);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        lede_hit h;
        h.id = (const char *)sqlite3_column_text(st, 0);
        h.title = (const char *)sqlite3_column_text(st, 1);
        h.date = (const char *)sqlite3_column_text(st, 2);
        h.score = sqlite3_column_double(st, 3);
        h.snippet = (const char *)sqlite3_column_text(st, 4);
        if (!h.id || !h.snippet) {
            sqlite3_reset(st);
            return lede_seterr(db, LEDE_ENOMEM, "out of memory");
        }
        int stop = fn(ud, &h);
        if (stop) {
            sqlite3_reset(st);
            return stop;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? LEDE_OK : -1;
}

int lede_search(lede *db, const char *query, int limit, const char *open, const char *close,
                lede_hit_fn fn, void *ud)
{
    sqlite3_stmt *st;
    if (!query || !*query) return lede_seterr(db, LEDE_EUSAGE, "empty search query");
    if (sqlite3_prepare_v2(db->db, search_sql, -1, &st, NULL) != SQLITE_OK)
        return lede_seterr_sqlite(db, "searching");
    int rc = run_query(db, st, query, limit, open ? open : "", close ? close : "", fn, ud);
    if (rc == -1) {
        /* The query did not parse (or matched nothing parseable): retry with
        ** quoted words, and report the first error if that fails too. */
        lede_buf msg = LEDE_BUF_INIT, quoted = LEDE_BUF_INIT;
        lede_buf_adds(&msg, sqlite3_errmsg(db->db));
        if (quote_words(query, &quoted) != LEDE_OK) {
            rc = lede_seterr(db, LEDE_ENOMEM, "out of memory");
        } else if ((rc = run_query(db, st, quoted.p ? quoted.p : "", limit, open ? open : "",
                                   close ? close : "", fn, ud)) == -1) {
            rc = lede_seterr(db, LEDE_EUSAGE, "bad search query: %s", msg.p ? msg.p : "syntax error");
        }
        lede_buf_free(&msg);
        lede_buf_free(&quoted);
    }
    sqlite3_finalize(st);
    return rc;
}
