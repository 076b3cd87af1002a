/*
** test_sentence.c -- the sentence splitter against the project's case files
** (the .txt files of tests/sentences, one TAP line per case; format in
** tests/sentences/README) and against the real articles in $LEDE_SEEDS,
** where it checks what a reader would notice: no sentence spans a blank
** line, crosses a list item or a headline, ends inside "U.S. officials",
** or stops mid-line without punctuation.
*/
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lede.h"
#include "sentence.h"
#include "tap.h"
#include "token.h"

typedef struct range { int start, end; } range;
typedef struct ranges { range *v; size_t n, cap; } ranges;

static int collect(void *ctx, int start, int end)
{
    ranges *r = ctx;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        range *v = realloc(r->v, cap * sizeof *v);
        if (!v) return LEDE_ENOMEM;
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n].start = start;
    r->v[r->n].end = end;
    r->n++;
    return 0;
}

/* dir/name, malloc'ed (NULL when out of memory). */
static char *join_path(const char *dir, const char *name)
{
    lede_buf b = LEDE_BUF_INIT;
    if (lede_buf_printf(&b, "%s/%s", dir, name) != LEDE_OK) return NULL;
    return b.p;
}

static char *read_file(const char *path, size_t *len)
{
    if (!path) return NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    lede_buf b = LEDE_BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (lede_buf_add(&b, chunk, got) != LEDE_OK) break;
    fclose(f);
    *len = b.n;
    return b.p ? b.p : calloc(1, 1);
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* s[0..n) with each run of white space (ASCII, U+2028, U+2029) made one space. */
static void squeeze(const char *s, size_t n, lede_buf *out)
{
    lede_buf_reset(out);
    int pending = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80
            && ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
            pending = 1;
            i += 2;
            continue;
        }
        if (is_space(c)) {
            pending = 1;
            continue;
        }
        if (pending && out->n) lede_buf_addc(out, ' ');
        pending = 0;
        lede_buf_addc(out, c);
    }
    lede_buf_cstr(out);
}

/* Checks ranges a user relies on: inside the text, in order, trimmed. */
static int ranges_sane(const char *text, size_t len, const ranges *r, char *why, size_t whylen)
{
    int prev_end = 0;
    for (size_t i = 0; i < r->n; i++) {
        range g = r->v[i];
        if (g.start < prev_end || g.end <= g.start || (size_t)g.end > len) {
            snprintf(why, whylen, "sentence %zu [%d,%d) out of order or range", i, g.start, g.end);
            return 0;
        }
        if (is_space((unsigned char)text[g.start]) || is_space((unsigned char)text[g.end - 1])) {
            snprintf(why, whylen, "sentence %zu [%d,%d) not trimmed", i, g.start, g.end);
            return 0;
        }
        prev_end = g.end;
    }
    return 1;
}

/* ------------------------------------------------------------- case files */

typedef struct kase {
    char title[200];
    lede_buf input;
    lede_buf want;  /* expected sentences, each NUL-terminated, back to back */
    size_t nwant;
    int line;
} kase;

static void run_case(tap *t, const char *file, kase *k)
{
    /* Drop trailing empty lines of the input. */
    while (k->input.n && k->input.p[k->input.n - 1] == '\n') k->input.n--;
    lede_buf_cstr(&k->input);
    ranges r = {NULL, 0, 0};
    int rc = lede_sentences(k->input.p, k->input.n, &r, collect);
    char why[300] = "";
    int ok = rc == LEDE_OK && ranges_sane(k->input.p, k->input.n, &r, why, sizeof why);
    if (rc != LEDE_OK) snprintf(why, sizeof why, "lede_sentences returned %d", rc);
    lede_buf got = LEDE_BUF_INIT;
    if (ok && r.n != k->nwant) {
        ok = 0;
        snprintf(why, sizeof why, "%zu sentences, want %zu", r.n, k->nwant);
    }
    const char *w = k->want.p;
    for (size_t i = 0; ok && i < r.n; i++) {
        squeeze(k->input.p + r.v[i].start, (size_t)(r.v[i].end - r.v[i].start), &got);
        if (strcmp(got.p, w) != 0) {
            ok = 0;
            snprintf(why, sizeof why, "sentence %zu differs", i + 1);
        }
        w += strlen(w) + 1;
    }
    tap_ok(t, ok, "%s:%d: %s", file, k->line, k->title);
    if (!ok) {
        printf("#   %s\n", why);
        w = k->want.p;
        for (size_t i = 0; i < k->nwant; i++, w += strlen(w) + 1) printf("#   want: [%s]\n", w);
        for (size_t i = 0; i < r.n; i++) {
            squeeze(k->input.p + r.v[i].start, (size_t)(r.v[i].end - r.v[i].start), &got);
            printf("#   got:  [%s]\n", got.p);
        }
    }
    lede_buf_free(&got);
    free(r.v);
}

