/*
** merge.c -- lede_merge: one store merged into another (rules in merge.h).
**
** The input is ATTACHed to the output's connection, so rows go from one to
** the other inside SQLite without passing through C, except each document's
** text, which is hashed here to decide whether the output already has it.
** Two temporary tables map the input's document rowids and run ids to the
** output's; tokens, sentences, spans, extraction records and search rows
** are then copied by one INSERT ... SELECT each through those maps.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "handle.h"
#include "hash.h"
#include "merge.h"
#include "store.h"

#define IN LEDE_MERGE_SCHEMA

typedef struct merge {
    lede *db;
    const char *path;      /* the input, as named by the caller (for messages) */
    lede_merge_stats st;   /* this input's figures, added to the caller's at the end */
    lede_buf id;           /* scratch: the id being made unique */
} merge;

static int fail_sqlite(merge *m, const char *what)
{
    int code = sqlite3_errcode(m->db->db) == SQLITE_NOMEM ? LEDE_ENOMEM : LEDE_ESTORE;
    return lede_seterr(m->db, code, "%s: %s: %s", m->path, what, sqlite3_errmsg(m->db->db));
}

static int exec(merge *m, const char *sql, const char *what)
{
    if (sqlite3_exec(m->db->db, sql, NULL, NULL, NULL) == SQLITE_OK) return LEDE_OK;
    return fail_sqlite(m, what);
}

/* Steps a statement that returns no rows, then resets it for the next. */
static int step(merge *m, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? LEDE_OK : fail_sqlite(m, what);
}

static int prepare(merge *m, const char *sql, sqlite3_stmt **st, const char *what)
{
    if (sqlite3_prepare_v2(m->db->db, sql, -1, st, NULL) == SQLITE_OK) return LEDE_OK;
    *st = NULL;
    return fail_sqlite(m, what);
}

/* One integer from a one-row query. */
static int query_int(merge *m, const char *sql, sqlite3_int64 *out, const char *what)
{
    sqlite3_stmt *st;
    int rc = prepare(m, sql, &st, what);
    if (rc != LEDE_OK) return rc;
    int got = sqlite3_step(st);
    *out = got == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    rc = got == SQLITE_ROW || got == SQLITE_DONE ? LEDE_OK : fail_sqlite(m, what);
    sqlite3_finalize(st);
    return rc;
}

/* The input must exist and be readable before ATTACH, which would
** otherwise create an empty database under its name. It must not be the
** output itself: every document would count as a duplicate of itself, and
** attaching a WAL file the connection is writing risks a deadlock. */
static int check_input_file(merge *m)
{
    FILE *f = fopen(m->path, "rb");
    if (!f) return lede_seterr(m->db, LEDE_EINPUT, "%s: cannot open: %s", m->path, strerror(errno));
    fclose(f);
    struct stat a, b;
    const char *out = sqlite3_db_filename(m->db->db, "main");
    if (out && *out && stat(out, &b) == 0 && stat(m->path, &a) == 0 && a.st_dev == b.st_dev &&
        a.st_ino == b.st_ino)
        return lede_seterr(m->db, LEDE_EUSAGE, "%s: is the store being merged into", m->path);
    return LEDE_OK;
}

static int check_schema(merge *m)
{
    sqlite3_int64 v, tables;
    int rc = query_int(m, "PRAGMA " IN ".user_version", &v, "reading the schema version");
    if (rc != LEDE_OK) return rc;
    if (v == LEDE_SCHEMA_VERSION) return LEDE_OK;
    if (v == 0) {
        if ((rc = query_int(m, "SELECT count(*) FROM " IN ".sqlite_schema", &tables, "reading the schema")) != LEDE_OK)
            return rc;
        return lede_seterr(m->db, LEDE_ESTORE, "%s: not a lede store (%s)", m->path,
                           tables ? "an SQLite database with other tables" : "an empty database");
    }
    if (v > LEDE_SCHEMA_VERSION)
        return lede_seterr(m->db, LEDE_ESTORE,
                           "%s: store schema version %lld is newer than this lede's (%d); merge with a newer lede",
                           m->path, (long long)v, LEDE_SCHEMA_VERSION);
    return lede_seterr(m->db, LEDE_ESTORE,
                       "%s: store schema version %lld is older than this lede's (%d); "
                       "update it first with lede --db %s extract, then merge",
                       m->path, (long long)v, LEDE_SCHEMA_VERSION, m->path);
}

