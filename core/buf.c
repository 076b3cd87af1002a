/*
** buf.c -- growable byte buffer (see buf.h).
*/
#include "buf.h"
#include "lede.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lede_buf_reserve(lede_buf *b, size_t extra)
{
    size_t need = b->n + extra + 1; /* room for the terminating NUL */
    if (need < b->n) return LEDE_ENOMEM;
    if (need <= b->cap) return LEDE_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > ((size_t)-1) / 2) { cap = need; break; }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) return LEDE_ENOMEM;
    b->p = p;
    b->cap = cap;
    return LEDE_OK;
}

int lede_buf_add(lede_buf *b, const void *p, size_t n)
{
    if (lede_buf_reserve(b, n) != LEDE_OK) return LEDE_ENOMEM;
    if (n) memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = '\0';
    return LEDE_OK;
}

int lede_buf_addc(lede_buf *b, int c)
{
    char ch = (char)c;
    return lede_buf_add(b, &ch, 1);
}

int lede_buf_adds(lede_buf *b, const char *s)
{
    return lede_buf_add(b, s, strlen(s));
}

int lede_buf_printf(lede_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (need < 0) return LEDE_ENOMEM;
    if (lede_buf_reserve(b, (size_t)need) != LEDE_OK) return LEDE_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)need + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)need;
    return LEDE_OK;
}

char *lede_buf_put_json_string(char *p, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    *p++ = '"';
    size_t run = 0; /* start of the pending run of bytes needing no escape */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* the C library's iscntrl, as Lua's %c, past ASCII */
        if (c < 0x80 ? c >= 0x20 && c != 0x7f && c != '"' && c != '\\' : !iscntrl(c)) continue;
        memcpy(p, s + run, i - run);
        p += i - run;
        run = i + 1;
        *p++ = '\\';
        switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\b': *p++ = 'b'; break;
        case '\f': *p++ = 'f'; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        default:
            *p++ = 'u';
            *p++ = '0';
            *p++ = '0';
            *p++ = hex[c >> 4];
            *p++ = hex[c & 15];
        }
    }
    memcpy(p, s + run, n - run);
    p += n - run;
    *p++ = '"';
    return p;
}

/* All of it or nothing: room for the worst case is reserved first. */
int lede_buf_json_string(lede_buf *b, const char *s, size_t n)
{
    if (n > ((size_t)-1 - 2) / 6 || lede_buf_reserve(b, LEDE_JSON_STRING_ROOM(n)) != LEDE_OK) return LEDE_ENOMEM;
    b->n = (size_t)(lede_buf_put_json_string(b->p + b->n, s, n) - b->p);
    b->p[b->n] = '\0';
    return LEDE_OK;
}

const char *lede_buf_cstr(lede_buf *b)
{
    if (!b->p && lede_buf_reserve(b, 0) != LEDE_OK) return NULL;
    b->p[b->n] = '\0';
    return b->p;
}

void lede_buf_reset(lede_buf *b)
{
    b->n = 0;
    if (b->p) b->p[0] = '\0';
}

void lede_buf_free(lede_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}