/* Reads one case file; returns the number of cases run (-1: unreadable). */
static int run_file(tap *t, const char *dir, const char *name)
{
    char *path = join_path(dir, name);
    size_t len;
    char *text = read_file(path, &len);
    free(path);
    if (!text) return -1;
    kase k;
    memset(&k, 0, sizeof k);
    int in_case = 0, in_want = 0, cases = 0, lineno = 0;
    char *p = text, *end = text + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        if (n >= 3 && memcmp(p, "## ", 3) == 0) {
            if (in_case) {
                run_case(t, name, &k);
                cases++;
            }
            lede_buf_free(&k.input);
            lede_buf_free(&k.want);
            memset(&k, 0, sizeof k);
            snprintf(k.title, sizeof k.title, "%.*s", (int)(n - 3), p + 3);
            k.line = lineno;
            in_case = 1;
            in_want = 0;
        } else if (in_case && n >= 2 && memcmp(p, ">>", 2) == 0) {
            size_t skip = n > 2 && p[2] == ' ' ? 3 : 2;
            lede_buf_add(&k.want, p + skip, n - skip);
            lede_buf_addc(&k.want, '\0');
            k.nwant++;
            in_want = 1;
        } else if (in_case && !in_want) {
            /* A literal \r at the end of a line stands for a carriage return. */
            if (n >= 2 && p[n - 2] == '\\' && p[n - 1] == 'r') {
                lede_buf_add(&k.input, p, n - 2);
                lede_buf_addc(&k.input, '\r');
            } else {
                lede_buf_add(&k.input, p, n);
            }
            lede_buf_addc(&k.input, '\n');
        }
        p += n + 1;
    }
    if (in_case) {
        run_case(t, name, &k);
        cases++;
    }
    lede_buf_free(&k.input);
    lede_buf_free(&k.want);
    free(text);
    return cases;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the *.txt files in dir; NULL when it cannot be read. */
static char **list_txt(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) return NULL;
    char **v = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt") != 0 || e->d_name[0] == '.') continue;
        char **nv = realloc(v, (n + 1) * sizeof *v);
        if (!nv) break;
        v = nv;
        v[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(v, n, sizeof *v, cmp_names);
    *count = n;
    return v;
}

/* ------------------------------------------------------------- seeds */

static int line_start_at(const char *s, int p)
{
    return p == 0 || s[p - 1] == '\n';
}

