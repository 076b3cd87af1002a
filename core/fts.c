/*
** fts.c -- lede's tokenizer registered with SQLite FTS5 as "lede", so that
** search and analysis see the same words: case-folded, curly apostrophes
** and dashes normalised, possessives and punctuation left out of the index.
**
** A document being stored has been tokenized already (store.c keeps its
** tokens in the handle while it inserts the FTS row): those tokens are
** indexed, folded as lede_tokenize would fold them, instead of scanning
** the text a second time. Anything else (queries, snippets, rows written
** by SQL) goes through lede_tokenize.
*/
#include <stdlib.h>
#include <string.h>

#include "handle.h"
#include "store.h"

typedef struct fts_call {
    void *ctx;
    int (*xToken)(void *, int, const char *, int, int, int);
} fts_call;

/* The tokenizer's instance is the handle itself (registered per connection). */
static int fts_xcreate(void *ud, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)argv;
    (void)argc;
    *out = (Fts5Tokenizer *)ud;
    return SQLITE_OK;
}

static void fts_xdelete(Fts5Tokenizer *t)
{
    (void)t;
}

static int fts_token(void *ctx, int cls, const char *tok, int n, int start, int end)
{
    fts_call *c = ctx;
    switch (cls) {
    case LEDE_TOK_WORD:
    case LEDE_TOK_NUMBER:
    case LEDE_TOK_URL:
        return c->xToken(c->ctx, 0, tok, n, start, end);
    default:
        return SQLITE_OK;
    }
}

/* The document's own tokens, with lede_tokenize's FOLD forms: lowercase
** ASCII as it is, anything else through lede_fold. */
static int index_tokens(lede *db, void *ctx, int (*xToken)(void *, int, const char *, int, int, int))
{
    const char *text = db->fts_text;
    const lede_token *t = db->toks.v, *end = t + db->toks.n;
    for (; t < end; t++) {
        if (t->cls != LEDE_TOK_WORD && t->cls != LEDE_TOK_NUMBER && t->cls != LEDE_TOK_URL) continue;
        const char *tok = text + t->start;
        int n = t->end - t->start, i = 0;
        while (i < n && ((unsigned char)tok[i] < 'A' || ((unsigned char)tok[i] > 'Z' && (unsigned char)tok[i] < 0x80)))
            i++;
        int rc;
        if (i == n) {
            rc = xToken(ctx, 0, tok, n, t->start, t->end);
        } else {
            lede_buf_reset(&db->fold);
            if (lede_fold(tok, (size_t)n, &db->fold) != LEDE_OK) return SQLITE_NOMEM;
            rc = xToken(ctx, 0, db->fold.p, (int)db->fold.n, t->start, t->end);
        }
        if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
}

static int fts_xtokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
                         int (*xToken)(void *, int, const char *, int, int, int))
{
    lede *db = (lede *)t;
    size_t len = n < 0 ? 0 : (size_t)n;
    if ((flags & FTS5_TOKENIZE_DOCUMENT) && db->fts_text && len == db->fts_len &&
        (text == db->fts_text || memcmp(text, db->fts_text, len) == 0))
        return index_tokens(db, ctx, xToken);
    fts_call c = {ctx, xToken};
    return lede_tokenize(text, len, LEDE_TOKENIZE_FOLD, &c, fts_token);
}

static fts5_api *fts5_api_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return api;
}

int lede_fts_register(lede *db)
{
    fts5_api *api = fts5_api_of(db->db);
    if (!api) return lede_seterr(db, LEDE_ESTORE, "this SQLite has no FTS5 (lede needs SQLite built with FTS5)");
    fts5_tokenizer tok = {fts_xcreate, fts_xdelete, fts_xtokenize};
    if (api->xCreateTokenizer(api, "lede", db, &tok, NULL) != SQLITE_OK)
        return lede_seterr_sqlite(db, "registering the FTS5 tokenizer");
    return LEDE_OK;
}
