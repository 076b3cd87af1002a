/*
** store.c -- the SQLite store (see store.h).
**
** One connection per handle, WAL journal, statements prepared once. A
** document is written with its packed tokens, its sentences, its layout
** spans and its FTS5 row in the same transaction as the document itself, so
** a document is either wholly stored or not at all.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "article.h"
#include "handle.h"
#include "hash.h"
#include "sentence.h"
#include "store.h"
#include "token.h"

/* A batch is committed after this much text or this many documents: large
** enough that commits cost little, small enough that a killed ingest loses
** seconds of work, not minutes. */
#define BATCH_BYTES (16u << 20)
#define BATCH_DOCS 2000

/* Schema version 1. Later versions append a step to `migrations`; a store is
** migrated forward one step at a time inside one transaction. */
static const char schema_v1[] =
    "CREATE TABLE documents("
    "  rowid INTEGER PRIMARY KEY,"
    "  id TEXT NOT NULL UNIQUE,"
    "  hash INTEGER NOT NULL,"
    "  source TEXT, title TEXT, date TEXT, url TEXT,"
    "  meta TEXT NOT NULL DEFAULT '{}',"
    "  text TEXT NOT NULL,"
    "  added TEXT NOT NULL);"
    "CREATE INDEX documents_hash ON documents(hash);"
    "CREATE TABLE tokens("
    "  doc INTEGER PRIMARY KEY REFERENCES documents(rowid),"
    "  count INTEGER NOT NULL,"
    "  data BLOB NOT NULL);"
    "CREATE TABLE sentences("
    "  doc INTEGER NOT NULL REFERENCES documents(rowid),"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL,"
    "  PRIMARY KEY(doc, start)) WITHOUT ROWID;"
    "CREATE TABLE runs("
    "  id INTEGER PRIMARY KEY,"
    "  script TEXT NOT NULL, version TEXT NOT NULL,"
    "  started TEXT NOT NULL, finished TEXT);"
    "CREATE TABLE spans("
    "  id INTEGER PRIMARY KEY,"
    "  doc INTEGER NOT NULL REFERENCES documents(rowid),"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  attrs TEXT NOT NULL DEFAULT '{}',"
    "  run INTEGER REFERENCES runs(id));"
    "CREATE INDEX spans_by_doc ON spans(doc, kind, start);"
    "CREATE INDEX spans_by_kind ON spans(kind);"
    "CREATE VIEW paragraphs AS"
    "  SELECT doc, start, end, kind FROM spans"
    "  WHERE kind IN ('headline','byline','caption','subhead','paragraph');"
    /* substr() counts characters on TEXT; the offsets are bytes, so go
    ** through BLOB and back. */
    "CREATE VIEW span_text AS"
    "  SELECT s.id, d.id AS doc_id, s.doc, s.kind, s.start, s.end,"
    "    CAST(substr(CAST(d.text AS BLOB), s.start + 1, s.end - s.start) AS TEXT) AS text,"
    "    s.attrs, s.run"
    "  FROM spans s JOIN documents d ON d.rowid = s.doc;"
    "CREATE VIRTUAL TABLE fts USING fts5(text, content='documents',"
    "  content_rowid='rowid', tokenize='lede');";

/* Version 2: which extractor version last processed each document, so
** `lede extract` only works on what is new or changed. */
static const char schema_v2[] =
    "CREATE TABLE extracted("
    "  doc INTEGER NOT NULL REFERENCES documents(rowid),"
    "  extractor TEXT NOT NULL, version TEXT NOT NULL,"
    "  run INTEGER REFERENCES runs(id),"
    "  PRIMARY KEY(doc, extractor)) WITHOUT ROWID;";

static const char *const migrations[] = {
    schema_v1, /* 0 -> 1 */
    schema_v2, /* 1 -> 2 */
};

