/*
** tap.h -- a minimal TAP producer for the C unit tests, read by prove.
** Header-only: each test program includes it once.
*/
#ifndef LEDE_TAP_H
#define LEDE_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct tap { int n, failed; } tap;

static inline int tap_ok(tap *t, int cond, const char *fmt, ...)
{
    va_list ap;
    t->n++;
    if (!cond) t->failed++;
    printf("%sok %d - ", cond ? "" : "not ", t->n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    return cond;
}

#define TAP_OK(t, cond, ...) tap_ok((t), (cond), __VA_ARGS__)
#define TAP_IS_INT(t, got, want, name) \
    (tap_ok((t), (long long)(got) == (long long)(want), "%s", (name)) || \
     (printf("#   got %lld, want %lld\n", (long long)(got), (long long)(want)), 0))
#define TAP_IS_STR(t, got, want, name) \
    (tap_ok((t), (got) && (want) && strcmp((got), (want)) == 0, "%s", (name)) || \
     (printf("#   got '%s', want '%s'\n", (got) ? (got) : "(null)", (want) ? (want) : "(null)"), 0))

static inline int tap_done(tap *t)
{
    printf("1..%d\n", t->n);
    return t->failed ? 1 : 0;
}

#endif
