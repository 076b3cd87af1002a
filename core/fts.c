/*
** fts.c -- lede's tokenizer registered with SQLite FTS5 as "lede", so that
** search and analysis see the same words: case-folded, curly apostrophes
** and dashes normalised, possessives and punctuation left out of the index.
*/
#include <stdlib.h>

#include "handle.h"
#include "store.h"

typedef struct fts_call {
    void *ctx;
    int (*xToken)(void *, int, const char *, int, int, int);
} fts_call;

static int fts_xcreate(void *ud, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)ud;
    (void)argv;
    (void)argc;
    /* Stateless: any non-NULL pointer will do, FTS5 only hands it back. */
    static const char tag = 0;
    *out = (Fts5Tokenizer *)(void *)&tag;
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

static int fts_xtokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
                         int (*xToken)(void *, int, const char *, int, int, int))
{
    (void)t;
    (void)flags;
    fts_call c = {ctx, xToken};
    return lede_tokenize(text, n < 0 ? 0 : (size_t)n, LEDE_TOKENIZE_FOLD, &c, fts_token);
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
    if (api->xCreateTokenizer(api, "lede", NULL, &tok, NULL) != SQLITE_OK)
        return lede_seterr_sqlite(db, "registering the FTS5 tokenizer");
    return LEDE_OK;
}