static const char *const stmt_sql[LEDE_STMT_COUNT] = {
    [LEDE_STMT_BEGIN] = "BEGIN IMMEDIATE",
    [LEDE_STMT_COMMIT] = "COMMIT",
    [LEDE_STMT_ROLLBACK] = "ROLLBACK",
    [LEDE_STMT_FIND_HASH] = "SELECT id, text FROM documents WHERE hash = ?1",
    [LEDE_STMT_ID_EXISTS] = "SELECT 1 FROM documents WHERE id = ?1",
    [LEDE_STMT_INSERT_DOC] =
        ("INSERT INTO documents(id, hash, source, title, date, url, meta, text, added)"
         " VALUES(?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, '{}'), ?8, ?9)"),
    [LEDE_STMT_INSERT_TOKENS] = "INSERT INTO tokens(doc, count, data) VALUES(?1, ?2, ?3)",
    [LEDE_STMT_INSERT_FTS] = "INSERT INTO fts(rowid, text) VALUES(?1, ?2)",
    [LEDE_STMT_INSERT_SPAN] =
        "INSERT INTO spans(doc, start, end, kind, attrs, run) VALUES(?1, ?2, ?3, ?4, coalesce(?5, '{}'), ?6)",
    [LEDE_STMT_INSERT_RUN] =
        "INSERT INTO runs(script, version, started) VALUES(?1, ?2, ?3)",
};

static int exec(lede *db, const char *sql, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(db->db, sql, NULL, NULL, &msg) == SQLITE_OK) return LEDE_OK;
    int code = sqlite3_errcode(db->db) == SQLITE_NOMEM ? LEDE_ENOMEM : LEDE_ESTORE;
    lede_seterr(db, code, "%s: %s", what, msg ? msg : sqlite3_errmsg(db->db));
    sqlite3_free(msg);
    return code;
}

static void now_iso(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int user_version(lede *db, int *v)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return lede_seterr_sqlite(db, "reading the schema version");
    int rc = sqlite3_step(st);
    *v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? LEDE_OK : lede_seterr_sqlite(db, "reading the schema version");
}

/* A file with tables but user_version 0 is somebody else's database. */
static int is_empty_db(lede *db, int *empty)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->db, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL) != SQLITE_OK)
        return lede_seterr_sqlite(db, "reading the schema");
    int rc = sqlite3_step(st);
    *empty = rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? LEDE_OK : lede_seterr_sqlite(db, "reading the schema");
}

static int migrate(lede *db, const char *path)
{
    int v, rc;
    if ((rc = user_version(db, &v)) != LEDE_OK) return rc;
    int latest = (int)(sizeof migrations / sizeof migrations[0]);
    if (v == latest) return LEDE_OK;
    if (v > latest)
        return lede_seterr(db, LEDE_ESTORE, "%s: store schema version %d is newer than this lede (%d); upgrade lede",
                           path, v, latest);
    if (v == 0) {
        int empty;
        if ((rc = is_empty_db(db, &empty)) != LEDE_OK) return rc;
        if (!empty) return lede_seterr(db, LEDE_ESTORE, "%s: not a lede store (an SQLite database with other tables)", path);
    }
    if ((rc = exec(db, "BEGIN IMMEDIATE", "migrating the store")) != LEDE_OK) return rc;
    for (; v < latest; v++) {
        char pragma[48];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
        if ((rc = exec(db, migrations[v], "migrating the store")) != LEDE_OK ||
            (rc = exec(db, pragma, "migrating the store")) != LEDE_OK) {
            exec(db, "ROLLBACK", "migrating the store");
            return rc;
        }
    }
    return exec(db, "COMMIT", "migrating the store");
}

int lede_store_open(lede *db, const char *path)
{
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &db->db, flags, NULL) != SQLITE_OK) {
        if (!db->db) return lede_seterr(db, LEDE_ENOMEM, "out of memory");
        return lede_seterr(db, LEDE_ESTORE, "%s: %s", path, sqlite3_errmsg(db->db));
    }
    sqlite3_extended_result_codes(db->db, 0);
    sqlite3_busy_timeout(db->db, 5000);
    int rc = lede_fts_register(db);
    if (rc != LEDE_OK) return rc;
    /* journal_mode reports a failure as a result row, not an error; a file
    ** that is not a database fails here with SQLITE_NOTADB. A new store
    ** gets 16 KB pages: most documents then fit a page instead of spilling
    ** to overflow pages, and an ingest makes a third of the system calls
    ** (page_size is a no-op on an existing store). */
    rc = exec(db, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                  "PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY;", path);
    /* An ingest batch writes tens of megabytes of pages: with SQLite's 2 MB
    ** page cache it wrote pages out and read them back many times (on the
    ** 100 MB bench corpus 97k page writes and 61k reads; with 16 MB, 87k
    ** and 47k, and 15% less CPU). The cache is allocated as it fills and
    ** stays the same size whatever the corpus. */
    if (rc == LEDE_OK) rc = exec(db, "PRAGMA cache_size = -16384", path);
    if (rc != LEDE_OK) return rc;
    if ((rc = migrate(db, path)) != LEDE_OK) return rc;
    for (int i = 0; i < LEDE_STMT_COUNT; i++) {
        if (sqlite3_prepare_v3(db->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &db->stmt[i], NULL) != SQLITE_OK)
            return lede_seterr_sqlite(db, path);
    }
    return LEDE_OK;
}

