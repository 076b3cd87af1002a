/*
** test_json.c -- the strict JSON parser: what it accepts, what it refuses
** and where it says the error is, string decoding, object members.
*/
#include "json.h"
#include "lede.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static int check(const char *s, int *type, lede_json_error *err)
{
    return lede_json_check(s, strlen(s), type, err);
}

static void valid(tap *t, const char *s, int want_type)
{
    int type = 0;
    lede_json_error err = {0};
    int rc = check(s, &type, &err);
    TAP_OK(t, rc == LEDE_OK && type == want_type, "valid: %s", s);
    if (rc != LEDE_OK) printf("#   error: %s at column %zu\n", err.msg, err.column);
}

/* Invalid, with the 1-based column and a word the message must contain. */
static void invalid(tap *t, const char *s, size_t column, const char *words)
{
    lede_json_error err = {0};
    int rc = check(s, NULL, &err);
    int ok = rc == LEDE_EINPUT && err.column == column && strstr(err.msg, words) != NULL;
    TAP_OK(t, ok, "invalid: %s -> '%s' at column %zu", s, words, column);
    if (!ok) printf("#   got rc %d: '%s' at column %zu\n", rc, err.msg, err.column);
}

static void decodes(tap *t, const char *lit, const char *want, size_t wantlen)
{
    lede_buf b = LEDE_BUF_INIT;
    lede_json_error err = {0};
    int rc = lede_json_decode_string(lit, strlen(lit), &b, &err);
    int ok = rc == LEDE_OK && b.n == wantlen && memcmp(b.p ? b.p : "", want, wantlen) == 0;
    TAP_OK(t, ok, "decode %s", lit);
    if (!ok) printf("#   rc %d, %zu bytes, err '%s'\n", rc, b.n, err.msg);
    lede_buf_free(&b);
}

typedef struct members {
    lede_buf out; /* key=type:raw; ... */
    int stop_at;  /* stop (return 42) at this member, 0 for never */
    int n;
} members;

static int member(void *ctx, const char *key, size_t keylen, int type, const char *val, size_t vallen)
{
    members *m = ctx;
    m->n++;
    lede_buf_add(&m->out, key, keylen);
    lede_buf_printf(&m->out, "=%s:", lede_json_type_name(type));
    lede_buf_add(&m->out, val, vallen);
    lede_buf_adds(&m->out, ";");
    return m->n == m->stop_at ? 42 : 0;
}

