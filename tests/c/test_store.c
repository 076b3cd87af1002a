/*
** test_store.c -- what the store keeps of a document's tokens: one blob per
** document in the compact format (a header, then mostly one byte a token)
** that unpacks to exactly the tokenizer's tokens; a store whose blobs are
** in the first format (three varints a token, no header), as lede wrote
** them before, reads the same tokens through the Lua binding, and takes
** new documents beside them.
**
** The lede Lua library is found through $LEDE_PATH, set here from
** $LEDE_ROOT (make test) or the current directory (the repo root).
*/
#include <lua.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "handle.h"
#include "lede.h"
#include "tap.h"
#include "token.h"

/* Tokens of every class, gaps of 0, 1 and more, words longer than 16
** bytes, non-ASCII text and offsets past 2^14 (the padding). */
static const char *const texts[] = {
    "Harbor council approves ferry plan\n\nBy Mira Castell\n\n"
    "The council\xe2\x80\x99s vote \xe2\x80\x94 7-2 on Monday \xe2\x80\x94 adds a late ferry, "
    "\xe2\x80\x9cIt is overdue,\xe2\x80\x9d said Dana Ruiz.   It costs $1.2 million (63%) a year; "
    "see https://harbor.example.org/ferries or write to desk@harbor.example.org. "
    "Internationalization-minded counter-counterproposals were \"withdrawn\".\n",
    "Zweite Meldung: Stra\xc3\x9f" "enbahn in K\xc3\xb6ln f\xc3\xa4hrt wieder. \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d "
    "\xe6\x9d\xb1\xe4\xba\xac. Der Verkehrsverbund sagte, die St\xc3\xb6rung sei behoben.\n",
    /* words of 7, 8 and 9 bytes, capitals anywhere, at the very start (the
    ** first 8 bytes) and non-ASCII capitals: \xc3\x89 is E-acute */
    "A B NATO Ukraine's MINISTRY ministry Ministry McDonald mcDONALDs SeptemberX 2024-10-29 "
    "\xc3\x89TAT \xc3\x89tat \xc3\xa9tat U.S. Ab\xc3\x9f" "Cd x www.Example.ORG/Path\n",
};

static const char *const class_names[] = {"", "word", "number", "punct", "open_quote", "close_quote",
                                          "dash", "symbol", "url", "possessive"};

/* "s:e:class," per token, from the C tokenizer, in the binding's
** convention (1-based start, exclusive end: the 0-based offsets + 1). */
static void expected_tokens(const char *text, size_t len, lede_buf *out)
{
    lede_tokens tk = {NULL, 0, 0};
    lede_tokens_fill(&tk, text, len);
    for (size_t i = 0; i < tk.n; i++)
        lede_buf_printf(out, "%d:%d:%s,", (int)tk.v[i].start + 1, (int)tk.v[i].end + 1, class_names[tk.v[i].cls]);
    lede_tokens_free(&tk);
}

/* The same through doc:tokens() of the stored document `id`. */
static int stored_tokens(lede *db, const char *id, lede_buf *out)
{
    char chunk[512];
    snprintf(chunk, sizeof chunk,
             "local parts = {}\n"
             "for doc in lede.open():docs() do\n"
             "  if doc.id == '%s' then\n"
             "    for _, s, e, class in doc:tokens() do parts[#parts + 1] = s .. ':' .. e .. ':' .. class .. ',' end\n"
             "  end\n"
             "end\n"
             "stored_tokens = table.concat(parts)\n",
             id);
    if (lede_run_string(db, chunk, "stored_tokens") != LEDE_OK) {
        printf("# %s\n", lede_errmsg(db));
        return 0;
    }
    lua_State *L = lede_lua(db);
    lua_getglobal(L, "stored_tokens");
    size_t n = 0;
    const char *s = lua_tolstring(L, -1, &n);
    lede_buf_reset(out);
    if (s) lede_buf_add(out, s, n);
    lua_pop(L, 1);
    return s != NULL;
}

/* The first format: gap, length and class as varints, no header. */
static void pack_format0(const lede_token *t, size_t n, lede_buf *out)
{
    int32_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t v[3] = {(uint32_t)(t[i].start - prev), (uint32_t)(t[i].end - t[i].start), t[i].cls};
        for (int k = 0; k < 3; k++) {
            uint32_t x = v[k];
            while (x >= 0x80) {
                lede_buf_addc(out, (int)(0x80 | (x & 0x7F)));
                x >>= 7;
            }
            lede_buf_addc(out, (int)x);
        }
        prev = t[i].end;
    }
}

