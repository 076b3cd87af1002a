/*
** json.c -- strict JSON checking, object members with raw values, and
** string literal decoding (see json.h).
**
** One recursive-descent scanner serves all three entry points, so the
** grammar is written once. Strings are validated and decoded by the same
** loop (decoding is skipped when no output buffer is given), which keeps the
** rules for escapes and surrogates in one place.
*/
#include "json.h"
#include "lede.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

typedef struct parser {
    const char *s;
    size_t len, pos;
    int depth;
    lede_json_error *err;
} parser;

const char *lede_json_type_name(int type)
{
    switch (type) {
    case LEDE_JSON_NULL: return "null";
    case LEDE_JSON_FALSE: return "false";
    case LEDE_JSON_TRUE: return "true";
    case LEDE_JSON_NUMBER: return "number";
    case LEDE_JSON_STRING: return "string";
    case LEDE_JSON_ARRAY: return "array";
    case LEDE_JSON_OBJECT: return "object";
    default: return "?";
    }
}

/* Columns are counted in characters because that is what an editor shows;
** continuation bytes of UTF-8 do not start a character. */
static size_t column_of(const char *s, size_t offset)
{
    size_t col = 1;
    for (size_t i = 0; i < offset; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) col++;
    return col;
}

static int fail(parser *p, size_t at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(parser *p, size_t at, const char *fmt, ...)
{
    if (p->err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
        va_end(ap);
        p->err->offset = at;
        p->err->column = column_of(p->s, at);
    }
    return LEDE_EINPUT;
}

/* "expected X" naming what was found instead, so the user sees both. */
static int expected(parser *p, const char *what)
{
    if (p->pos >= p->len) return fail(p, p->pos, "unexpected end, expected %s", what);
    unsigned char c = (unsigned char)p->s[p->pos];
    if (c > 0x20 && c < 0x7f) return fail(p, p->pos, "expected %s, found '%c'", what, c);
    return fail(p, p->pos, "expected %s, found byte 0x%02x", what, c);
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        p->pos++;
    }
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Four hex digits at s[i..i+4) or -1. */
static long hex4(const parser *p, size_t i)
{
    if (i + 4 > p->len) return -1;
    long v = 0;
    for (size_t k = 0; k < 4; k++) {
        int h = hexval((unsigned char)p->s[i + k]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t encode_utf8(unsigned long cp, char *o)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* p->pos is at the opening quote; leaves it after the closing one. With
** `out`, the decoded bytes are appended to it. */
static int scan_string(parser *p, lede_buf *out)
{
    const char *s = p->s;
    size_t i = p->pos + 1, run = i;
    for (;;) {
        /* The common case, plain bytes, stays in these tight loops: sixteen
        ** (SSE2) or eight bytes at a time while none is '"', '\\' or a
        ** control character (a false alarm only hands over to the byte loop
        ** early). The text of an article is most of an ingest's JSON. */
#if defined(__SSE2__)
        const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1F);
        while (i + 16 <= p->len) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                                       _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl)); /* v <= 0x1F */
            if (_mm_movemask_epi8(hit)) break;
            i += 16;
        }
#endif
        while (i + 8 <= p->len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');
            if ((((q - ONES) & ~q) | ((b - ONES) & ~b) | ((w - ONES * 0x20) & ~w)) & HIGHS) break;
            i += 8;
        }
        while (i < p->len) {
            unsigned char c = (unsigned char)s[i];
            if (c == '"' || c == '\\' || c < 0x20) break;
            i++;
        }
        if (i >= p->len) return fail(p, i, "unterminated string");
        unsigned char c = (unsigned char)s[i];
        if (c == '"') break;
        if (c < 0x20) return fail(p, i, "unescaped control character 0x%02x in string", c);
        if (out && lede_buf_add(out, s + run, i - run) != LEDE_OK) return LEDE_ENOMEM;
        if (i + 1 >= p->len) return fail(p, i + 1, "unterminated string");
        char e = s[i + 1], one = 0;
        size_t esc = i;
        switch (e) {
        case '"': one = '"'; break;
        case '\\': one = '\\'; break;
        case '/': one = '/'; break;
        case 'b': one = '\b'; break;
        case 'f': one = '\f'; break;
        case 'n': one = '\n'; break;
        case 'r': one = '\r'; break;
        case 't': one = '\t'; break;
        case 'u': break;
        default:
            if ((unsigned char)e > 0x20 && (unsigned char)e < 0x7f)
                return fail(p, esc, "invalid escape '\\%c'", e);
            return fail(p, esc, "invalid escape");
        }
        if (e != 'u') {
            if (out && lede_buf_addc(out, one) != LEDE_OK) return LEDE_ENOMEM;
            i += 2;
        } else {
            long cp = hex4(p, i + 2);
            if (cp < 0) return fail(p, esc, "invalid \\u escape (4 hex digits needed)");
            i += 6;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return fail(p, esc, "unpaired surrogate \\u%04lx", (unsigned long)cp);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                long lo = (i + 1 < p->len && s[i] == '\\' && s[i + 1] == 'u') ? hex4(p, i + 2) : -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return fail(p, esc, "unpaired surrogate \\u%04lx", (unsigned long)cp);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
            char u[4];
            size_t n = encode_utf8((unsigned long)cp, u);
            if (out && lede_buf_add(out, u, n) != LEDE_OK) return LEDE_ENOMEM;
        }
        run = i;
    }
    if (out && lede_buf_add(out, s + run, i - run) != LEDE_OK) return LEDE_ENOMEM;
    p->pos = i + 1;
    return LEDE_OK;
}

