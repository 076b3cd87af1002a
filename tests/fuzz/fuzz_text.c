/*
** fuzz_text.c -- libFuzzer target over the text pipeline of the core: the
** UTF-8 check, the tokenizer (plain and folded, callback and array forms),
** packing, the sentence splitter and the article layout. Besides the
** sanitizers it checks the promises consumers rely on and traps when one
** breaks: tokens in order, inside the text, covering every byte that is not
** white space, the same from the callback and the array form; the packed
** blob gives the tokens back; sentences and blocks
** are ordered, non-empty, inside the text and trimmed.
**
**   clang -fsanitize=fuzzer,address,undefined -Icore tests/fuzz/fuzz_text.c \
**       core/utf8.c core/unicode.c core/abbrev.c core/token.c core/sentence.c \
**       core/article.c core/buf.c
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "lede.h"
#include "sentence.h"
#include "token.h"
#include "utf8.h"

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

typedef struct tok_check {
    const uint8_t *text;
    size_t len;
    int fold;
    int prev_end;
    size_t count;
    unsigned char *covered;
    lede_tokens seen; /* what the callback delivered, to compare with the array form */
} tok_check;

static int on_token(void *ctx, int cls, const char *tok, int n, int start, int end)
{
    tok_check *c = ctx;
    REQUIRE(cls >= LEDE_TOK_WORD && cls <= LEDE_TOK_POSSESSIVE);
    REQUIRE(start >= c->prev_end && end > start && (size_t)end <= c->len);
    REQUIRE(n >= 0 && tok != NULL);
    if (!c->fold) {
        REQUIRE(n == end - start && memcmp(tok, c->text + start, (size_t)n) == 0);
        memset(c->covered + start, 1, (size_t)n);
    } else {
        /* The folded form is well-formed UTF-8 whatever the input was. */
        REQUIRE(lede_utf8_check(tok, (size_t)n) == (size_t)n);
    }
    c->prev_end = end;
    c->count++;
    if (!c->fold && c->seen.n < c->seen.cap) {
        lede_token *t = &c->seen.v[c->seen.n++];
        t->start = start;
        t->end = end;
        t->cls = (uint8_t)cls;
    }
    return 0;
}

typedef struct range_check {
    const uint8_t *text;
    size_t len;
    int prev_end;
} range_check;

static int is_ascii_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int on_sentence(void *ctx, int start, int end)
{
    range_check *c = ctx;
    REQUIRE(start >= c->prev_end && end > start && (size_t)end <= c->len);
    REQUIRE(!is_ascii_space(c->text[start]) && !is_ascii_space(c->text[end - 1]));
    c->prev_end = end;
    return 0;
}

static int on_block(void *ctx, int kind, int start, int end)
{
    range_check *c = ctx;
    REQUIRE(kind >= LEDE_BLOCK_HEADLINE && kind <= LEDE_BLOCK_ITEM);
    REQUIRE(start >= c->prev_end && end > start && (size_t)end <= c->len);
    c->prev_end = end;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t valid = lede_utf8_check(text, size);
    REQUIRE(valid <= size);
    if (valid < size) {
        uint32_t cp;
        /* the first bad byte really is reported as one */
        REQUIRE(lede_utf8_decode(text, size, valid, &cp) == 1 && cp == 0xFFFD);
    }

    unsigned char *covered = calloc(size + 1, 1);
    if (!covered) return 0;
    tok_check tc = {data, size, 0, 0, 0, covered, {calloc(size + 1, sizeof(lede_token)), 0, size + 1}};
    if (!tc.seen.v) {
        free(covered);
        return 0;
    }
    REQUIRE(lede_tokenize(text, size, 0, &tc, on_token) == LEDE_OK);
    for (size_t i = 0; i < size; i++)
        if (!covered[i]) REQUIRE(is_ascii_space(data[i]) || data[i] >= 0x80);
    free(covered);

    tok_check fc = {data, size, 1, 0, 0, NULL, {NULL, 0, 0}};
    REQUIRE(lede_tokenize(text, size, LEDE_TOKENIZE_FOLD, &fc, on_token) == LEDE_OK);
    REQUIRE(fc.count == tc.count);

    lede_tokens toks = {NULL, 0, 0}, back = {NULL, 0, 0};
    lede_buf blob = LEDE_BUF_INIT;
    if (lede_tokens_fill(&toks, text, size) == LEDE_OK) {
        REQUIRE(toks.n == tc.count);
        for (size_t i = 0; i < toks.n; i++)
            REQUIRE(toks.v[i].start == tc.seen.v[i].start && toks.v[i].end == tc.seen.v[i].end
                    && toks.v[i].cls == tc.seen.v[i].cls);
        if (lede_tokens_pack(toks.v, toks.n, &blob) == LEDE_OK && lede_tokens_unpack(blob.p, blob.n, &back) == LEDE_OK) {
            REQUIRE(back.n == toks.n);
            for (size_t i = 0; i < toks.n; i++)
                REQUIRE(back.v[i].start == toks.v[i].start && back.v[i].end == toks.v[i].end
                        && back.v[i].cls == toks.v[i].cls);
        }
        range_check sc = {data, size, 0};
        REQUIRE(lede_sentences_tok(text, size, toks.v, toks.n, &sc, on_sentence) == LEDE_OK);
    }
    lede_tokens_free(&toks);
    lede_tokens_free(&tc.seen);
    lede_tokens_free(&back);
    lede_buf_free(&blob);

    range_check sc2 = {data, size, 0};
    REQUIRE(lede_sentences(text, size, &sc2, on_sentence) == LEDE_OK);

    range_check bc = {data, size, 0};
    lede_article_blocks(text, size, &bc, on_block);
    return 0;
}