typedef struct terms {
    lede_buf *out;
} terms;

static int add_term(void *ctx, int cls, const char *tok, int n, int start, int end)
{
    (void)start, (void)end;
    if (cls == LEDE_TOK_WORD || cls == LEDE_TOK_NUMBER || cls == LEDE_TOK_URL) {
        lede_buf_add(((terms *)ctx)->out, tok, (size_t)n);
        lede_buf_addc(((terms *)ctx)->out, ' ');
    }
    return 0;
}

/* The terms the search index holds for each document, in order, against
** the folded words of the tokenizer: the index is built from the stored
** tokens, folded without tokenizing again, and must see the same words
** as a query does. */
static void check_index(tap *t, const char *path, const char *const *docs, const char *const *ids, int ndocs)
{
    /* The index's tokenizer is lede's: read it through a handle's connection. */
    lede *db = NULL;
    if (lede_open(path, &db) != LEDE_OK) return;
    sqlite3 *sq = db->db;
    sqlite3_exec(sq, "CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, fts, 'instance')", NULL, NULL, NULL);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(sq, "SELECT v.term FROM temp.vocab v JOIN documents d ON d.rowid = v.doc"
                           " WHERE d.id = ?1 ORDER BY v.offset", -1, &st, NULL);
    for (int i = 0; i < ndocs; i++) {
        lede_buf want = LEDE_BUF_INIT, got = LEDE_BUF_INIT;
        terms tm = {&want};
        lede_tokenize(docs[i], strlen(docs[i]), LEDE_TOKENIZE_FOLD, &tm, add_term);
        sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            lede_buf_add(&got, sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
            lede_buf_addc(&got, ' ');
        }
        sqlite3_reset(st);
        TAP_OK(t, st && want.n > 0 && got.n == want.n && memcmp(got.p, want.p, want.n) == 0,
               "%s: the search index holds the tokenizer's folded words", ids[i]);
        if (!(got.n == want.n && memcmp(got.p, want.p, want.n) == 0))
            printf("#   index: %.200s\n#   want:  %.200s\n", got.p ? got.p : "", want.p ? want.p : "");
        lede_buf_free(&want);
        lede_buf_free(&got);
    }
    sqlite3_finalize(st);
    lede_close(db);
}

static void set_lede_path(void)
{
    const char *root = getenv("LEDE_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/lua", root && *root ? root : ".");
    setenv("LEDE_PATH", path, 1);
}