static int is_digit(const parser *p, size_t i)
{
    return i < p->len && p->s[i] >= '0' && p->s[i] <= '9';
}

static int scan_number(parser *p)
{
    size_t i = p->pos;
    if (p->s[i] == '-') i++;
    if (!is_digit(p, i)) { p->pos = i; return expected(p, "a digit"); }
    if (p->s[i] == '0') {
        i++;
        if (is_digit(p, i)) return fail(p, i - 1, "leading zero in number");
    } else {
        while (is_digit(p, i)) i++;
    }
    if (i < p->len && p->s[i] == '.') {
        i++;
        if (!is_digit(p, i)) { p->pos = i; return expected(p, "a digit after '.'"); }
        while (is_digit(p, i)) i++;
    }
    if (i < p->len && (p->s[i] == 'e' || p->s[i] == 'E')) {
        i++;
        if (i < p->len && (p->s[i] == '+' || p->s[i] == '-')) i++;
        if (!is_digit(p, i)) { p->pos = i; return expected(p, "a digit in the exponent"); }
        while (is_digit(p, i)) i++;
    }
    p->pos = i;
    return LEDE_OK;
}

static int scan_literal(parser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0) return expected(p, "a value");
    p->pos += n;
    return LEDE_OK;
}

static int scan_value(parser *p, int *type);

/* Shared by nested objects (fn NULL) and the top-level object of
** lede_json_object, which decodes keys into *key for the callback. */
static int scan_object(parser *p, lede_json_member_fn fn, void *ctx, lede_buf *key)
{
    if (++p->depth > LEDE_JSON_MAX_DEPTH)
        return fail(p, p->pos, "nested deeper than %d levels", LEDE_JSON_MAX_DEPTH);
    p->pos++; /* '{' */
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == '}') {
        p->pos++;
        p->depth--;
        return LEDE_OK;
    }
    for (;;) {
        int rc, type;
        skip_ws(p);
        if (p->pos >= p->len || p->s[p->pos] != '"') return expected(p, "a string key");
        if (fn) lede_buf_reset(key);
        if ((rc = scan_string(p, fn ? key : NULL)) != LEDE_OK) return rc;
        skip_ws(p);
        if (p->pos >= p->len || p->s[p->pos] != ':') return expected(p, "':'");
        p->pos++;
        skip_ws(p);
        size_t start = p->pos;
        if ((rc = scan_value(p, &type)) != LEDE_OK) return rc;
        if (fn) {
            const char *k = lede_buf_cstr(key);
            if (!k) return LEDE_ENOMEM;
            if ((rc = fn(ctx, k, key->n, type, p->s + start, p->pos - start)) != 0) return rc;
        }
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') { p->pos++; continue; }
        if (p->pos < p->len && p->s[p->pos] == '}') { p->pos++; break; }
        return expected(p, "',' or '}'");
    }
    p->depth--;
    return LEDE_OK;
}