/* The id of an earlier document of the output with these bytes: the test
** ingest applies (store.c), through the same prepared statement. */
static int have_text(merge *m, uint64_t hash, const void *text, size_t len, int *found)
{
    sqlite3_stmt *st = m->db->stmt[LEDE_STMT_FIND_HASH];
    *found = 0;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)hash);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const void *t = sqlite3_column_blob(st, 1);
        if ((size_t)sqlite3_column_bytes(st, 1) == len && (len == 0 || memcmp(t, text, len) == 0)) {
            *found = 1;
            break;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return fail_sqlite(m, "looking up the content hash");
    return LEDE_OK;
}

/* Ingest's rule: the wanted id, else ID-2, ID-3 ... whichever is free. */
static int unique_id(merge *m, const char *want)
{
    sqlite3_stmt *st = m->db->stmt[LEDE_STMT_ID_EXISTS];
    lede_buf_reset(&m->id);
    if (lede_buf_adds(&m->id, want) != LEDE_OK || !lede_buf_cstr(&m->id))
        return lede_seterr(m->db, LEDE_ENOMEM, "out of memory");
    for (long n = 2;; n++) {
        sqlite3_bind_text(st, 1, m->id.p, (int)m->id.n, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_DONE) return LEDE_OK;
        if (rc != SQLITE_ROW) return fail_sqlite(m, "looking up a document id");
        lede_buf_reset(&m->id);
        if (lede_buf_printf(&m->id, "%s-%ld", want, n) != LEDE_OK) return lede_seterr(m->db, LEDE_ENOMEM, "out of memory");
    }
}

/* Copies the documents the output lacks, filling temp.lede_merge_docs. */
static int merge_documents(merge *m)
{
    sqlite3_stmt *rd = NULL, *ins = NULL, *map = NULL;
    int rc;
    if ((rc = prepare(m, "SELECT rowid, id, text FROM " IN ".documents ORDER BY rowid", &rd, "reading documents")) != LEDE_OK ||
        (rc = prepare(m,
                      "INSERT INTO main.documents(id, hash, source, title, date, url, meta, text, added)"
                      " SELECT ?1, ?2, source, title, date, url, meta, text, added FROM " IN ".documents WHERE rowid = ?3",
                      &ins, "copying documents")) != LEDE_OK ||
        (rc = prepare(m, "INSERT INTO temp.lede_merge_docs(src, dst) VALUES(?1, ?2)", &map, "copying documents")) != LEDE_OK)
        goto done;
    int more;
    while ((more = sqlite3_step(rd)) == SQLITE_ROW) {
        sqlite3_int64 src = sqlite3_column_int64(rd, 0);
        const char *id = (const char *)sqlite3_column_text(rd, 1);
        const void *text = sqlite3_column_blob(rd, 2);
        size_t len = (size_t)sqlite3_column_bytes(rd, 2);
        if (!id || (!text && len > 0)) {
            rc = lede_seterr(m->db, LEDE_ENOMEM, "out of memory");
            goto done;
        }
        /* The hash is recomputed rather than read: it must be the one this
        ** lede's ingest would look up. */
        uint64_t hash = lede_hash64(text, len);
        int found;
        if ((rc = have_text(m, hash, text, len, &found)) != LEDE_OK) goto done;
        if (found) {
            m->st.docs_duplicate++;
            continue;
        }
        if ((rc = unique_id(m, *id ? id : "doc")) != LEDE_OK) goto done;
        sqlite3_bind_text(ins, 1, m->id.p, (int)m->id.n, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 2, (sqlite3_int64)hash);
        sqlite3_bind_int64(ins, 3, src);
        if ((rc = step(m, ins, "copying documents")) != LEDE_OK) goto done;
        sqlite3_bind_int64(map, 1, src);
        sqlite3_bind_int64(map, 2, sqlite3_last_insert_rowid(m->db->db));
        if ((rc = step(m, map, "copying documents")) != LEDE_OK) goto done;
        m->st.docs_added++;
        if (strcmp(m->id.p, id) != 0) m->st.docs_renamed++;
    }
    rc = more == SQLITE_DONE ? LEDE_OK : fail_sqlite(m, "reading documents");
done:
    sqlite3_finalize(rd);
    sqlite3_finalize(ins);
    sqlite3_finalize(map);
    return rc;
}

