/*
** tokbench.c -- tokenizer and sentence splitter throughput on one core.
**
**   tokbench FILE [ROUNDS]
**
** Reads FILE whole, then ROUNDS times (default 5) tokenizes it into a token
** array and splits it into sentences, the way the store does per document
** (lede_tokens_fill, then lede_sentences_tok), and prints the best round:
**   tokenize+sentences: N MB in S s = X MB/s (T tokens, K sentences)
** The file is processed in documents of at most 1 MB, cut at blank lines,
** so the token array stays the size a real document would need. S is the
** CPU time of the one thread doing the work (the machine may be shared),
** the wall-clock time is printed after it.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lede.h"
#include "sentence.h"
#include "token.h"

static int count_sentence(void *ctx, int start, int end)
{
    (void)start;
    (void)end;
    (*(size_t *)ctx)++;
    return 0;
}

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* End of the next document: at most `max` bytes, cut after a blank line. */
static size_t doc_end(const char *s, size_t len, size_t from, size_t max)
{
    if (len - from <= max) return len;
    size_t lim = from + max;
    for (size_t p = lim; p > from + 1; p--)
        if (s[p - 1] == '\n' && s[p - 2] == '\n') return p;
    return lim;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: tokbench FILE [ROUNDS]\n");
        return 1;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    if (rounds < 1) rounds = 1;
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        fprintf(stderr, "tokbench: cannot open %s\n", argv[1]);
        return 2;
    }
    size_t cap = 1 << 20, len = 0, got;
    char *text = malloc(cap);
    while (text && (got = fread(text + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *bigger = realloc(text, cap * 2);
            if (!bigger) {
                free(text);
                text = NULL;
                break;
            }
            text = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (!text) {
        fprintf(stderr, "tokbench: out of memory\n");
        return 5;
    }

    lede_tokens toks = {NULL, 0, 0};
    double best = 1e30, best_wall = 1e30;
    size_t ntok = 0, nsent = 0;
    for (int r = 0; r < rounds; r++) {
        size_t tcount = 0, scount = 0;
        double t0 = clock_s(CLOCK_THREAD_CPUTIME_ID), w0 = clock_s(CLOCK_MONOTONIC);
        for (size_t p = 0; p < len;) {
            size_t e = doc_end(text, len, p, 1 << 20);
            toks.n = 0;
            if (lede_tokens_fill(&toks, text + p, e - p) != LEDE_OK) {
                fprintf(stderr, "tokbench: tokenizing failed\n");
                return 5;
            }
            tcount += toks.n;
            lede_sentences_tok(text + p, e - p, toks.v, toks.n, &scount, count_sentence);
            p = e;
        }
        double dt = clock_s(CLOCK_THREAD_CPUTIME_ID) - t0, dw = clock_s(CLOCK_MONOTONIC) - w0;
        if (dt < best) best = dt;
        if (dw < best_wall) best_wall = dw;
        ntok = tcount;
        nsent = scount;
    }
    double mb = (double)len / 1e6;
    printf("tokenize+sentences: %.1f MB in %.3f s = %.0f MB/s (wall %.3f s; %zu tokens, %zu sentences)\n",
           mb, best, mb / best, best_wall, ntok, nsent);
    lede_tokens_free(&toks);
    free(text);
    return 0;
}