int main(void)
{
    tap t = {0, 0};

    /* Values of every type, with white space around and inside. */
    valid(&t, "null", LEDE_JSON_NULL);
    valid(&t, " true ", LEDE_JSON_TRUE);
    valid(&t, "\tfalse\r\n", LEDE_JSON_FALSE);
    valid(&t, "0", LEDE_JSON_NUMBER);
    valid(&t, "-0", LEDE_JSON_NUMBER);
    valid(&t, "123", LEDE_JSON_NUMBER);
    valid(&t, "-12.5e+3", LEDE_JSON_NUMBER);
    valid(&t, "1E-7", LEDE_JSON_NUMBER);
    valid(&t, "0.25", LEDE_JSON_NUMBER);
    valid(&t, "\"\"", LEDE_JSON_STRING);
    valid(&t, "\"caf\xc3\xa9 \\\"quoted\\\" \\/ \\\\ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00\"", LEDE_JSON_STRING);
    valid(&t, "[]", LEDE_JSON_ARRAY);
    valid(&t, "[ 1 , [2, [3, {}]], \"x\" ]", LEDE_JSON_ARRAY);
    valid(&t, "{}", LEDE_JSON_OBJECT);
    valid(&t, "{ \"a\" : { \"b\" : [ null, true ] }, \"c\": \"d\" }", LEDE_JSON_OBJECT);

    /* Refusals, each at the column an editor would show. */
    invalid(&t, "", 1, "unexpected end");
    invalid(&t, "   ", 4, "expected a value");
    invalid(&t, "{\"id\" 1}", 7, "expected ':'");
    invalid(&t, "{\"id\": 1,}", 10, "expected a string key");
    invalid(&t, "[1, 2,]", 7, "expected a value");
    invalid(&t, "[1 2]", 4, "expected ',' or ']'");
    invalid(&t, "{\"a\": 1 \"b\": 2}", 9, "expected ',' or '}'");
    invalid(&t, "{'a': 1}", 2, "expected a string key");
    invalid(&t, "{\"a\": tru}", 7, "expected a value");
    invalid(&t, "{\"a\": True}", 7, "found 'T'");
    invalid(&t, "{\"a\": 01}", 7, "leading zero");
    invalid(&t, "{\"a\": -}", 8, "expected a digit");
    invalid(&t, "{\"a\": 1.}", 9, "after '.'");
    invalid(&t, "{\"a\": 1e}", 9, "exponent");
    invalid(&t, "{\"a\": .5}", 7, "expected a value");
    invalid(&t, "{\"a\": +1}", 7, "expected a value");
    invalid(&t, "{\"a\": NaN}", 7, "expected a value");
    invalid(&t, "{\"a\": \"x}", 10, "unterminated string");
    invalid(&t, "{\"a\": \"x\\", 10, "unterminated string");
    invalid(&t, "{\"a\": \"x\\qy\"}", 9, "invalid escape '\\q'");
    invalid(&t, "{\"a\": \"tab\there\"}", 11, "control character 0x09");
    invalid(&t, "{\"a\": \"\\u12G4\"}", 8, "invalid \\u escape");
    invalid(&t, "{\"a\": \"\\u12\"}", 8, "invalid \\u escape");
    invalid(&t, "{\"a\": \"\\ud83d\"}", 8, "unpaired surrogate \\ud83d");
    invalid(&t, "{\"a\": \"\\ud83d\\u0041\"}", 8, "unpaired surrogate");
    invalid(&t, "{\"a\": \"\\ude00\"}", 8, "unpaired surrogate \\ude00");
    invalid(&t, "{\"a\": 1} x", 10, "expected the end");
    invalid(&t, "{\"a\": 1}}", 9, "expected the end");
    invalid(&t, "{\"a\": 1", 8, "unexpected end");
    invalid(&t, "[[[", 4, "unexpected end");
    /* Columns count characters, not bytes: "é" and "—" are one column each. */
    invalid(&t, "{\"t\": \"\xc3\xa9\xe2\x80\x94\" x}", 12, "expected ',' or '}'");

    /* Nesting: up to the limit is fine, one more is refused, not a crash. */
    {
        size_t d = LEDE_JSON_MAX_DEPTH;
        char *s = malloc(2 * (d + 1) + 1);
        if (!s) return 1;
        memset(s, '[', d);
        memset(s + d, ']', d);
        s[2 * d] = '\0';
        valid(&t, s, LEDE_JSON_ARRAY);
        memset(s, '[', d + 1);
        memset(s + d + 1, ']', d + 1);
        s[2 * (d + 1)] = '\0';
        lede_json_error err = {0};
        int rc = check(s, NULL, &err);
        TAP_OK(&t, rc == LEDE_EINPUT && strstr(err.msg, "nested deeper") && err.column == d + 1,
               "nesting deeper than %zu is refused at the extra bracket", d);
        free(s);
    }

    /* String decoding: escapes, \u in all UTF-8 lengths, surrogate pairs. */
    decodes(&t, "\"plain\"", "plain", 5);
    decodes(&t, "\"\"", "", 0);
    decodes(&t, "\"a\\\"b\\\\c\\/d\"", "a\"b\\c/d", 7);
    decodes(&t, "\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t", 5);
    decodes(&t, "\"\\u0041\\u00e9\\u20AC\"", "A\xc3\xa9\xe2\x82\xac", 6);
    decodes(&t, "\"\\ud83d\\ude00!\"", "\xf0\x9f\x98\x80!", 5);
    decodes(&t, "\"\\uDBFF\\uDFFF\"", "\xf4\x8f\xbf\xbf", 4);
    decodes(&t, "\"nul\\u0000byte\"", "nul\0byte", 8);
    decodes(&t, "\"raw \xe2\x80\x9cquotes\xe2\x80\x9d\"", "raw \xe2\x80\x9cquotes\xe2\x80\x9d", 16);
    {
        lede_buf b = LEDE_BUF_INIT;
        lede_json_error err = {0};
        TAP_OK(&t, lede_json_decode_string("\"ab\"c", 5, &b, &err) == LEDE_EINPUT,
               "decode refuses bytes after the closing quote");
        TAP_OK(&t, lede_json_decode_string("abc", 3, &b, &err) == LEDE_EINPUT,
               "decode refuses a literal without quotes");
        TAP_OK(&t, lede_json_decode_string("\"\\ud800x\"", 9, &b, &err) == LEDE_EINPUT &&
                   err.column == 2, "decode refuses a lone high surrogate, column 2");
        lede_buf_free(&b);
    }

    /* Objects: members in order, keys decoded, values raw. */
    {
        members m = {LEDE_BUF_INIT, 0, 0};
        const char *s = " {\"id\": 42, \"te\\u0078t\": \"a\\nb\", \"tags\": [\"x\", {\"y\": null}],"
                        " \"n\": -1.5e3, \"ok\": true, \"no\": null} ";
        lede_json_error err = {0};
        int rc = lede_json_object(s, strlen(s), member, &m, &err);
        TAP_IS_INT(&t, rc, LEDE_OK, "object parses");
        TAP_IS_STR(&t, lede_buf_cstr(&m.out),
                   "id=number:42;text=string:\"a\\nb\";tags=array:[\"x\", {\"y\": null}];"
                   "n=number:-1.5e3;ok=true:true;no=null:null;",
                   "members: decoded keys, raw values, in order");
        lede_buf_free(&m.out);
    }
    {
        members m = {LEDE_BUF_INIT, 2, 0};
        const char *s = "{\"a\": 1, \"b\": 2, \"c\": 3}";
        int rc = lede_json_object(s, strlen(s), member, &m, NULL);
        TAP_OK(&t, rc == 42 && m.n == 2, "a callback's non-zero return stops the parse and is returned");
        lede_buf_free(&m.out);
    }
    {
        static const struct { const char *s; const char *msg; size_t col; } notobj[] = {
            {"[1, 2]", "not an object (found an array)", 1},
            {"  \"text\"", "not an object (found a string)", 3},
            {"17", "not an object (found a number)", 1},
            {"null", "not an object (found null)", 1},
            {"[1, 2", "unexpected end", 6},
        };
        for (size_t i = 0; i < sizeof notobj / sizeof notobj[0]; i++) {
            members m = {LEDE_BUF_INIT, 0, 0};
            lede_json_error err = {0};
            int rc = lede_json_object(notobj[i].s, strlen(notobj[i].s), member, &m, &err);
            int ok = rc == LEDE_EINPUT && strstr(err.msg, notobj[i].msg) && err.column == notobj[i].col;
            TAP_OK(&t, ok, "object refuses %s: %s", notobj[i].s, notobj[i].msg);
            if (!ok) printf("#   got '%s' at column %zu\n", err.msg, err.column);
            lede_buf_free(&m.out);
        }
    }
    {
        members m = {LEDE_BUF_INIT, 0, 0};
        lede_json_error err = {0};
        const char *s = "{\"text\": \"x\", \"id\" 3}";
        int rc = lede_json_object(s, strlen(s), member, &m, &err);
        TAP_OK(&t, rc == LEDE_EINPUT && err.column == 20 && strstr(err.msg, "expected ':'"),
               "object syntax error after members reports its column");
        lede_buf_free(&m.out);
    }

    /* A long string value goes through without trouble. */
    {
        size_t n = 5u << 20;
        char *s = malloc(n + 16);
        if (!s) return 1;
        memcpy(s, "{\"text\":\"", 9);
        memset(s + 9, 'x', n);
        memcpy(s + 9 + n, "\"}", 3);
        members m = {LEDE_BUF_INIT, 0, 0};
        int rc = lede_json_object(s, strlen(s), member, &m, NULL);
        TAP_OK(&t, rc == LEDE_OK && m.out.n == n + 2 + 13, "a 5 MB string value");
        lede_buf b = LEDE_BUF_INIT;
        rc = lede_json_decode_string(s + 8, n + 2, &b, NULL);
        TAP_OK(&t, rc == LEDE_OK && b.n == n, "decoding a 5 MB literal");
        lede_buf_free(&b);
        lede_buf_free(&m.out);
        free(s);
    }

    /* Writing: the escapes lede.json (Lua) makes, so C and Lua lines agree;
    ** a string appended after what the buffer held, and read back. */
    {
        static const char raw[] = "a\"b\\c/d\b\f\n\r\t\x01\x1f\x7f caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d";
        const char *want = "x\"a\\\"b\\\\c/d\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d\"";
        lede_buf b = LEDE_BUF_INIT, back = LEDE_BUF_INIT;
        lede_buf_addc(&b, 'x');
        TAP_IS_INT(&t, lede_buf_json_string(&b, raw, sizeof raw - 1), LEDE_OK, "a JSON string written");
        TAP_IS_STR(&t, lede_buf_cstr(&b), want, "quote, backslash, C0 controls and DEL escaped; '/' and UTF-8 as they are");
        TAP_OK(&t, lede_json_decode_string(b.p + 1, b.n - 1, &back, NULL) == LEDE_OK && back.n == sizeof raw - 1 &&
                   memcmp(back.p, raw, back.n) == 0, "... and it decodes to the bytes written");
        lede_buf_reset(&b);
        TAP_OK(&t, lede_buf_json_string(&b, "", 0) == LEDE_OK && strcmp(lede_buf_cstr(&b), "\"\"") == 0,
               "the empty string");
        lede_buf_free(&b);
        lede_buf_free(&back);
    }

    TAP_OK(&t, lede_json_is_integer("42", 2) && lede_json_is_integer("-7", 2), "integers");
    TAP_OK(&t, !lede_json_is_integer("4.0", 3) && !lede_json_is_integer("1e3", 3), "non-integers");

    return tap_done(&t);
}
