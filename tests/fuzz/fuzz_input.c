/*
** fuzz_input.c -- libFuzzer target over what the core reads back from
** outside: packed token blobs (a store may be damaged or come from another
** version) and JSONL records (lede ingest and lede map). The first byte
** picks the reader; the rest is its input, in a buffer of exactly that size
** so that a read past the end (the word-at-a-time and SSE2 scans) shows.
** Besides the sanitizers it checks, trapping when one breaks:
**   - an unpacked blob is tokens in order with valid classes, and packing
**     them gives a blob that unpacks to the same tokens; a refused blob
**     leaves the array as it was;
**   - tokens made from the input pack and unpack to themselves;
**   - an accepted JSONL record has UTF-8 text without NUL, not blank, and
**     its other fields as a JSON object.
**
**   clang -fsanitize=fuzzer,address,undefined -Icore -I/usr/include/lua5.4 \
**       tests/fuzz/fuzz_input.c LIB_SRC (core/ without cli*.c, main.c) \
**       -llua5.4-lpeg -llua5.4 -lsqlite3 -lpthread -lm
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "lede.h"
#include "load.h"
#include "token.h"
#include "utf8.h"

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

static void unpack_blob(const uint8_t *p, size_t n)
{
    lede_tokens t = {NULL, 0, 0}, back = {NULL, 0, 0};
    lede_buf blob = LEDE_BUF_INIT;
    /* One token already there: unpacking appends, or leaves it alone. */
    static const lede_token first = {0, 1, LEDE_TOK_WORD};
    if (lede_tokens_pack(&first, 1, &blob) != LEDE_OK || lede_tokens_unpack(blob.p, blob.n, &t) != LEDE_OK)
        goto done;
    REQUIRE(t.n == 1);
    int rc = lede_tokens_unpack(p, n, &t);
    if (rc != LEDE_OK) {
        REQUIRE(t.n == 1 && t.v[0].end == 1);
        goto done;
    }
    int32_t prev = 0;
    for (size_t i = 1; i < t.n; i++) {
        REQUIRE(t.v[i].start >= prev && t.v[i].end >= t.v[i].start);
        REQUIRE(t.v[i].cls >= LEDE_TOK_WORD && t.v[i].cls <= LEDE_TOK_POSSESSIVE);
        prev = t.v[i].end;
    }
    lede_buf_reset(&blob);
    if (lede_tokens_pack(t.v + 1, t.n - 1, &blob) != LEDE_OK) goto done;
    if (lede_tokens_unpack(blob.p, blob.n, &back) != LEDE_OK) __builtin_trap();
    REQUIRE(back.n == t.n - 1);
    for (size_t i = 0; i < back.n; i++) {
        REQUIRE(back.v[i].start == t.v[i + 1].start && back.v[i].end == t.v[i + 1].end);
        REQUIRE(back.v[i].cls == t.v[i + 1].cls);
    }
done:
    lede_tokens_free(&t);
    lede_tokens_free(&back);
    lede_buf_free(&blob);
}

/* Tokens read from the bytes: gap, length and class per three bytes
** (lengths and gaps sometimes large, to reach the long form). */
static void pack_tokens(const uint8_t *p, size_t n)
{
    size_t nt = n / 3;
    lede_token *v = malloc((nt ? nt : 1) * sizeof *v);
    if (!v) return;
    int32_t at = 0;
    for (size_t i = 0; i < nt; i++) {
        const uint8_t *q = p + 3 * i;
        int32_t gap = q[0] & 0x80 ? (int32_t)(q[0] & 0x7F) * 1000 : q[0] & 3;
        int32_t len = q[1] & 0x80 ? (int32_t)(q[1] & 0x7F) * 300 : q[1] & 31;
        v[i].start = at + gap;
        v[i].end = v[i].start + len;
        v[i].cls = (uint8_t)(1 + q[2] % LEDE_TOK_POSSESSIVE);
        at = v[i].end;
    }
    lede_buf blob = LEDE_BUF_INIT;
    lede_tokens back = {NULL, 0, 0};
    if (lede_tokens_pack(v, nt, &blob) == LEDE_OK) {
        REQUIRE(lede_tokens_unpack(blob.p, blob.n, &back) == LEDE_OK);
        REQUIRE(back.n == nt);
        for (size_t i = 0; i < nt; i++)
            REQUIRE(back.v[i].start == v[i].start && back.v[i].end == v[i].end && back.v[i].cls == v[i].cls);
    }
    lede_tokens_free(&back);
    lede_buf_free(&blob);
    free(v);
}

static void jsonl_line(const uint8_t *p, size_t n, long lineno)
{
    lede_jsonl jl;
    memset(&jl, 0, sizeof jl);
    lede_jsonl_doc doc;
    char why[128];
    int rc = lede_jsonl_parse(&jl, lineno, (const char *)p, n, &doc, why, sizeof why);
    if (rc == LEDE_OK) {
        REQUIRE(doc.len > 0 && lede_utf8_check(doc.text, doc.len) == doc.len);
        REQUIRE(memchr(doc.text, '\0', doc.len) == NULL);
        int type = 0;
        REQUIRE(lede_json_check(doc.meta.meta_json, doc.meta_len, &type, NULL) == LEDE_OK);
        REQUIRE(type == LEDE_JSON_OBJECT);
    } else {
        REQUIRE(rc == LEDE_DONE || rc == LEDE_EINPUT || rc == LEDE_ENOMEM);
        if (rc == LEDE_EINPUT) REQUIRE(memchr(why, '\0', sizeof why) != NULL);
    }
    lede_jsonl_free(&jl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    size_t n = size - 1;
    /* The input alone in its own allocation: nothing readable after it. */
    uint8_t *p = malloc(n ? n : 1);
    if (!p) return 0;
    memcpy(p, data + 1, n);
    switch (data[0] % 4) {
    case 0: unpack_blob(p, n); break;
    case 1: pack_tokens(p, n); break;
    case 2: jsonl_line(p, n, 1); break;
    default: jsonl_line(p, n, 2); break;
    }
    free(p);
    return 0;
}