/* Maps each run the copied rows refer to onto an equal run of the output,
** or onto a copy of it; fills temp.lede_merge_runs. */
static int merge_runs(merge *m)
{
    sqlite3_stmt *rd = NULL, *find = NULL, *ins = NULL, *map = NULL;
    int rc;
    if ((rc = prepare(m,
                      "SELECT r.id, r.script, r.version, r.started, r.finished FROM " IN ".runs r"
                      " WHERE r.id IN (SELECT s.run FROM " IN ".spans s JOIN temp.lede_merge_docs d ON d.src = s.doc"
                      "                UNION SELECT e.run FROM " IN ".extracted e"
                      "                JOIN temp.lede_merge_docs d ON d.src = e.doc)"
                      " ORDER BY r.id",
                      &rd, "reading runs")) != LEDE_OK ||
        (rc = prepare(m,
                      "SELECT id FROM main.runs WHERE script = ?1 AND version = ?2 AND started = ?3"
                      " AND finished IS ?4 ORDER BY id LIMIT 1",
                      &find, "reading runs")) != LEDE_OK ||
        (rc = prepare(m, "INSERT INTO main.runs(script, version, started, finished) VALUES(?1, ?2, ?3, ?4)", &ins,
                      "copying runs")) != LEDE_OK ||
        (rc = prepare(m, "INSERT INTO temp.lede_merge_runs(src, dst) VALUES(?1, ?2)", &map, "copying runs")) != LEDE_OK)
        goto done;
    int more;
    while ((more = sqlite3_step(rd)) == SQLITE_ROW) {
        for (int i = 1; i <= 4; i++) sqlite3_bind_value(find, i, sqlite3_column_value(rd, i));
        int f = sqlite3_step(find);
        sqlite3_int64 dst = f == SQLITE_ROW ? sqlite3_column_int64(find, 0) : 0;
        sqlite3_reset(find);
        sqlite3_clear_bindings(find);
        if (f != SQLITE_ROW && f != SQLITE_DONE) {
            rc = fail_sqlite(m, "reading runs");
            goto done;
        }
        if (f == SQLITE_DONE) {
            for (int i = 1; i <= 4; i++) sqlite3_bind_value(ins, i, sqlite3_column_value(rd, i));
            if ((rc = step(m, ins, "copying runs")) != LEDE_OK) goto done;
            dst = sqlite3_last_insert_rowid(m->db->db);
            m->st.runs_added++;
        }
        sqlite3_bind_int64(map, 1, sqlite3_column_int64(rd, 0));
        sqlite3_bind_int64(map, 2, dst);
        if ((rc = step(m, map, "copying runs")) != LEDE_OK) goto done;
    }
    rc = more == SQLITE_DONE ? LEDE_OK : fail_sqlite(m, "reading runs");
done:
    sqlite3_finalize(rd);
    sqlite3_finalize(find);
    sqlite3_finalize(ins);
    sqlite3_finalize(map);
    return rc;
}

