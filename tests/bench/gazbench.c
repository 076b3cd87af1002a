/*
** gazbench.c -- speed of the gazetteer matcher (core/gazetteer.c).
**
**   gazbench TEXT [GAZETTEER.tsv ...]
**
** Matches two gazetteers of 20000 entries over the text, each holding the
** first column of the given tab-separated files and then filled up:
**   sparse  with invented names, so matches are the files' names (what an
**           extractor's places or organisations list finds in news);
**   dense   with the capitalised word runs of the text itself, so that a
**           match starts at one token in a few: the worst case.
** Prints, in MB of text per CPU second on one core (best of three), the
** speed of matching tokens made beforehand (what the extractors do with a
** document's tokens), of tokenizing alone and of both together.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gazetteer.h"

enum { TARGET = 20000 };

/* CPU time of this process: the figure is per core, and the machines it
** runs on are often shared, where wall time mostly measures the others. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    lede_buf b = LEDE_BUF_INIT;
    char chunk[1 << 16];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (lede_buf_add(&b, chunk, n) != LEDE_OK) {
            fclose(f);
            lede_buf_free(&b);
            return NULL;
        }
    fclose(f);
    *len = b.n;
    return b.p ? b.p : calloc(1, 1);
}

static int load_tsv(lede_gaz *g, const char *path)
{
    size_t len;
    char *s = slurp(path, &len);
    if (!s) return -1;
    for (char *line = s; line < s + len;) {
        char *nl = memchr(line, '\n', (size_t)(s + len - line));
        char *end = nl ? nl : s + len;
        char *tab = memchr(line, '\t', (size_t)(end - line));
        if (line < end && *line != '#') lede_gaz_add(g, line, (size_t)((tab ? tab : end) - line), 0, NULL);
        line = end + 1;
    }
    free(s);
    return 0;
}

static int is_cap(const char *text, const lede_token *t)
{
    unsigned char c = (unsigned char)text[t->start];
    return t->cls == LEDE_TOK_WORD && ((c >= 'A' && c <= 'Z') || c >= 0xC3);
}

/* Adds runs of 1-4 capitalised words (every one at a spread of places). */
static void fill_from_text(lede_gaz *g, const char *text, const lede_tokens *tok)
{
    for (size_t step = 1; lede_gaz_count(g) < TARGET && step < 64; step *= 2) {
        for (size_t i = 0; i + 1 < tok->n && lede_gaz_count(g) < TARGET; i += step) {
            size_t j = i;
            while (j < tok->n && j - i < 4 && is_cap(text, &tok->v[j])) j++;
            if (j == i) continue;
            lede_gaz_add(g, text + tok->v[i].start, (size_t)(tok->v[j - 1].end - tok->v[i].start), 0,
                         NULL);
        }
    }
}

/* Invented names that never occur, up to TARGET entries. */
static void fill_invented(lede_gaz *g)
{
    char name[64];
    for (unsigned k = 0; lede_gaz_count(g) < TARGET; k++) {
        snprintf(name, sizeof name, "Qx%u Zy%u", k, k * 7919u);
        lede_gaz_add(g, name, strlen(name), 0, NULL);
    }
}

static int count_hit(void *ctx, const lede_gaz_hit *m)
{
    (void)m;
    ++*(long *)ctx;
    return 0;
}

/* Times one gazetteer over the text and prints a line. */
static void run(const char *name, const lede_gaz *g, const char *text, size_t len,
                const lede_tokens *tok)
{
    double best_match = 1e9, best_both = 1e9;
    long hits = 0, hits_all = 0;
    for (int r = 0; r < 3; r++) {
        hits = 0;
        double t0 = now();
        lede_gaz_match_tokens(g, text, len, tok->v, tok->n, 0, &hits, count_hit);
        double t1 = now();
        if (t1 - t0 < best_match) best_match = t1 - t0;
    }
    lede_gaz_match_tokens(g, text, len, tok->v, tok->n, LEDE_GAZ_ALL, &hits_all, count_hit);
    for (int r = 0; r < 3; r++) {
        long h = 0;
        double t0 = now();
        lede_gaz_match(g, text, len, 0, &h, count_hit);
        double t1 = now();
        if (t1 - t0 < best_both) best_both = t1 - t0;
    }
    double mb = (double)len / 1e6;
    printf("%-6s %zu entries, %ld matches (%ld with LEDE_GAZ_ALL): over tokens %.0f MB/s "
           "(%.1f M tokens/s); tokenize + match %.0f MB/s\n",
           name, lede_gaz_count(g), hits, hits_all, mb / best_match,
           (double)tok->n / best_match / 1e6, mb / best_both);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: gazbench TEXT [GAZETTEER.tsv ...]\n");
        return 1;
    }
    size_t len;
    char *text = slurp(argv[1], &len);
    if (!text) {
        fprintf(stderr, "gazbench: cannot read %s\n", argv[1]);
        return 1;
    }
    lede_gaz *sparse, *dense;
    if (lede_gaz_new(&sparse) != LEDE_OK || lede_gaz_new(&dense) != LEDE_OK) return 1;
    for (int i = 2; i < argc; i++)
        if (load_tsv(sparse, argv[i]) != 0 || load_tsv(dense, argv[i]) != 0)
            fprintf(stderr, "gazbench: cannot read %s\n", argv[i]);
    size_t from_files = lede_gaz_count(sparse);

    lede_tokens tok = {NULL, 0, 0};
    double best_tok = 1e9;
    for (int r = 0; r < 3; r++) {
        lede_tokens_free(&tok);
        double t0 = now();
        if (lede_tokens_fill(&tok, text, len) != LEDE_OK) return 1;
        double t1 = now();
        if (t1 - t0 < best_tok) best_tok = t1 - t0;
    }
    fill_invented(sparse);
    fill_from_text(dense, text, &tok);
    fill_invented(dense);

    double mb = (double)len / 1e6;
    printf("text: %.1f MB, %zu tokens; %zu entries from files; MB of text per CPU second, "
           "best of 3\n", mb, tok.n, from_files);
    printf("tokenize alone: %.0f MB/s\n", mb / best_tok);
    run("sparse", sparse, text, len, &tok);
    run("dense", dense, text, len, &tok);
    lede_tokens_free(&tok);
    lede_gaz_free(sparse);
    lede_gaz_free(dense);
    free(text);
    return 0;
}
