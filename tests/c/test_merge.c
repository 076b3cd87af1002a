/*
** test_merge.c -- lede_merge through the C API on stores in files: what a
** user merging stores from several machines relies on. Documents are
** deduplicated by their text (not their id), ids stay unique (ID-2),
** tokens, sentences, layout and extracted spans, runs and extraction
** records come along pointing at the right rows, search finds merged
** documents, merging twice adds nothing, a failing input adds nothing at
** all, and inputs of another schema version, foreign databases, missing
** files and the output itself are refused with messages naming them.
*/
#include "handle.h"
#include "lede.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static const char *at(const char *name)
{
    static char p[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

/* One integer from SQL on the handle's own connection (-1 on error). */
static long long sql_int(lede *db, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK) {
        printf("# %s: %s\n", sql, sqlite3_errmsg(db->db));
        return -1;
    }
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int sql_exec(lede *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) printf("# %s: %s\n", sql, msg ? msg : "?");
    sqlite3_free(msg);
    return rc;
}

static const char *text_a = "Harbour Strike Ends\n\nDock workers in Porto went back to work on Monday, "
                            "the union said. Ines Salgado, its leader, called the deal fair.";
static const char *text_b = "Council Delays Vote\n\nThe council of Tampere put off its budget vote "
                            "until March. Mayor Aino Laine said schools need more.";
static const char *text_c = "Floods In Bavaria\n\nRescue teams moved families out of Passau as the "
                            "Danube rose overnight; nobody was hurt, the police said.";

static int add(lede *db, const char *id, const char *text)
{
    lede_doc_meta meta = {0};
    meta.id = id;
    meta.title = id;
    return lede_ingest_buffer(db, text, strlen(text), &meta, NULL);
}

/* A store as `lede extract` leaves it, in miniature: the documents, a run
** "extract:test", a `test` span over each document's first word and an
** extraction record per document. */
static int make_store(const char *path, const char *ids[], const char *texts[], int n, const char *started)
{
    lede *db;
    int rc = lede_open(path, &db);
    for (int i = 0; rc == LEDE_OK && i < n; i++) rc = add(db, ids[i], texts[i]);
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO runs(script, version, started, finished) VALUES('extract:test', '1', '%s', '%s');"
             "INSERT INTO spans(doc, start, end, kind, attrs, run)"
             "  SELECT rowid, 0, instr(text, ' ') - 1, 'test', json_object('id', id), (SELECT max(id) FROM runs) FROM documents;"
             "INSERT INTO extracted(doc, extractor, version, run)"
             "  SELECT rowid, 'test', '1', (SELECT max(id) FROM runs) FROM documents;",
             started, started);
    if (rc == LEDE_OK && sql_exec(db, sql) != SQLITE_OK) rc = LEDE_ESTORE;
    lede_close(db);
    return rc;
}

static long long counts(lede *db, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    return sql_int(db, sql);
}

static const char *const tables[] = {"documents", "tokens", "sentences", "spans", "runs", "extracted"};
#define NTABLES (sizeof tables / sizeof tables[0])

/* TAP_IS_STR on char arrays trips -Waddress; a function takes pointers. */
static void is_str(tap *t, const char *got, const char *want, const char *name)
{
    TAP_IS_STR(t, got, want, name);
}

static int on_hit(void *ud, const lede_hit *h)
{
    char *out = ud;
    snprintf(out, 64, "%s", h->id);
    return 0;
}

