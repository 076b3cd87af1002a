/*
** json.h -- a small strict JSON parser (RFC 8259) for JSONL records.
**
** What it promises: a value is accepted only if it is exactly one JSON value
** (white space around it allowed); numbers, escapes, literals and nesting are
** checked as the RFC says, \u escapes must pair surrogates, and raw control
** characters in strings are refused. On a syntax error the error says what
** was expected and where (byte offset and 1-based character column).
** Nothing is built: objects hand their members to a callback with the raw
** text of each value, so a record's unknown fields can be kept verbatim and
** only the strings the caller wants are decoded.
**
** UTF-8 is not checked here: the loader checks the whole line first, which
** gives the user a better message ("not UTF-8 (byte 0xff ...)").
*/
#ifndef LEDE_JSON_H
#define LEDE_JSON_H

#include <stddef.h>

#include "buf.h"

enum lede_json_type {
    LEDE_JSON_NULL = 1,
    LEDE_JSON_FALSE,
    LEDE_JSON_TRUE,
    LEDE_JSON_NUMBER,
    LEDE_JSON_STRING,
    LEDE_JSON_ARRAY,
    LEDE_JSON_OBJECT
};

/* Arrays and objects nested deeper than this are refused (the parser
** recurses; this bounds its stack). */
#define LEDE_JSON_MAX_DEPTH 512

typedef struct lede_json_error {
    size_t offset;  /* byte offset of the offending character (or of the end) */
    size_t column;  /* 1-based column, counted in characters */
    char msg[64];   /* e.g. "expected ':'", "invalid escape '\\x'" */
} lede_json_error;

/* "null", "false", "true", "number", "string", "array", "object". */
const char *lede_json_type_name(int type);

/*
** Checks that s[0..len) is one JSON value. Returns LEDE_OK and sets *type
** (when not NULL), or LEDE_EINPUT with *err filled (when not NULL).
*/
int lede_json_check(const char *s, size_t len, int *type, lede_json_error *err);

/*
** Called per member of an object, in order: `key` is the decoded key
** (NUL-terminated, may contain NUL bytes from \u0000, valid during the call
** only), `val` the raw JSON text of the value (already checked) and `type`
** its type. A non-zero return stops the parse and is returned.
*/
typedef int (*lede_json_member_fn)(void *ctx, const char *key, size_t keylen, int type,
                                   const char *val, size_t vallen);

/*
** Parses s[0..len) as one JSON object and calls fn for its members.
** LEDE_OK; LEDE_EINPUT on a syntax error or when the value is not an object
** (err->msg then starts with "not an object"); LEDE_ENOMEM; or fn's return.
** Members before a syntax error may already have been passed to fn.
*/
int lede_json_object(const char *s, size_t len, lede_json_member_fn fn, void *ctx,
                     lede_json_error *err);

/*
** Decodes the JSON string literal lit[0..len) (quotes included) and appends
** its bytes to *out. LEDE_OK, LEDE_EINPUT (not a valid literal; *err filled,
** offsets relative to lit) or LEDE_ENOMEM.
*/
int lede_json_decode_string(const char *lit, size_t len, lede_buf *out, lede_json_error *err);

/* True when the number literal s[0..len) has no fraction or exponent. */
int lede_json_is_integer(const char *s, size_t len);

#endif