void lede_store_close(lede *db)
{
    lede_buf_free(&db->fold);
    if (!db->db) return;
    if (db->in_batch) lede_store_batch_end(db);
    for (int i = 0; i < LEDE_STMT_COUNT; i++) {
        sqlite3_finalize(db->stmt[i]);
        db->stmt[i] = NULL;
    }
    for (int i = 0; i < LEDE_ROW_GROUPS; i++) {
        sqlite3_finalize(db->sentence_rows[i]);
        sqlite3_finalize(db->span_rows[i]);
        db->sentence_rows[i] = db->span_rows[i] = NULL;
    }
    sqlite3_close_v2(db->db);
    db->db = NULL;
}

int lede_store_batch_begin(lede *db)
{
    if (db->in_batch) return LEDE_OK;
    int rc = lede_store_step(db, db->stmt[LEDE_STMT_BEGIN], "starting a transaction");
    if (rc != LEDE_OK) return rc;
    db->in_batch = 1;
    db->batch_docs = 0;
    db->batch_bytes = 0;
    return LEDE_OK;
}

int lede_store_batch_end(lede *db)
{
    if (!db->in_batch) return LEDE_OK;
    int rc = lede_store_step(db, db->stmt[LEDE_STMT_COMMIT], "committing");
    if (rc != LEDE_OK) {
        lede_store_batch_abort(db);
        return rc;
    }
    db->in_batch = 0;
    return LEDE_OK;
}

void lede_store_batch_abort(lede *db)
{
    if (!db->in_batch) return;
    if (!sqlite3_get_autocommit(db->db)) {
        sqlite3_step(db->stmt[LEDE_STMT_ROLLBACK]);
        sqlite3_reset(db->stmt[LEDE_STMT_ROLLBACK]);
    }
    db->in_batch = 0;
    db->core_run = 0; /* the run row may have been rolled back with the batch */
    db->fts_tuned = 0; /* and the search index settings too */
}

int lede_store_step(lede *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return LEDE_OK;
    return lede_seterr_sqlite(db, what);
}

int lede_store_begin_run(lede *db, const char *script, const char *version, int64_t *run)
{
    char now[32];
    now_iso(now);
    sqlite3_stmt *st = db->stmt[LEDE_STMT_INSERT_RUN];
    sqlite3_bind_text(st, 1, script, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, version, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
    int rc = lede_store_step(db, st, "recording the run");
    if (rc == LEDE_OK) *run = sqlite3_last_insert_rowid(db->db);
    return rc;
}

int lede_store_finish_run(lede *db, int64_t run)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->db, "UPDATE runs SET finished = ?1 WHERE id = ?2", -1, &st, NULL) != SQLITE_OK)
        return lede_seterr_sqlite(db, "closing the run");
    char now[32];
    now_iso(now);
    sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, run);
    int rc = lede_store_step(db, st, "closing the run");
    sqlite3_finalize(st);
    return rc;
}

/* The run owning layout spans: one per ingest, made with its first document. */
static int core_run(lede *db, int64_t *run)
{
    int rc = db->core_run ? LEDE_OK : lede_store_begin_run(db, "lede ingest", LEDE_VERSION, &db->core_run);
    *run = db->core_run;
    return rc;
}

/*
** FTS5 writes the index it holds in memory out as a new segment whenever it
** holds 'hashsize' bytes (1 MB by default), and merging those segments was
** a fifth of an ingest's instructions (and grows with the store). With
** FTS_HASHSIZE it goes out about once per batch instead. The setting lives
** in the store (fts_config); it is made on a store's first ingest by this
** lede, and one set otherwise is left alone. Memory: at most this much,
** and only while writing.
*/
#define FTS_HASHSIZE (8 << 20)