int main(void)
{
    tap t = {0, 0};
    set_lede_path();
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/lede-test-store.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/s.db", dir);

    /* A long document: the same article again and again, with a counter
    ** so that each copy differs, past offsets that need 3-byte varints. */
    lede_buf big = LEDE_BUF_INIT;
    for (int i = 0; big.n < 40000; i++) lede_buf_printf(&big, "Copy %d. %s", i, texts[0]);
    const char *docs[4] = {texts[0], texts[1], big.p, texts[2]};
    const char *ids[4] = {"ferry", "koeln", "long", "caps"};

    lede *db = NULL;
    TAP_IS_INT(&t, lede_open(path, &db), LEDE_OK, "open a new store");
    for (int i = 0; i < 4; i += i == 1 ? 2 : 1) { /* "long" comes later */
        lede_doc_meta meta = {ids[i], NULL, NULL, NULL, NULL, NULL};
        TAP_IS_INT(&t, lede_ingest_buffer(db, docs[i], strlen(docs[i]), &meta, NULL), LEDE_OK, "ingest a document");
    }
    lede_close(db);

    /* The blobs as stored: the header, a byte a token or little more, and
    ** the tokenizer's tokens when unpacked. */
    sqlite3 *sq = NULL;
    sqlite3_open(path, &sq);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(sq, "SELECT d.id, d.text, t.count, t.data FROM tokens t JOIN documents d ON d.rowid = t.doc"
                           " ORDER BY t.doc", -1, &st, NULL);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        const char *text = (const char *)sqlite3_column_text(st, 1);
        size_t len = (size_t)sqlite3_column_bytes(st, 1);
        const unsigned char *blob = sqlite3_column_blob(st, 3);
        size_t n = (size_t)sqlite3_column_bytes(st, 3);
        lede_tokens want = {NULL, 0, 0}, got = {NULL, 0, 0};
        lede_tokens_fill(&want, text, len);
        rows++;
        TAP_IS_INT(&t, sqlite3_column_int64(st, 2), want.n, "the count column is the number of tokens");
        TAP_OK(&t, n >= 4 && memcmp(blob, "\0\0\0\1", 4) == 0, "%s: the blob starts with the format 1 header", id);
        TAP_OK(&t, n <= 4 + want.n * 3 / 2, "%s: at most 1.5 bytes a token (%zu bytes, %zu tokens)", id, n, want.n);
        TAP_IS_INT(&t, lede_tokens_unpack(blob, n, &got), LEDE_OK, "the blob unpacks");
        int same = got.n == want.n;
        for (size_t i = 0; same && i < got.n; i++)
            same = got.v[i].start == want.v[i].start && got.v[i].end == want.v[i].end && got.v[i].cls == want.v[i].cls;
        TAP_OK(&t, same, "%s: to the tokenizer's %zu tokens", id, want.n);
        lede_tokens_free(&want);
        lede_tokens_free(&got);
    }
    sqlite3_finalize(st);
    TAP_IS_INT(&t, rows, 3, "one tokens row per document");

    /* Rewrite the blobs in the first format, as an older lede left them. */
    sqlite3_prepare_v2(sq, "SELECT t.doc, d.text FROM tokens t JOIN documents d ON d.rowid = t.doc", -1, &st, NULL);
    sqlite3_stmt *up = NULL;
    sqlite3_prepare_v2(sq, "UPDATE tokens SET data = ?2 WHERE doc = ?1", -1, &up, NULL);
    sqlite3_exec(sq, "BEGIN", NULL, NULL, NULL);
    int rewritten = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        lede_tokens tk = {NULL, 0, 0};
        lede_buf old = LEDE_BUF_INIT;
        lede_tokens_fill(&tk, (const char *)sqlite3_column_text(st, 1), (size_t)sqlite3_column_bytes(st, 1));
        pack_format0(tk.v, tk.n, &old);
        sqlite3_bind_int64(up, 1, sqlite3_column_int64(st, 0));
        sqlite3_bind_blob(up, 2, old.p, (int)old.n, SQLITE_TRANSIENT);
        if (sqlite3_step(up) == SQLITE_DONE && old.n >= tk.n * 3) rewritten++;
        sqlite3_reset(up);
        lede_tokens_free(&tk);
        lede_buf_free(&old);
    }
    sqlite3_exec(sq, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(st);
    sqlite3_finalize(up);
    sqlite3_close(sq);
    TAP_IS_INT(&t, rewritten, 3, "the blobs rewritten in the first format");

    /* The old store opens, reads the same tokens, and takes a new document
    ** (in the new format) beside the old ones. */
    TAP_IS_INT(&t, lede_open(path, &db), LEDE_OK, "a store with first-format blobs opens");
    lede_doc_meta meta = {ids[2], NULL, NULL, NULL, NULL, NULL};
    TAP_IS_INT(&t, lede_ingest_buffer(db, docs[2], strlen(docs[2]), &meta, NULL), LEDE_OK,
               "and takes a new document");
    lede_buf want = LEDE_BUF_INIT, got = LEDE_BUF_INIT;
    for (int i = 0; i < 4; i++) {
        lede_buf_reset(&want);
        expected_tokens(docs[i], strlen(docs[i]), &want);
        int ok = stored_tokens(db, ids[i], &got);
        TAP_OK(&t, ok && want.n > 0 && got.n == want.n && memcmp(got.p, want.p, want.n) == 0,
               "%s: doc:tokens() gives the tokenizer's tokens (%s format)", ids[i], i == 2 ? "new" : "first");
    }
    lede_close(db);
    check_index(&t, path, docs, ids, 4);

    lede_buf_free(&want);
    lede_buf_free(&got);
    lede_buf_free(&big);
    unlink(path);
    snprintf(path, sizeof path, "%s/s.db-wal", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/s.db-shm", dir);
    unlink(path);
    rmdir(dir);
    return tap_done(&t);
}