static void merging(tap *t)
{
    const char *ids1[] = {"report", "wire"}, *texts1[] = {text_a, text_b};
    const char *ids2[] = {"council", "report"}, *texts2[] = {text_b, text_c};
    TAP_IS_INT(t, make_store(at("one.db"), ids1, texts1, 2, "2024-05-01T10:00:00Z"), LEDE_OK, "store one made");
    TAP_IS_INT(t, make_store(at("two.db"), ids2, texts2, 2, "2024-05-01T11:00:00Z"), LEDE_OK, "store two made");

    lede *in;
    lede_open(at("one.db"), &in);
    long long in_spans = counts(in, "spans"), in_sent = counts(in, "sentences");
    lede_close(in);
    TAP_OK(t, in_spans > 2 && in_sent >= 4, "the input has layout spans besides the test spans (%lld) and sentences (%lld)",
           in_spans, in_sent);

    lede *db;
    TAP_IS_INT(t, lede_open(at("out.db"), &db), LEDE_OK, "output opened");
    lede_merge_stats st = {0};
    TAP_IS_INT(t, lede_merge(db, at("one.db"), &st), LEDE_OK, "store one merged");
    TAP_IS_INT(t, st.docs_added, 2, "two documents added");
    TAP_IS_INT(t, st.spans_added, in_spans, "all its spans added");
    TAP_IS_INT(t, st.runs_added, 2, "two runs added (ingest's and extract:test)");
    TAP_IS_INT(t, counts(db, "sentences"), in_sent, "its sentences added");

    memset(&st, 0, sizeof st);
    TAP_IS_INT(t, lede_merge(db, at("two.db"), &st), LEDE_OK, "store two merged");
    TAP_IS_INT(t, st.docs_duplicate, 1, "the text already merged under another id is a duplicate");
    TAP_IS_INT(t, st.docs_added, 1, "the new text is added");
    TAP_IS_INT(t, st.docs_renamed, 1, "under a new id, since 'report' is taken");
    TAP_IS_INT(t, sql_int(db, "SELECT count(*) FROM documents WHERE id = 'council'"), 0,
               "the duplicate's id is not stored");
    TAP_IS_INT(t, sql_int(db, "SELECT count(*) FROM documents WHERE id = 'report-2' AND text LIKE 'Floods%'"), 1,
               "the new text is 'report-2'");
    TAP_IS_INT(t, sql_int(db, "SELECT group_concat(id, ',') = 'report,wire,report-2' FROM "
                              "(SELECT id FROM documents ORDER BY rowid)"),
               1, "documents keep the inputs' order");
    TAP_IS_INT(t, sql_int(db, "SELECT count(*) FROM span_text WHERE kind = 'test' AND doc_id = 'report-2'"
                              " AND text = 'Floods' AND attrs ->> '$.id' = 'report'"),
               1, "its span points at its text, attributes kept");
    TAP_IS_INT(t, sql_int(db, "SELECT count(*) FROM span_text WHERE kind = 'test' AND text = "
                              "substr((SELECT text FROM documents WHERE rowid = span_text.doc), 1, length(text))"),
               3, "every test span covers its document's first word");
    TAP_IS_INT(t, sql_int(db, "SELECT count(*) FROM spans s JOIN runs r ON r.id = s.run"
                              " WHERE s.kind = 'test' AND r.script = 'extract:test'"),
               3, "test spans refer to extract:test runs");
    TAP_IS_INT(t, sql_int(db, "SELECT count(*) FROM spans s JOIN runs r ON r.id = s.run JOIN documents d ON d.rowid = s.doc"
                              " WHERE d.id = 'report-2' AND s.kind = 'test' AND r.started = '2024-05-01T11:00:00Z'"),
               1, "... to the run of their own store");
    TAP_IS_INT(t, sql_int(db, "SELECT count(*) FROM spans s JOIN runs r ON r.id = s.run"
                              " WHERE s.kind IN ('headline', 'paragraph') AND r.script = 'lede ingest'"),
               6, "layout spans come along under ingest's runs");
    TAP_IS_INT(t, sql_int(db, "SELECT count(*) FROM extracted e JOIN documents d ON d.rowid = e.doc"
                              " JOIN runs r ON r.id = e.run WHERE r.script = 'extract:test'"),
               3, "extraction records point at merged documents and runs");
    TAP_IS_INT(t, sql_int(db, "SELECT count(*) FROM tokens k JOIN documents d ON d.rowid = k.doc WHERE k.count > 10"), 3,
               "tokens of every document");
    TAP_IS_INT(t, sql_int(db, "SELECT count(*) FROM sentences s JOIN documents d ON d.rowid = s.doc WHERE d.id = 'report-2'"
                              " AND s.end <= length(CAST(d.text AS BLOB))"),
               2, "sentences of the renamed document (headline and one)");

    char hit[64] = "";
    TAP_IS_INT(t, lede_search(db, "Danube", 5, "[", "]", on_hit, hit), LEDE_OK, "search runs");
    is_str(t, hit, "report-2", "search finds the merged document by a word of its own");
    hit[0] = '\0';
    lede_search(db, "Tampere", 5, "[", "]", on_hit, hit);
    is_str(t, hit, "wire", "... and the one merged first");

    long long before[NTABLES];
    for (size_t i = 0; i < NTABLES; i++) before[i] = counts(db, tables[i]);
    memset(&st, 0, sizeof st);
    TAP_IS_INT(t, lede_merge(db, at("one.db"), &st) | lede_merge(db, at("two.db"), &st), LEDE_OK, "merged again");
    TAP_IS_INT(t, st.docs_added + st.spans_added + st.runs_added, 0, "adding nothing");
    TAP_IS_INT(t, st.docs_duplicate, 4, "every document a duplicate");
    int same = 1;
    for (size_t i = 0; i < NTABLES; i++) {
        long long now = counts(db, tables[i]);
        if (now != before[i]) {
            printf("# %s: %lld rows, had %lld\n", tables[i], now, before[i]);
            same = 0;
        }
    }
    TAP_OK(t, same, "no table grew");
    TAP_IS_INT(t, lede_merge(db, at("one.db"), NULL), LEDE_OK, "stats may be NULL");

    /* An open ingest batch on the output is committed, not lost. */
    TAP_IS_INT(t, add(db, "late", "Late Arrival\n\nA fourth article, written on the output itself."), LEDE_OK,
               "a document ingested into the output");
    TAP_IS_INT(t, lede_merge(db, at("two.db"), NULL), LEDE_OK, "a merge right after it");
    lede_close(db);
    lede_open(at("out.db"), &db);
    TAP_IS_INT(t, counts(db, "documents"), 4, "the ingested document survived");
    lede_close(db);
}