static int tune_fts(lede *db)
{
    if (db->fts_tuned) return LEDE_OK;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->db, "SELECT 1 FROM fts_config WHERE k = 'hashsize'", -1, &st, NULL) != SQLITE_OK)
        return lede_seterr_sqlite(db, "reading the search index settings");
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return lede_seterr_sqlite(db, "reading the search index settings");
    if (rc == SQLITE_DONE) {
        char sql[80];
        snprintf(sql, sizeof sql, "INSERT INTO fts(fts, rank) VALUES('hashsize', %d)", FTS_HASHSIZE);
        if ((rc = exec(db, sql, "setting up the search index")) != LEDE_OK) return rc;
    }
    db->fts_tuned = 1;
    return LEDE_OK;
}

/* The stored id of an earlier document with the same bytes, if any. */
static int find_same_text(lede *db, uint64_t hash, const char *text, size_t len, char **id_out, int *found)
{
    sqlite3_stmt *st = db->stmt[LEDE_STMT_FIND_HASH];
    *found = 0;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)hash);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const void *t = sqlite3_column_blob(st, 1);
        size_t n = (size_t)sqlite3_column_bytes(st, 1);
        if (n == len && (len == 0 || memcmp(t, text, len) == 0)) {
            *found = 1;
            if (id_out && !(*id_out = strdup((const char *)sqlite3_column_text(st, 0)))) {
                sqlite3_reset(st);
                return lede_seterr(db, LEDE_ENOMEM, "out of memory");
            }
            break;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return lede_seterr_sqlite(db, "looking up the content hash");
    return LEDE_OK;
}

static int id_taken(lede *db, const char *id, int *taken)
{
    sqlite3_stmt *st = db->stmt[LEDE_STMT_ID_EXISTS];
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return lede_seterr_sqlite(db, "looking up a document id");
    *taken = rc == SQLITE_ROW;
    return LEDE_OK;
}