static void check_seed(tap *t, const char *dir, const char *name)
{
    char *path = join_path(dir, name);
    size_t len;
    char *text = read_file(path, &len);
    free(path);
    if (!TAP_OK(t, text != NULL, "%s: readable", name)) return;
    ranges r = {NULL, 0, 0};
    int rc = lede_sentences(text, len, &r, collect);
    TAP_IS_INT(t, rc, LEDE_OK, "lede_sentences succeeds");
    char why[300] = "";
    if (!TAP_OK(t, ranges_sane(text, len, &r, why, sizeof why), "%s: %zu sentences in order, trimmed, non-empty", name, r.n))
        printf("#   %s\n", why);
    TAP_OK(t, r.n >= 10, "%s: a real article has at least ten sentences (%zu)", name, r.n);

    /* No sentence contains a blank line. */
    int bad = -1;
    for (size_t i = 0; i < r.n && bad < 0; i++) {
        int nl = 0;
        for (int p = r.v[i].start; p < r.v[i].end; p++) {
            if (text[p] == '\n') {
                if (++nl == 2) { bad = (int)i; break; }
            } else if (!is_space((unsigned char)text[p])) {
                nl = 0;
            }
        }
    }
    TAP_OK(t, bad < 0, "%s: no sentence contains a blank line", name);

    /* "U.S." followed by a lowercase word never ends a sentence. */
    int us = 0, us_bad = 0;
    for (size_t p = 0; p + 6 < len; p++) {
        if (memcmp(text + p, "U.S. ", 5) == 0 && islower((unsigned char)text[p + 5])) {
            us++;
            for (size_t i = 0; i < r.n; i++)
                if ((size_t)r.v[i].end == p + 4) us_bad++;
        }
    }
    TAP_OK(t, us_bad == 0, "%s: none of %d \"U.S. <lowercase>\" ends a sentence", name, us);

    /* A sentence ends at terminal punctuation (maybe with a closing quote
    ** or bracket) or at the end of a line, never in the middle of a line. */
    int midline = 0;
    for (size_t i = 0; i < r.n; i++) {
        int e = r.v[i].end;
        unsigned char last = (unsigned char)text[e - 1];
        int at_eol = (size_t)e == len;
        for (size_t p = (size_t)e; p < len && !at_eol; p++) {
            if (text[p] == '\n') at_eol = 1;
            else if (!is_space((unsigned char)text[p])) break;
        }
        int punct = strchr(".?!\"')", last) != NULL || last == 0x9D /* ” */ || last == 0x99 /* ’ */
                    || last == 0xA6 /* … */;
        /* inline bullets end the item before them */
        size_t b = (size_t)e;
        while (b < len && (is_space((unsigned char)text[b]) || (b + 1 < len && memcmp(text + b, "\xC2\xA0", 2) == 0)))
            b += text[b] == ' ' || is_space((unsigned char)text[b]) ? 1 : 2;
        int before_bullet = b > (size_t)e && b + 3 <= len && memcmp(text + b, "\xE2\x80\xA2", 3) == 0;
        if (!punct && !at_eol && !before_bullet) {
            midline++;
            printf("#   ends mid-line: [%.*s]\n", e - r.v[i].start, text + r.v[i].start);
        }
    }
    TAP_OK(t, midline == 0, "%s: no sentence stops mid-line without punctuation", name);

    /* Lines without terminal punctuation followed by a capitalised line
    ** (headlines, subheads, bylines) end a sentence at the line's end. */
    int heads = 0, heads_bad = 0;
    for (size_t p = 0; p < len;) {
        const char *nl = memchr(text + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - text) : len;
        size_t q = e;
        while (q > p && is_space((unsigned char)text[q - 1])) q--;
        size_t next = e + 1;
        while (next < len && text[next] == '\n') next++;
        if (q > p && nl && next < len && isupper((unsigned char)text[next])
            && !strchr(".?!:,;\"'", text[q - 1]) && (unsigned char)text[q - 1] < 0x80) {
            heads++;
            int found = 0;
            for (size_t i = 0; i < r.n; i++)
                if ((size_t)r.v[i].end == q) found = 1;
            if (!found) {
                heads_bad++;
                printf("#   line not ended: [%.*s]\n", (int)(q - p), text + p);
            }
        }
        p = e + 1;
    }
    TAP_OK(t, heads_bad == 0, "%s: all %d headline-like lines end a sentence", name, heads);

    /* List items ("- ", "• ") start a sentence right after the marker. */
    int items = 0, items_bad = 0;
    for (size_t p = 0; p + 4 < len; p++) {
        int marker = 0;
        if (line_start_at(text, (int)p) && text[p] == '-' && text[p + 1] == ' ') marker = 2;
        if (memcmp(text + p, "\xE2\x80\xA2 ", 4) == 0) marker = 4;
        if (!marker) continue;
        items++;
        int found = 0;
        for (size_t i = 0; i < r.n; i++)
            if ((size_t)r.v[i].start == p + (size_t)marker) found = 1;
        if (!found) items_bad++;
    }
    TAP_OK(t, items_bad == 0, "%s: all %d list items start their own sentence", name, items);

    /* A sentence starting in lowercase only at the start of a line (a byline). */
    int lower = 0;
    for (size_t i = 0; i < r.n; i++)
        if (islower((unsigned char)text[r.v[i].start]) && !line_start_at(text, r.v[i].start)) lower++;
    TAP_OK(t, lower == 0, "%s: no sentence starts in lowercase mid-line", name);

    /* The splitter over packed-and-unpacked tokens agrees with lede_sentences. */
    lede_tokens toks = {NULL, 0, 0}, back = {NULL, 0, 0};
    lede_buf blob = LEDE_BUF_INIT;
    ranges r2 = {NULL, 0, 0};
    int same = lede_tokens_fill(&toks, text, len) == LEDE_OK && lede_tokens_pack(toks.v, toks.n, &blob) == LEDE_OK
               && lede_tokens_unpack(blob.p, blob.n, &back) == LEDE_OK
               && lede_sentences_tok(text, len, back.v, back.n, &r2, collect) == LEDE_OK && r2.n == r.n;
    for (size_t i = 0; same && i < r.n; i++)
        same = r.v[i].start == r2.v[i].start && r.v[i].end == r2.v[i].end;
    TAP_OK(t, same, "%s: same sentences from stored (packed) tokens", name);
    lede_tokens_free(&toks);
    lede_tokens_free(&back);
    lede_buf_free(&blob);
    free(r2.v);
    free(r.v);
    free(text);
}