/* The same store merged into an empty one is that store, row for row. */
static void copy_is_equal(tap *t)
{
    lede *db;
    lede_open(at("copy.db"), &db);
    TAP_IS_INT(t, lede_merge(db, at("one.db"), NULL), LEDE_OK, "store one merged into an empty store");
    char sql[1024];
    snprintf(sql, sizeof sql, "ATTACH DATABASE '%s' AS one", at("one.db"));
    sql_exec(db, sql);
    TAP_IS_INT(t, sql_int(db, "SELECT count(*) FROM (SELECT id, hash, source, title, date, url, meta, text, added"
                              " FROM documents EXCEPT SELECT id, hash, source, title, date, url, meta, text, added"
                              " FROM one.documents)"),
               0, "documents: the same rows");
    TAP_IS_INT(t, sql_int(db, "SELECT count(*) FROM (SELECT d.id, s.start, s.end, s.kind, s.attrs, r.script, r.version"
                              " FROM spans s JOIN documents d ON d.rowid = s.doc JOIN runs r ON r.id = s.run"
                              " EXCEPT SELECT d.id, s.start, s.end, s.kind, s.attrs, r.script, r.version"
                              " FROM one.spans s JOIN one.documents d ON d.rowid = s.doc JOIN one.runs r ON r.id = s.run)"),
               0, "spans: the same rows");
    TAP_IS_INT(t, sql_int(db, "SELECT count(*) FROM (SELECT d.id, k.count, k.data FROM tokens k JOIN documents d"
                              " ON d.rowid = k.doc EXCEPT SELECT d.id, k.count, k.data FROM one.tokens k"
                              " JOIN one.documents d ON d.rowid = k.doc)"),
               0, "packed tokens: the same bytes");
    TAP_IS_INT(t, counts(db, "spans"), sql_int(db, "SELECT count(*) FROM one.spans"), "as many spans");
    sql_exec(db, "DETACH DATABASE one");
    lede_close(db);
}