/* Ids are unique within a store: a second "report" becomes "report-2". */
static int unique_id(lede *db, const char *want, lede_buf *out)
{
    if (!want || !*want) want = "doc";
    lede_buf_reset(out);
    if (lede_buf_adds(out, want) != LEDE_OK) return lede_seterr(db, LEDE_ENOMEM, "out of memory");
    for (long n = 2;; n++) {
        int taken = 0, rc = id_taken(db, out->p, &taken);
        if (rc != LEDE_OK) return rc;
        if (!taken) return LEDE_OK;
        lede_buf_reset(out);
        if (lede_buf_printf(out, "%s-%ld", want, n) != LEDE_OK) return lede_seterr(db, LEDE_ENOMEM, "out of memory");
    }
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

/*
** Sentences and layout blocks are written in multi-row INSERTs: one
** statement per row cost as much in opening cursors, halting and resetting
** as in the rows themselves. A document's rows are gathered LEDE_ROW_GROUP
** at a time and the rest goes in groups of 8, 4, 2 and 1, so rows keep
** their order (and span ids theirs).
**
** The statements are INSERT OR FAIL: a multi-row INSERT that may ABORT
** needs a statement journal, and opening one in a transaction that has
** written to FTS5 makes FTS5 flush its pending index (as a SAVEPOINT
** does), which doubled the cost of the ingest. A failed group leaves its
** earlier rows, which undo_doc takes out with the rest of the document.
*/
typedef struct row {
    int start, end, kind; /* kind: a layout block's, 0 for a sentence */
} row;

typedef struct span_ctx {
    lede *db;
    int64_t doc, run;
    int rc;
    int n;                    /* rows waiting in `rows` */
    row rows[LEDE_ROW_GROUP];
} span_ctx;

/* The INSERT of 2^g rows: sentences bind ?1 doc, then start and end per
** row; spans ?1 doc, ?2 run, then start, end, kind and attributes. */
static int group_stmt(lede *db, int spans, int g, sqlite3_stmt **out)
{
    sqlite3_stmt **slot = spans ? &db->span_rows[g] : &db->sentence_rows[g];
    if (*slot) {
        *out = *slot;
        return LEDE_OK;
    }
    lede_buf sql = LEDE_BUF_INIT;
    int rc = lede_buf_adds(&sql, spans ? "INSERT OR FAIL INTO spans(doc, start, end, kind, attrs, run) VALUES"
                                       : "INSERT OR FAIL INTO sentences(doc, start, end) VALUES");
    for (int i = 0, p = spans ? 3 : 2; rc == LEDE_OK && i < 1 << g; i++) {
        if (spans) rc = lede_buf_printf(&sql, "%s(?1,?%d,?%d,?%d,?%d,?2)", i ? "," : "", p, p + 1, p + 2, p + 3);
        else rc = lede_buf_printf(&sql, "%s(?1,?%d,?%d)", i ? "," : "", p, p + 1);
        p += spans ? 4 : 2;
    }
    if (rc != LEDE_OK) {
        lede_buf_free(&sql);
        return lede_seterr(db, LEDE_ENOMEM, "out of memory");
    }
    rc = sqlite3_prepare_v3(db->db, sql.p, (int)sql.n, SQLITE_PREPARE_PERSISTENT, slot, NULL);
    lede_buf_free(&sql);
    if (rc != SQLITE_OK) return lede_seterr_sqlite(db, "preparing the store's statements");
    *out = *slot;
    return LEDE_OK;
}

/* Writes rows[0..2^g) with one statement. */
static int put_group(span_ctx *c, int spans, int g, const row *rows)
{
    sqlite3_stmt *st = NULL;
    int rc = group_stmt(c->db, spans, g, &st);
    if (rc != LEDE_OK) return rc;
    sqlite3_bind_int64(st, 1, c->doc);
    if (spans) sqlite3_bind_int64(st, 2, c->run);
    for (int i = 0, p = spans ? 3 : 2; i < 1 << g; i++) {
        sqlite3_bind_int(st, p++, rows[i].start);
        sqlite3_bind_int(st, p++, rows[i].end);
        if (!spans) continue;
        sqlite3_bind_text(st, p++, lede_block_kind_name(rows[i].kind), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, p++, rows[i].kind == LEDE_BLOCK_ITEM ? "{\"item\":true}" : "{}", -1, SQLITE_STATIC);
    }
    /* Every parameter is bound again for each group: no clearing needed. */
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return lede_seterr_sqlite(c->db, spans ? "storing the layout" : "storing sentences");
    return LEDE_OK;
}

/* Writes the rows gathered so far: a full group, or at the end the rest. */
static int put_rows(span_ctx *c, int spans)
{
    int done = 0;
    for (int g = LEDE_ROW_GROUPS - 1; g >= 0; g--) {
        if (c->n - done < 1 << g) continue;
        int rc = put_group(c, spans, g, c->rows + done);
        if (rc != LEDE_OK) return c->rc = rc;
        done += 1 << g;
    }
    c->n = 0;
    return LEDE_OK;
}

static int put_sentence(void *ctx, int start, int end)
{
    span_ctx *c = ctx;
    c->rows[c->n++] = (row){start, end, 0};
    return c->n == LEDE_ROW_GROUP ? put_rows(c, 0) : LEDE_OK;
}

static int put_block(void *ctx, int kind, int start, int end)
{
    span_ctx *c = ctx;
    c->rows[c->n++] = (row){start, end, kind};
    return c->n == LEDE_ROW_GROUP ? put_rows(c, 1) : LEDE_OK;
}

static int store_parts(lede *db, int64_t doc, const char *text, size_t len)
{
    int rc;
    lede_tokens *tk = &db->toks;
    tk->n = 0;
    if (lede_tokens_fill(tk, text, len) != LEDE_OK) return lede_seterr(db, LEDE_ENOMEM, "out of memory");

    lede_buf_reset(&db->scratch);
    if (lede_tokens_pack(tk->v, tk->n, &db->scratch) != LEDE_OK) return lede_seterr(db, LEDE_ENOMEM, "out of memory");
    sqlite3_stmt *st = db->stmt[LEDE_STMT_INSERT_TOKENS];
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)tk->n);
    sqlite3_bind_blob(st, 3, db->scratch.p ? db->scratch.p : "", (int)db->scratch.n, SQLITE_STATIC);
    if ((rc = lede_store_step(db, st, "storing tokens")) != LEDE_OK) return rc;

    span_ctx c;
    c.db = db;
    c.doc = doc;
    c.rc = LEDE_OK;
    c.n = 0;
    if ((rc = core_run(db, &c.run)) != LEDE_OK) return rc;
    if (lede_sentences_tok(text, len, tk->v, tk->n, &c, put_sentence) != LEDE_OK) return c.rc;
    if ((rc = put_rows(&c, 0)) != LEDE_OK) return rc;
    if (lede_article_blocks(text, len, &c, put_block) != LEDE_OK) return c.rc;
    if ((rc = put_rows(&c, 1)) != LEDE_OK) return rc;

    st = db->stmt[LEDE_STMT_INSERT_FTS];
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_text(st, 2, text, (int)len, SQLITE_STATIC);
    db->fts_text = text; /* fts.c indexes db->toks instead of tokenizing again */
    db->fts_len = len;
    rc = lede_store_step(db, st, "indexing for search");
    db->fts_text = NULL;
    return rc;
}