/* What hangs off the copied documents, each in one statement. Spans keep
** their order (by id), so equal spans print in the input's order. */
static const struct {
    const char *what, *sql;
} parts[] = {
    {"copying tokens",
     "INSERT INTO main.tokens(doc, count, data)"
     " SELECT d.dst, t.count, t.data FROM temp.lede_merge_docs d JOIN " IN ".tokens t ON t.doc = d.src"
     " ORDER BY d.dst"},
    {"copying sentences",
     "INSERT INTO main.sentences(doc, start, end)"
     " SELECT d.dst, s.start, s.end FROM temp.lede_merge_docs d JOIN " IN ".sentences s ON s.doc = d.src"},
    {"copying spans",
     "INSERT INTO main.spans(doc, start, end, kind, attrs, run)"
     " SELECT d.dst, s.start, s.end, s.kind, s.attrs, r.dst FROM " IN ".spans s"
     " JOIN temp.lede_merge_docs d ON d.src = s.doc LEFT JOIN temp.lede_merge_runs r ON r.src = s.run"
     " ORDER BY s.id"},
    {"copying extraction records",
     "INSERT INTO main.extracted(doc, extractor, version, run)"
     " SELECT d.dst, e.extractor, e.version, r.dst FROM " IN ".extracted e"
     " JOIN temp.lede_merge_docs d ON d.src = e.doc LEFT JOIN temp.lede_merge_runs r ON r.src = e.run"},
    {"indexing for search",
     "INSERT INTO main.fts(rowid, text)"
     " SELECT d.dst, o.text FROM temp.lede_merge_docs d JOIN main.documents o ON o.rowid = d.dst"
     " ORDER BY d.dst"},
};

static int merge_all(merge *m)
{
    int rc;
    if ((rc = merge_documents(m)) != LEDE_OK || (rc = merge_runs(m)) != LEDE_OK) return rc;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if ((rc = exec(m, parts[i].sql, parts[i].what)) != LEDE_OK) return rc;
        if (strcmp(parts[i].what, "copying spans") == 0) m->st.spans_added = sqlite3_changes(m->db->db);
    }
    return LEDE_OK;
}

int lede_merge(lede *db, const char *in_path, lede_merge_stats *stats)
{
    if (!db) return LEDE_EUSAGE;
    if (!in_path || !*in_path) return lede_seterr(db, LEDE_EUSAGE, "lede_merge: no input store named");
    merge m = {db, in_path, {0}, LEDE_BUF_INIT};
    int rc;
    /* ATTACH is refused inside a transaction: an open ingest batch is
    ** committed first, as lede_close would. */
    if ((rc = lede_store_batch_end(db)) != LEDE_OK) return rc;
    if ((rc = check_input_file(&m)) != LEDE_OK) return rc;

    sqlite3_stmt *att;
    if ((rc = prepare(&m, "ATTACH DATABASE ?1 AS " IN, &att, "attaching")) != LEDE_OK) return rc;
    sqlite3_bind_text(att, 1, in_path, -1, SQLITE_STATIC);
    int attached = sqlite3_step(att) == SQLITE_DONE;
    sqlite3_finalize(att);
    if (!attached) return fail_sqlite(&m, "attaching");

    if ((rc = check_schema(&m)) != LEDE_OK) goto detach;
    if ((rc = exec(&m,
                   "DROP TABLE IF EXISTS temp.lede_merge_docs; DROP TABLE IF EXISTS temp.lede_merge_runs;"
                   "CREATE TEMP TABLE lede_merge_docs(src INTEGER PRIMARY KEY, dst INTEGER NOT NULL);"
                   "CREATE TEMP TABLE lede_merge_runs(src INTEGER PRIMARY KEY, dst INTEGER NOT NULL);",
                   "preparing the merge")) != LEDE_OK)
        goto detach;
    if ((rc = exec(&m, "BEGIN IMMEDIATE", "starting a transaction")) != LEDE_OK) goto drop;
    if ((rc = merge_all(&m)) != LEDE_OK) {
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
        goto drop;
    }
    if ((rc = exec(&m, "COMMIT", "committing")) != LEDE_OK) {
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
        goto drop;
    }
    if (stats) {
        stats->docs_added += m.st.docs_added;
        stats->docs_duplicate += m.st.docs_duplicate;
        stats->docs_renamed += m.st.docs_renamed;
        stats->spans_added += m.st.spans_added;
        stats->runs_added += m.st.runs_added;
    }
drop:
    /* Clean-up failures leave nothing wrong in the store, so they neither
    ** replace the merge's own error nor fail a merge that committed. */
    sqlite3_exec(db->db, "DROP TABLE IF EXISTS temp.lede_merge_docs; DROP TABLE IF EXISTS temp.lede_merge_runs;",
                 NULL, NULL, NULL);
detach:
    sqlite3_exec(db->db, "DETACH DATABASE " IN, NULL, NULL, NULL);
    lede_buf_free(&m.id);
    return rc;
}