/* ------------------------------------------------------------- API edges */

static int stop_at_second(void *ctx, int start, int end)
{
    (void)start;
    (void)end;
    return ++*(int *)ctx == 2 ? 42 : 0;
}

static void check_api(tap *t)
{
    int calls = 0;
    const char *s = "One. Two. Three.";
    TAP_IS_INT(t, lede_sentences(s, strlen(s), &calls, stop_at_second), 42,
               "a non-zero callback return stops splitting and is returned");
    TAP_IS_INT(t, calls, 2, "no call after the stop");
    ranges r = {NULL, 0, 0};
    TAP_IS_INT(t, lede_sentences("", 0, &r, collect), LEDE_OK, "empty text is fine");
    TAP_IS_INT(t, r.n, 0, "empty text has no sentence");
    TAP_IS_INT(t, lede_sentences(" \n\n\t ", 5, &r, collect), LEDE_OK, "white space only is fine");
    TAP_IS_INT(t, r.n, 0, "white space only has no sentence");
    TAP_IS_INT(t, lede_sentences(s, strlen(s), &r, NULL), LEDE_EUSAGE, "a NULL callback is a usage error");
    lede_token bad[2] = {{0, 4, LEDE_TOK_WORD}, {3, 40, LEDE_TOK_WORD}};
    TAP_IS_INT(t, lede_sentences_tok(s, strlen(s), bad, 2, &r, collect), LEDE_EUSAGE,
               "overlapping tokens are refused");
    bad[1].start = 5;
    TAP_IS_INT(t, lede_sentences_tok(s, strlen(s), bad, 2, &r, collect), LEDE_EUSAGE,
               "a token past the end of the text is refused");
    free(r.v);
}

int main(void)
{
    tap t = {0, 0};
    const char *root = getenv("LEDE_ROOT");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tests/sentences", root && *root ? root : ".");
    size_t nfiles = 0;
    char **files = list_txt(dir, &nfiles);
    int total = 0;
    TAP_OK(&t, files != NULL && nfiles > 0, "case files found in %s", dir);
    for (size_t i = 0; i < nfiles; i++) {
        int n = run_file(&t, dir, files[i]);
        TAP_OK(&t, n > 0, "%s: %d cases read", files[i], n);
        if (n > 0) total += n;
        free(files[i]);
    }
    free(files);
    TAP_OK(&t, total >= 150, "at least 150 sentence cases (%d)", total);

    check_api(&t);

    const char *seeds = getenv("LEDE_SEEDS");
    char sdir[4096];
    snprintf(sdir, sizeof sdir, "%s", seeds && *seeds ? seeds : "../shared/seeds");
    size_t nseeds = 0;
    char **sf = list_txt(sdir, &nseeds);
    if (!sf || nseeds == 0) {
        t.n++;
        printf("ok %d # SKIP no seed articles in %s\n", t.n, sdir);
    } else {
        for (size_t i = 0; i < nseeds; i++) {
            check_seed(&t, sdir, sf[i]);
            free(sf[i]);
        }
    }
    free(sf);
    return tap_done(&t);
}