/*
** Takes a half-stored document out again, so that a failure does not cost
** the rest of the batch. A per-document SAVEPOINT would do the same, but
** FTS5 flushes its pending index at every savepoint, which made ingest
** three times slower. The FTS insert is the last part written and a failed
** statement leaves nothing behind, so the index needs no undoing. If even
** this fails, the batch is rolled back: committed batches stay either way.
*/
static void undo_doc(lede *db, int64_t doc)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "DELETE FROM spans WHERE doc = %lld; DELETE FROM sentences WHERE doc = %lld;"
             "DELETE FROM tokens WHERE doc = %lld; DELETE FROM documents WHERE rowid = %lld;",
             (long long)doc, (long long)doc, (long long)doc, (long long)doc);
    if (sqlite3_exec(db->db, sql, NULL, NULL, NULL) != SQLITE_OK) lede_store_batch_abort(db);
}

int lede_store_add_doc(lede *db, const char *text, size_t len, const lede_doc_meta *meta,
                       char **id_out, int *added)
{
    static const lede_doc_meta none = {0};
    int rc;
    *added = 0;
    if (id_out) *id_out = NULL;
    if (!meta) meta = &none;
    if (len > 0x7fffffff) return lede_seterr(db, LEDE_EINPUT, "document larger than 2 GB");
    if ((rc = lede_store_batch_begin(db)) != LEDE_OK) return rc;

    uint64_t hash = lede_hash64(text, len);
    int found;
    if ((rc = find_same_text(db, hash, text, len, id_out, &found)) != LEDE_OK) return rc;
    if (found) return LEDE_OK;
    if ((rc = tune_fts(db)) != LEDE_OK) return rc;

    lede_buf id = LEDE_BUF_INIT;
    if ((rc = unique_id(db, meta->id, &id)) != LEDE_OK) goto done;
    char now[32];
    now_iso(now);
    sqlite3_stmt *st = db->stmt[LEDE_STMT_INSERT_DOC];
    sqlite3_bind_text(st, 1, id.p, (int)id.n, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)hash);
    bind_opt(st, 3, meta->source);
    bind_opt(st, 4, meta->title);
    bind_opt(st, 5, meta->date);
    bind_opt(st, 6, meta->url);
    bind_opt(st, 7, meta->meta_json);
    sqlite3_bind_text(st, 8, text, (int)len, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
    rc = lede_store_step(db, st, "storing a document");
    if (rc != LEDE_OK) goto done;
    int64_t doc = sqlite3_last_insert_rowid(db->db);

    if ((rc = store_parts(db, doc, text, len)) != LEDE_OK) {
        undo_doc(db, doc);
        goto done;
    }
    *added = 1;
    if (id_out && !(*id_out = strdup(id.p))) {
        rc = lede_seterr(db, LEDE_ENOMEM, "out of memory");
        goto done;
    }
    db->batch_docs++;
    db->batch_bytes += len;
    if (db->batch_docs >= BATCH_DOCS || db->batch_bytes >= BATCH_BYTES) {
        if ((rc = lede_store_batch_end(db)) == LEDE_OK) rc = lede_store_batch_begin(db);
    }
done:
    lede_buf_free(&id);
    return rc;
}
