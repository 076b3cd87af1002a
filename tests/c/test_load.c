/*
** test_load.c -- the loader through the C API on an in-memory store: ids
** from paths, BOM stripped, CRLF kept, JSONL metadata, rejections reported
** once each, stats and progress, stdin, lede_ingest_buffer, and a store
** failure part-way that keeps the documents stored before it.
*/
#include "handle.h"
#include "lede.h"
#include "load.h"
#include "tap.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

/* TAP_IS_STR on char arrays trips -Waddress; a function takes pointers. */
static void is_str(tap *t, const char *got, const char *want, const char *name)
{
    TAP_IS_STR(t, got, want, name);
}

static const char *at(const char *name)
{
    static char p[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static void put(const char *name, const char *data, size_t n)
{
    FILE *f = fopen(at(name), "wb");
    if (!f || fwrite(data, 1, n, f) != n) { perror(name); exit(1); }
    fclose(f);
}
#define PUT(name, lit) put((name), (lit), sizeof(lit) - 1)

typedef struct seen {
    char lines[2048];
    int n;
    int progress_calls;
    lede_ingest_stats last;
} seen;

static void on_reject(void *ud, const char *path, long line, const char *reason)
{
    seen *s = ud;
    size_t o = strlen(s->lines);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (line) snprintf(s->lines + o, sizeof s->lines - o, "%s:%ld: %s\n", base, line, reason);
    else snprintf(s->lines + o, sizeof s->lines - o, "%s: %s\n", base, reason);
    s->n++;
}

static void on_progress(void *ud, const lede_ingest_stats *st)
{
    seen *s = ud;
    s->progress_calls++;
    s->last = *st;
}

/* "id|text|source|title|meta" of the document with that id, or "(none)". */
static const char *doc(lede *db, const char *id)
{
    static char out[4096];
    lede_cursor *c;
    snprintf(out, sizeof out, "(none)");
    if (lede_docs_open(db, id, &c) != LEDE_OK) return "(error)";
    lede_doc d;
    if (lede_docs_next(c, &d) == LEDE_ROW)
        snprintf(out, sizeof out, "%s|%.*s|%s|%s|%s", d.id, (int)d.len, d.text,
                 d.source ? d.source : "-", d.title ? d.title : "-", d.meta);
    lede_docs_close(c);
    return out;
}

static int64_t ndocs(lede *db)
{
    int64_t n = -1;
    lede_count_docs(db, &n);
    return n;
}

static void ids_from_paths(tap *t)
{
    static const struct { const char *path, *id; } cases[] = {
        {"reports/000_abc.txt", "000_abc"}, {"000_abc.txt", "000_abc"}, {"a/b/c", "c"},
        {"x.tar.gz", "x.tar"}, {".profile", ".profile"}, {"dir/.notes.txt", ".notes"},
        {"corpus/", "corpus"}, {"feed.jsonl", "feed"}, {"./a.b.", "a.b"},
    };
    char out[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lede_load_id_from_path(cases[i].path, out, sizeof out);
        is_str(t, out, cases[i].id, cases[i].path);
    }
    char small[4];
    lede_load_id_from_path("reports/000_abc.txt", small, sizeof small);
    is_str(t, small, "000", "an id is truncated to the buffer, NUL-terminated");
}

static void files_and_dirs(tap *t)
{
    lede *db;
    TAP_IS_INT(t, lede_open(":memory:", &db), LEDE_OK, "open :memory:");
    seen s;
    memset(&s, 0, sizeof s);
    lede_set_reporter(db, on_reject, &s);
    lede_set_progress(db, on_progress, &s);

    mkdir(at("corpus"), 0755);
    mkdir(at("corpus/sub"), 0755);
    PUT("corpus/001_first.txt", "\xEF\xBB\xBFOpening Day\r\n\r\nThe market opened at dawn.\r\n");
    PUT("corpus/sub/002_second.md", "# Second\n\nAnother story.\n");
    PUT("corpus/003_copy.txt", "# Second\n\nAnother story.\n"); /* same text as 002 */
    PUT("corpus/004_bad.txt", "Bad \xC3\x28 sequence\n");
    PUT("corpus/005_nul.bin", "ab\0cd");
    PUT("corpus/006_empty.txt", "\xEF\xBB\xBF \n");
    PUT("corpus/.hidden.txt", "Never read.\n");
    if (symlink(".", at("corpus/sub/again")) != 0) perror("symlink");

    lede_ingest_stats st = {0};
    int rc = lede_ingest_path(db, at("corpus"), &st);
    TAP_IS_INT(t, rc, LEDE_EINPUT, "a directory with bad files returns LEDE_EINPUT");
    TAP_OK(t, strstr(lede_errmsg(db), "3 inputs rejected") != NULL, "the message counts the rejections: %s", lede_errmsg(db));
    TAP_IS_INT(t, st.docs_added, 2, "two documents added");
    TAP_IS_INT(t, st.docs_duplicate, 1, "one duplicate text");
    TAP_IS_INT(t, st.rejected, 3, "three rejected");
    TAP_IS_INT(t, st.bytes, 43 + 25 + 25, "bytes of the documents' text (BOM not counted)");
    is_str(t, s.lines,
               "004_bad.txt: not UTF-8 (byte 0xc3 at line 1, column 5)\n"
               "005_nul.bin: binary file (NUL byte at offset 2)\n"
               "006_empty.txt: empty file\n",
               "one reason per bad file, in name order");
    TAP_IS_INT(t, s.progress_calls, 6, "progress after each document and rejection");
    TAP_OK(t, memcmp(&s.last, &st, sizeof st) == 0, "the last progress call saw the final stats");
    TAP_IS_INT(t, ndocs(db), 2, "two documents stored");
    char want[512];
    snprintf(want, sizeof want, "001_first|Opening Day\r\n\r\nThe market opened at dawn.\r\n|%s|-|{}",
             at("corpus/001_first.txt"));
    is_str(t, doc(db, "001_first"), want, "BOM stripped, CRLF kept, source the path, meta {}");
    /* "003_copy.txt" sorts before "sub/", so it is stored first. */
    snprintf(want, sizeof want, "003_copy|# Second\n\nAnother story.\n|%s|-|{}", at("corpus/003_copy.txt"));
    is_str(t, doc(db, "003_copy"), want, "entries in bytewise order: 003_copy.txt before sub/");
    is_str(t, doc(db, "002_second"), "(none)", "the same text under another name is not stored twice");

    /* Stats are added to, not reset. */
    rc = lede_ingest_path(db, at("corpus/001_first.txt"), &st);
    TAP_IS_INT(t, rc, LEDE_OK, "a single good file returns LEDE_OK");
    TAP_OK(t, st.docs_added == 2 && st.docs_duplicate == 2 && st.rejected == 3,
           "stats accumulate over calls (added 2, duplicate 2, rejected 3)");
    TAP_IS_INT(t, lede_ingest_path(db, at("corpus/001_first.txt"), NULL), LEDE_OK, "stats may be NULL");

    rc = lede_ingest_path(db, at("missing/nothing.txt"), NULL);
    TAP_IS_INT(t, rc, LEDE_EINPUT, "a missing path is bad input");
    TAP_OK(t, strstr(s.lines, "nothing.txt: cannot open: No such file or directory") != NULL,
           "a missing path: cannot open");
    lede_close(db);
}

static void jsonl(tap *t)
{
    lede *db;
    lede_open(":memory:", &db);
    seen s;
    memset(&s, 0, sizeof s);
    lede_set_reporter(db, on_reject, &s);
    PUT("wire.jsonl",
        "{\"id\":\"w1\",\"text\":\"Port reopens\\n\\nShips sailed again.\",\"title\":\"Port reopens\","
        "\"date\":\"2024-05-02\",\"lang\":\"en\",\"score\":0.5,\"tags\":[\"port\"]}\n"
        "\n"
        "{\"id\":17,\"text\":\"An integer id.\",\"url\":null}\n"
        "{\"id\":\"w3\",\"text\":\"Missing brace\"\n"
        "{\"text\":\"No id here.\",\"source\":\"Desk\"}\n"
        "{\"id\":1.5,\"text\":\"A fractional id.\"}\n"
        "{\"id\":\"w1\",\"text\":\"Same id, different text.\"}\n"
        "{\"id\":\"dup\",\"text\":\"x\",\"text\":\"y\"}");
    lede_ingest_stats st = {0};
    int rc = lede_ingest_path(db, at("wire.jsonl"), &st);
    TAP_IS_INT(t, rc, LEDE_EINPUT, "JSONL with bad lines returns LEDE_EINPUT");
    TAP_OK(t, st.docs_added == 4 && st.rejected == 3, "4 records stored, 3 rejected (got %ld, %ld)", st.docs_added, st.rejected);
    is_str(t, s.lines,
               "wire.jsonl:4: malformed JSON: unexpected end, expected ',' or '}' at column 34\n"
               "wire.jsonl:6: \"id\" must be a string or an integer\n"
               "wire.jsonl:8: duplicate \"text\" field\n",
               "each bad line reported with its line number");
    char want[512];
    snprintf(want, sizeof want,
             "w1|Port reopens\n\nShips sailed again.|%s|Port reopens|{\"lang\":\"en\",\"score\":0.5,\"tags\":[\"port\"]}",
             at("wire.jsonl"));
    is_str(t, doc(db, "w1"), want, "title kept, other fields kept as meta with their JSON values");
    snprintf(want, sizeof want, "17|An integer id.|%s|-|{}", at("wire.jsonl"));
    is_str(t, doc(db, "17"), want, "an integer id; a null url is absent");
    is_str(t, doc(db, "wire"), "wire|No id here.|Desk|-|{}", "no id: the file's base name");
    TAP_OK(t, strncmp(doc(db, "w1-2"), "w1-2|Same id, different text.", 29) == 0, "a taken id is made unique");
    lede_close(db);
}

static void from_stdin(tap *t)
{
    lede *db;
    lede_open(":memory:", &db);
    seen s;
    memset(&s, 0, sizeof s);
    lede_set_reporter(db, on_reject, &s);
    int saved = dup(STDIN_FILENO);

    PUT("stdin1", "\xEF\xBB\xBF  \n{\"id\":\"s1\",\"text\":\"From standard input.\"}\n{\"id\":\"s2\",\"text\":\"Again.\"}\n");
    int fd = open(at("stdin1"), O_RDONLY);
    dup2(fd, STDIN_FILENO);
    close(fd);
    int rc = lede_ingest_path(db, "-", NULL);
    TAP_OK(t, rc == LEDE_OK && ndocs(db) == 2, "stdin starting with '{' (after a BOM and blanks) is JSONL");

    PUT("stdin2", "Plain Words\n\nPiped text, not JSON.\n");
    fd = open(at("stdin2"), O_RDONLY);
    dup2(fd, STDIN_FILENO);
    close(fd);
    rc = lede_ingest_path(db, "-", NULL);
    TAP_IS_INT(t, rc, LEDE_OK, "plain stdin");
    is_str(t, doc(db, "stdin"), "stdin|Plain Words\n\nPiped text, not JSON.\n|stdin|-|{}", "plain stdin is one document with id stdin");

    dup2(saved, STDIN_FILENO);
    close(saved);
    lede_close(db);
}

static void buffers(tap *t)
{
    lede *db;
    lede_open(":memory:", &db);
    char *id = NULL;
    lede_doc_meta m = {"story", "A Title", "2024-01-02", "memory", "https://example.org/s", "{\"k\":[1,2]}"};
    int rc = lede_ingest_buffer(db, "\xEF\xBB\xBFStory text.", 14, &m, &id);
    TAP_OK(t, rc == LEDE_OK && id && strcmp(id, "story") == 0, "ingest_buffer stores and returns the id");
    free(id);
    is_str(t, doc(db, "story"), "story|Story text.|memory|A Title|{\"k\":[1,2]}", "BOM stripped, metadata stored");
    id = NULL;
    rc = lede_ingest_buffer(db, "Story text.", 11, NULL, &id);
    TAP_OK(t, rc == LEDE_OK && id && strcmp(id, "story") == 0, "the same text again gives the earlier id");
    free(id);
    TAP_IS_INT(t, ndocs(db), 1, "and stores nothing new");

    id = (char *)"x";
    rc = lede_ingest_buffer(db, "bad \xFF here", 10, NULL, &id);
    TAP_OK(t, rc == LEDE_EINPUT && id == NULL, "not UTF-8: LEDE_EINPUT, no id");
    is_str(t, lede_errmsg(db), "not UTF-8 (byte 0xff at offset 4)", "the message says where");
    rc = lede_ingest_buffer(db, "a\0b", 3, NULL, NULL);
    TAP_OK(t, rc == LEDE_EINPUT && strstr(lede_errmsg(db), "NUL byte at offset 1"), "NUL byte: LEDE_EINPUT");
    rc = lede_ingest_buffer(db, "\xEF\xBB\xBF \r\n", 6, NULL, NULL);
    TAP_OK(t, rc == LEDE_EINPUT && strcmp(lede_errmsg(db), "empty text") == 0, "white space only: LEDE_EINPUT");
    lede_doc_meta bad = {0};
    bad.meta_json = "[1]";
    rc = lede_ingest_buffer(db, "Fine text.", 10, &bad, NULL);
    TAP_IS_INT(t, rc, LEDE_EUSAGE, "meta_json that is not an object is a usage error");
    TAP_IS_INT(t, ndocs(db), 1, "nothing stored by the failed calls");
    lede_close(db);
}

/* After the first document, deny inserts: the ingest must stop with the
** store's error and keep the document stored before it. */
static int deny_insert(void *ud, int action, const char *a, const char *b, const char *c, const char *d)
{
    (void)ud; (void)b; (void)c; (void)d;
    return action == SQLITE_INSERT && a && strcmp(a, "documents") == 0 ? SQLITE_DENY : SQLITE_OK;
}

static void deny_after_first(void *ud, const lede_ingest_stats *st)
{
    lede *db = ud;
    if (st->docs_added == 1) sqlite3_set_authorizer(db->db, deny_insert, NULL);
}

static void store_failure(tap *t)
{
    lede *db;
    lede_open(":memory:", &db);
    lede_set_progress(db, deny_after_first, db);
    mkdir(at("fail"), 0755);
    PUT("fail/a.txt", "First document.\n");
    PUT("fail/b.txt", "Second document.\n");
    PUT("fail/c.txt", "Third document.\n");
    lede_ingest_stats st = {0};
    int rc = lede_ingest_path(db, at("fail"), &st);
    sqlite3_set_authorizer(db->db, NULL, NULL);
    TAP_IS_INT(t, rc, LEDE_ESTORE, "a store failure stops the ingest with LEDE_ESTORE");
    TAP_OK(t, strstr(lede_errmsg(db), "not authorized") != NULL, "with the store's message: %s", lede_errmsg(db));
    TAP_IS_INT(t, st.docs_added, 1, "one document added before the failure");
    TAP_IS_INT(t, ndocs(db), 1, "and it is still stored");
    lede_set_progress(db, NULL, NULL);
    TAP_IS_INT(t, lede_ingest_path(db, at("fail"), NULL), LEDE_OK, "running again works");
    TAP_IS_INT(t, ndocs(db), 3, "and completes the rest");
    lede_close(db);
}

/* The JSONL record rules as `lede map` gets them (lede_jsonl_parse): what
** a caller must name itself comes back NULL, reasons are ingest's. */
static void record_rules(tap *t)
{
    lede_jsonl jl;
    memset(&jl, 0, sizeof jl);
    lede_jsonl_doc d;
    char why[256];
    static const char line1[] = "\xEF\xBB\xBF{\"id\":7,\"text\":\"\\uFEFFOne \\\"two\\\"\",\"title\":\"T\",\"desk\":[1, 2]}\r";
    TAP_IS_INT(t, lede_jsonl_parse(&jl, 1, line1, sizeof line1 - 1, &d, why, sizeof why), LEDE_OK,
               "a record (BOM on line 1, CRLF, an integer id, a BOM in the text)");
    TAP_OK(t, d.len == 9 && memcmp(d.text, "One \"two\"", 9) == 0, "its text decoded, the BOM stripped");
    is_str(t, d.meta.id, "7", "an integer id as written");
    is_str(t, d.meta.title, "T", "the title");
    TAP_OK(t, !d.meta.source && !d.meta.date && !d.meta.url, "absent fields are NULL (the caller names the source)");
    is_str(t, d.meta.meta_json, "{\"desk\":[1, 2]}", "other fields kept as written");
    TAP_IS_INT(t, d.meta_len, strlen(d.meta.meta_json), "meta_len is its length");

    static const char line2[] = "{\"id\":\"\",\"text\":\"x\",\"source\":null}";
    TAP_IS_INT(t, lede_jsonl_parse(&jl, 2, line2, sizeof line2 - 1, &d, why, sizeof why), LEDE_OK, "an empty id");
    TAP_OK(t, !d.meta.id && !d.meta.source, "an empty id and a null source are NULL");
    is_str(t, d.meta.meta_json, "{}", "no other fields: {}");

    TAP_IS_INT(t, lede_jsonl_parse(&jl, 3, " \t\r", 3, &d, why, sizeof why), LEDE_DONE, "a blank line is skipped");
    static const struct { const char *line; const char *why; } bad[] = {
        {"{\"id\":\"a\"}", "missing \"text\" field"},
        {"{\"text\":\"a\",\"text\":\"b\"}", "duplicate \"text\" field"},
        {"{\"text\":1}", "\"text\" must be a string, not number"},
        {"{\"text\":\" \\n\"}", "empty \"text\""},
        {"{\"text\":\"a\",\"id\":1.5}", "\"id\" must be a string or an integer"},
        {"{\"text\":\"a\",\"url\":true}", "\"url\" must be a string, not true"},
        {"[1]", "not a JSON object"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = lede_jsonl_parse(&jl, 4, bad[i].line, strlen(bad[i].line), &d, why, sizeof why);
        TAP_OK(t, rc == LEDE_EINPUT && strncmp(why, bad[i].why, strlen(bad[i].why)) == 0, "refused: %s (%s)",
               bad[i].why, rc == LEDE_EINPUT ? why : "accepted");
    }
    lede_jsonl_free(&jl);
}

int main(void)
{
    tap t = {0, 0};
    snprintf(dir, sizeof dir, "%s/lede-test-load.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }

    ids_from_paths(&t);
    files_and_dirs(&t);
    jsonl(&t);
    from_stdin(&t);
    buffers(&t);
    store_failure(&t);
    record_rules(&t);

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("# could not remove %s\n", dir);
    return tap_done(&t);
}