static int scan_array(parser *p)
{
    if (++p->depth > LEDE_JSON_MAX_DEPTH)
        return fail(p, p->pos, "nested deeper than %d levels", LEDE_JSON_MAX_DEPTH);
    p->pos++; /* '[' */
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == ']') {
        p->pos++;
        p->depth--;
        return LEDE_OK;
    }
    for (;;) {
        int rc, type;
        skip_ws(p);
        if ((rc = scan_value(p, &type)) != LEDE_OK) return rc;
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') { p->pos++; continue; }
        if (p->pos < p->len && p->s[p->pos] == ']') { p->pos++; break; }
        return expected(p, "',' or ']'");
    }
    p->depth--;
    return LEDE_OK;
}

/* p->pos is at the first byte of the value (white space skipped). */
static int scan_value(parser *p, int *type)
{
    if (p->pos >= p->len) return expected(p, "a value");
    switch (p->s[p->pos]) {
    case '{': *type = LEDE_JSON_OBJECT; return scan_object(p, NULL, NULL, NULL);
    case '[': *type = LEDE_JSON_ARRAY; return scan_array(p);
    case '"': *type = LEDE_JSON_STRING; return scan_string(p, NULL);
    case 't': *type = LEDE_JSON_TRUE; return scan_literal(p, "true");
    case 'f': *type = LEDE_JSON_FALSE; return scan_literal(p, "false");
    case 'n': *type = LEDE_JSON_NULL; return scan_literal(p, "null");
    default:
        if (p->s[p->pos] == '-' || (p->s[p->pos] >= '0' && p->s[p->pos] <= '9')) {
            *type = LEDE_JSON_NUMBER;
            return scan_number(p);
        }
        return expected(p, "a value");
    }
}

static int after_value(parser *p)
{
    skip_ws(p);
    if (p->pos < p->len) return expected(p, "the end after the value");
    return LEDE_OK;
}

int lede_json_check(const char *s, size_t len, int *type, lede_json_error *err)
{
    parser p = {s, len, 0, 0, err};
    int t = 0, rc;
    skip_ws(&p);
    if ((rc = scan_value(&p, &t)) != LEDE_OK) return rc;
    if ((rc = after_value(&p)) != LEDE_OK) return rc;
    if (type) *type = t;
    return LEDE_OK;
}

int lede_json_object(const char *s, size_t len, lede_json_member_fn fn, void *ctx,
                     lede_json_error *err)
{
    parser p = {s, len, 0, 0, err};
    int rc;
    skip_ws(&p);
    if (p.pos >= len || s[p.pos] != '{') {
        size_t at = p.pos;
        int type;
        if ((rc = lede_json_check(s, len, &type, err)) != LEDE_OK) return rc;
        const char *found = type == LEDE_JSON_ARRAY ? "an array"
                          : type == LEDE_JSON_STRING ? "a string"
                          : type == LEDE_JSON_NUMBER ? "a number"
                          : lede_json_type_name(type);
        return fail(&p, at, "not an object (found %s)", found);
    }
    lede_buf key = LEDE_BUF_INIT;
    rc = scan_object(&p, fn, ctx, &key);
    lede_buf_free(&key);
    if (rc != LEDE_OK) return rc;
    return after_value(&p);
}

int lede_json_decode_string(const char *lit, size_t len, lede_buf *out, lede_json_error *err)
{
    parser p = {lit, len, 0, 0, err};
    if (len == 0 || lit[0] != '"') return expected(&p, "'\"'");
    /* The decoded bytes are never more than the literal's. */
    if (out && lede_buf_reserve(out, len) != LEDE_OK) return LEDE_ENOMEM;
    int rc = scan_string(&p, out);
    if (rc != LEDE_OK) return rc;
    if (p.pos != len) return expected(&p, "the end of the string");
    return LEDE_OK;
}

int lede_json_is_integer(const char *s, size_t len)
{
    if (len == 0) return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '.' || s[i] == 'e' || s[i] == 'E') return 0;
    return 1;
}