/* Whatever goes wrong, the output is as it was before the failing input. */
static void refusals(tap *t)
{
    lede *db;
    lede_open(at("out.db"), &db);
    long long docs = counts(db, "documents"), spans = counts(db, "spans");
    const char *msg;
    int rc;

    /* Older: a lede store whose user_version says 1. */
    lede *old;
    lede_open(at("old.db"), &old);
    add(old, "old", "Old Store\n\nAn article in a store of the first schema version.");
    sql_exec(old, "DROP TABLE extracted; PRAGMA user_version = 1");
    lede_close(old);
    rc = lede_merge(db, at("old.db"), NULL);
    msg = lede_errmsg(db);
    TAP_IS_INT(t, rc, LEDE_ESTORE, "an older schema version is refused");
    TAP_OK(t, strstr(msg, at("old.db")) && strstr(msg, "version 1") && strstr(msg, "(2)") && strstr(msg, "older"),
           "naming the file and both versions: %s", msg);
    TAP_OK(t, strstr(msg, "extract") != NULL, "and saying how to update it");

    lede_open(at("new.db"), &old);
    sql_exec(old, "PRAGMA user_version = 3");
    lede_close(old);
    rc = lede_merge(db, at("new.db"), NULL);
    msg = lede_errmsg(db);
    TAP_IS_INT(t, rc, LEDE_ESTORE, "a newer schema version is refused");
    TAP_OK(t, strstr(msg, at("new.db")) && strstr(msg, "version 3") && strstr(msg, "newer"), "naming it: %s", msg);

    sqlite3 *raw;
    sqlite3_open(at("other.db"), &raw);
    sqlite3_exec(raw, "CREATE TABLE things(x)", NULL, NULL, NULL);
    sqlite3_close(raw);
    rc = lede_merge(db, at("other.db"), NULL);
    TAP_IS_INT(t, rc, LEDE_ESTORE, "another program's database is refused");
    TAP_OK(t, strstr(lede_errmsg(db), "not a lede store") != NULL, "as not a lede store: %s", lede_errmsg(db));

    struct stat sb;
    rc = lede_merge(db, at("missing.db"), NULL);
    TAP_IS_INT(t, rc, LEDE_EINPUT, "a missing input is bad input");
    TAP_OK(t, strstr(lede_errmsg(db), at("missing.db")) != NULL, "named: %s", lede_errmsg(db));
    TAP_OK(t, stat(at("missing.db"), &sb) != 0, "and not created");

    rc = lede_merge(db, at("out.db"), NULL);
    TAP_IS_INT(t, rc, LEDE_EUSAGE, "the output itself is refused");
    TAP_IS_INT(t, lede_merge(db, NULL, NULL), LEDE_EUSAGE, "no input: usage error");

    /* Fails after its documents are copied: nothing of it may stay. */
    lede *bad;
    const char *ids[] = {"broken"}, *texts[] = {"Broken Store\n\nIts spans table lost a column somewhere."};
    make_store(at("bad.db"), ids, texts, 1, "2024-05-02T09:00:00Z");
    lede_open(at("bad.db"), &bad);
    sql_exec(bad, "DROP VIEW span_text; DROP VIEW paragraphs; DROP TABLE spans;"
                  "CREATE TABLE spans(id INTEGER PRIMARY KEY, doc, start, end, kind, run)");
    lede_close(bad);
    rc = lede_merge(db, at("bad.db"), NULL);
    TAP_IS_INT(t, rc, LEDE_ESTORE, "an input that fails part-way: store error");
    TAP_OK(t, strstr(lede_errmsg(db), at("bad.db")) && strstr(lede_errmsg(db), "spans"), "naming it and the step: %s",
           lede_errmsg(db));
    TAP_IS_INT(t, counts(db, "documents"), docs, "no document of it stays");
    TAP_IS_INT(t, counts(db, "spans"), spans, "no span either");
    TAP_IS_INT(t, sql_int(db, "SELECT count(*) FROM pragma_database_list WHERE name NOT IN ('main', 'temp')"), 0,
               "the input is detached");
    const char *ok_ids[] = {"fine"}, *ok_texts[] = {"Fine Store\n\nAfter a failure the next merge works."};
    make_store(at("fine.db"), ok_ids, ok_texts, 1, "2024-05-02T10:00:00Z");
    TAP_IS_INT(t, lede_merge(db, at("fine.db"), NULL), LEDE_OK, "the next input merges");
    TAP_IS_INT(t, counts(db, "documents"), docs + 1, "... adding its document");
    lede_close(db);
}

int main(void)
{
    tap t = {0, 0};
    snprintf(dir, sizeof dir, "%s/lede-test-merge.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    merging(&t);
    copy_is_equal(&t);
    refusals(&t);

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("# could not remove %s\n", dir);
    return tap_done(&t);
}
