/*
** buf.h -- a growable byte buffer, the one string builder of the C core.
** Every append reports failure (LEDE_ENOMEM) instead of aborting; after a
** failure the buffer keeps its earlier contents and stays usable.
*/
#ifndef LEDE_BUF_H
#define LEDE_BUF_H

#include <stddef.h>

typedef struct lede_buf {
    char *p;     /* NUL-terminated when n > 0 or after lede_buf_cstr */
    size_t n;    /* bytes used, not counting the terminating NUL */
    size_t cap;  /* bytes allocated */
} lede_buf;

#define LEDE_BUF_INIT {NULL, 0, 0}

int lede_buf_reserve(lede_buf *b, size_t extra);
int lede_buf_add(lede_buf *b, const void *p, size_t n);
int lede_buf_addc(lede_buf *b, int c);
int lede_buf_adds(lede_buf *b, const char *s);
int lede_buf_printf(lede_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends s[0..n) as a JSON string literal, quotes included, escaped as
** lede_buf_put_json_string does. */
int lede_buf_json_string(lede_buf *b, const char *s, size_t n);
/* The most bytes a JSON string literal of n bytes takes (\u00XX each, and
** the quotes). */
#define LEDE_JSON_STRING_ROOM(n) (6 * (n) + 2)
/* Writes s[0..n) as a JSON string literal at p, which has room for
** LEDE_JSON_STRING_ROOM(n) bytes, and returns the byte after it. It
** escapes what lede.json (Lua) escapes, so that C and Lua write the same
** bytes: '"', '\\' and the control characters ('[%c"\\]': iscntrl, so DEL
** too); UTF-8 passes through. */
char *lede_buf_put_json_string(char *p, const char *s, size_t n);
/* The contents as a C string ("" for an empty buffer); NULL only on ENOMEM. */
const char *lede_buf_cstr(lede_buf *b);
void lede_buf_reset(lede_buf *b);
void lede_buf_free(lede_buf *b);

#endif
