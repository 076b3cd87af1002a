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
#include <stdint.h>
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

/* The classes the index holds: possessives and punctuation stay out. */
#define INDEXED ((1u << LEDE_TOK_WORD) | (1u << LEDE_TOK_NUMBER) | (1u << LEDE_TOK_URL))

static int fts_token(void *ctx, int cls, const char *tok, int n, int start, int end)
{
    fts_call *c = ctx;
    return (INDEXED >> cls) & 1 ? c->xToken(c->ctx, 0, tok, n, start, end) : SQLITE_OK;
}

#define SHORT_TOKEN 64

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* The capitals of eight ASCII bytes: 0x80 in each byte 'A'..'Z' (adding
** to bytes below 0x80 never carries into the next one). */
static uint64_t capitals8(uint64_t w)
{
    return (w + ONES * (0x80 - 'A')) & ~(w + ONES * (0x80 - 'Z' - 1)) & HIGHS;
}

/*
** Folds a token of 1 to 8 bytes that ends at least 8 bytes into the text,
** eight bytes at a time: the bytes before the token are loaded too and
** masked off. Returns the folded form (in buf, or the token itself when
** nothing changes), or NULL when the token holds a byte beyond ASCII.
*/
static const char *fold8(const unsigned char *tok, int n, char buf[8])
{
    uint64_t w;
    memcpy(&w, tok + n - 8, 8);
    w &= ~0ULL << (8 * (8 - n)); /* little-endian: the token is the high bytes */
    if (w & HIGHS) return NULL;
    uint64_t caps = capitals8(w);
    if (!caps) return (const char *)tok;
    w |= caps >> 2; /* 0x80 >> 2 is the 0x20 between 'A' and 'a' */
    memcpy(buf, &w, 8);
    return buf + 8 - n;
}
#endif

/* lede_tokenize's FOLD form of a token ending at `end` when it is ASCII:
** the token itself when it has no capitals, else its lowered copy in low;
** NULL when it holds a byte beyond ASCII or is longer than SHORT_TOKEN
** (lede_fold's work). Tokens of up to 8 bytes go eight bytes at a time. */
static const char *ascii_form(const unsigned char *tok, int n, int end, char low[SHORT_TOKEN])
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n >= 1 && n <= 8 && end >= 8) return fold8(tok, n, low);
#else
    (void)end;
#endif
    if (n > SHORT_TOKEN) return NULL;
    int caps = 0;
    for (int i = 0; i < n; i++) {
        if (tok[i] >= 0x80) return NULL;
        int cap = (unsigned)(tok[i] - 'A') < 26;
        caps |= cap;
        low[i] = (char)(tok[i] + (cap << 5));
    }
    return caps ? low : (const char *)tok;
}

/* The document's own tokens, with lede_tokenize's FOLD forms. Nine tokens
** in ten are indexed, so this loop runs per token of the whole corpus:
** ASCII ones are lowered here, only the others go through lede_fold. */
static int index_tokens(lede *db, void *ctx, int (*xToken)(void *, int, const char *, int, int, int))
{
    const char *text = db->fts_text;
    const lede_token *t = db->toks.v, *end = t + db->toks.n;
    char low[SHORT_TOKEN];
    for (; t < end; t++) {
        if (!((INDEXED >> t->cls) & 1)) continue;
        const unsigned char *tok = (const unsigned char *)text + t->start;
        int n = t->end - t->start, rc;
        const char *form = ascii_form(tok, n, t->end, low);
        if (form) {
            rc = xToken(ctx, 0, form, n, t->start, t->end);
        } else {
            lede_buf_reset(&db->fold);
            if (lede_fold((const char *)tok, (size_t)n, &db->fold) != LEDE_OK) return SQLITE_NOMEM;
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
