/*
** test_article.c -- article layout: sample articles in several house styles
** (tests/data/articles/NAME.{txt,md} with the expected blocks in
** NAME.blocks), small cases for each rule, and the real seed articles
** (line by line, when $LEDE_SEEDS or ../shared/seeds is there).
*/
#include "article.h"
#include "lede.h"
#include "tap.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

typedef struct block { int kind, start, end; } block;

typedef struct blocks {
    block v[512];
    int n;
    int stop_after; /* return 7 from the callback after this many, 0: never */
} blocks;

static int collect(void *ctx, int kind, int start, int end)
{
    blocks *b = ctx;
    if (b->n < (int)(sizeof b->v / sizeof b->v[0])) b->v[b->n++] = (block){kind, start, end};
    return b->stop_after && b->n >= b->stop_after ? 7 : 0;
}

static const char *kind_word(int kind)
{
    return kind == LEDE_BLOCK_ITEM ? "item" : lede_block_kind_name(kind);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *p = malloc(cap);
    for (size_t r; p && (r = fread(p + n, 1, cap - n, f)) > 0;) {
        n += r;
        if (n == cap) {
            char *q = realloc(p, cap *= 2);
            if (!q) { free(p); p = NULL; }
            p = q;
        }
    }
    fclose(f);
    if (p) { p[n] = '\0'; *len = n; }
    return p;
}

static int is_space_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0 /* NBSP's last byte */;
}

/* What every layout must satisfy: blocks in order, not overlapping,
** trimmed, never empty. */
static void invariants(tap *t, const char *name, const char *text, size_t len, const blocks *b)
{
    int ok = 1, prev_end = 0;
    for (int i = 0; i < b->n && ok; i++) {
        const block *k = &b->v[i];
        if (k->start < prev_end || k->end <= k->start || (size_t)k->end > len) ok = 0;
        else if (is_space_byte((unsigned char)text[k->start]) ||
                 is_space_byte((unsigned char)text[k->end - 1])) ok = 0;
        if (!ok) printf("#   block %d [%d,%d) breaks the rules\n", i, k->start, k->end);
        prev_end = k->end;
    }
    TAP_OK(t, ok, "%s: %d blocks in order, trimmed, non-empty, not overlapping", name, b->n);
}

/* ------------------------------------------------------------ samples */

static void unescape(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            *o++ = *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
}

static void sample(tap *t, const char *dir, const char *file)
{
    char path[1024], expect[1024];
    int w1 = snprintf(path, sizeof path, "%s/%s", dir, file);
    int w2 = snprintf(expect, sizeof expect, "%s/%.*s.blocks", dir, (int)(strrchr(file, '.') - file), file);
    if (w1 < 0 || w2 < 0 || (size_t)w1 >= sizeof path || (size_t)w2 >= sizeof expect) {
        TAP_OK(t, 0, "%s: path too long", file);
        return;
    }
    size_t len = 0, elen = 0;
    char *text = read_all(path, &len), *want = read_all(expect, &elen);
    if (!text || !want) {
        TAP_OK(t, 0, "%s: read the sample and %s", file, expect);
        free(text);
        free(want);
        return;
    }
    blocks b = {.n = 0};
    int rc = lede_article_blocks(text, len, &b, collect);
    TAP_IS_INT(t, rc, LEDE_OK, file);
    invariants(t, file, text, len, &b);
    int i = 0, mismatches = 0;
    for (char *line = strtok(want, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = '\0';
        unescape(tab + 1);
        if (i >= b.n) {
            printf("#   missing block %d: %s '%s'\n", i, line, tab + 1);
            mismatches++;
            i++;
            continue;
        }
        const block *k = &b.v[i++];
        int same = strcmp(kind_word(k->kind), line) == 0 &&
                   strlen(tab + 1) == (size_t)(k->end - k->start) &&
                   memcmp(text + k->start, tab + 1, (size_t)(k->end - k->start)) == 0;
        if (!same) {
            printf("#   block %d: got %s '%.*s'\n#   want %s '%s'\n", i - 1, kind_word(k->kind),
                   k->end - k->start, text + k->start, line, tab + 1);
            mismatches++;
        }
    }
    for (; i < b.n; i++) {
        printf("#   extra block: %s '%.*s'\n", kind_word(b.v[i].kind),
               b.v[i].end - b.v[i].start, text + b.v[i].start);
        mismatches++;
    }
    TAP_OK(t, mismatches == 0, "%s: every block as expected", file);
    free(text);
    free(want);
}

/* --------------------------------------------------------- small cases */

/* The blocks of `text` as "kind:text|kind:text". */
static const char *layout(const char *text)
{
    static char out[4096];
    blocks b = {.n = 0};
    size_t o = 0;
    out[0] = '\0';
    if (lede_article_blocks(text, strlen(text), &b, collect) != LEDE_OK) return "(error)";
    for (int i = 0; i < b.n; i++) {
        int w = snprintf(out + o, sizeof out - o, "%s%s:%.*s", i ? "|" : "", kind_word(b.v[i].kind),
                         b.v[i].end - b.v[i].start, text + b.v[i].start);
        if (w < 0 || (size_t)w >= sizeof out - o) break;
        o += (size_t)w;
    }
    return out;
}

static void small_cases(tap *t)
{
    TAP_IS_STR(t, layout(""), "", "empty text: no blocks");
    TAP_IS_STR(t, layout(" \n\t\n\r\n"), "", "white space only: no blocks");
    TAP_IS_STR(t, layout("Only one line without an end"), "headline:Only one line without an end",
               "a lone short line is a headline");
    TAP_IS_STR(t, layout("The minister resigned on Monday.\nHer deputy takes over.\n"),
               "paragraph:The minister resigned on Monday.|paragraph:Her deputy takes over.",
               "a first line ending in a period is prose, not a headline");
    TAP_IS_STR(t, layout("  Talks Resume in Vienna  \n\n  The delegations met again.  \n"),
               "headline:Talks Resume in Vienna|paragraph:The delegations met again.",
               "ranges are trimmed");
    TAP_IS_STR(t, layout("Talks Resume\n\nThe delegations met.\n\nBy the end of the day, no deal was reached.\n"),
               "headline:Talks Resume|paragraph:The delegations met.|paragraph:By the end of the day, no deal was reached.",
               "\"By the end of the day\" is prose, not a byline");
    TAP_IS_STR(t, layout("Talks Resume\n\nBY JANE DOE AND JOHN ROE\n\nThe delegations met.\n"),
               "headline:Talks Resume|byline:BY JANE DOE AND JOHN ROE|paragraph:The delegations met.",
               "an upper-case byline with two names");
    TAP_IS_STR(t, layout("Talks Resume\n\nBy Ursula von der Leyen | Brussels\n\nThe delegations met.\n"),
               "headline:Talks Resume|byline:By Ursula von der Leyen | Brussels|paragraph:The delegations met.",
               "a byline with name particles and an outlet after '|'");
    TAP_IS_STR(t, layout("Talks Resume\n\nBy March prices had doubled\n\nThe delegations met.\n"),
               "headline:Talks Resume|subhead:By March prices had doubled|paragraph:The delegations met.",
               "\"By March\" is not a byline");
    TAP_IS_STR(t, layout("Talks Resume\n\nBy Jane Doe\nTuesday, March 5, 2024\n\nThe delegations met.\n"),
               "headline:Talks Resume|byline:By Jane Doe|byline:Tuesday, March 5, 2024|paragraph:The delegations met.",
               "a date line under the byline belongs to it");
    TAP_IS_STR(t, layout("Talks Resume\n\nGENEVA: 6 May 2024\n\nThe delegations met.\n"),
               "headline:Talks Resume|byline:GENEVA: 6 May 2024|paragraph:The delegations met.",
               "a place and date line near the top is a byline");
    TAP_IS_STR(t, layout("Head Line\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n\n2024-06-11\n\nSix.\n"),
               "headline:Head Line|paragraph:One.|paragraph:Two.|paragraph:Three.|paragraph:Four.|paragraph:Five.|"
               "subhead:2024-06-11|paragraph:Six.",
               "a date line far from the byline heads a section");
    TAP_IS_STR(t, layout("Lead paragraph.\n\n(Reporting by Jane Doe in Paris; Editing by John Roe)\n"),
               "paragraph:Lead paragraph.|byline:(Reporting by Jane Doe in Paris; Editing by John Roe)",
               "the wire's closing credit is a byline");
    TAP_IS_STR(t, layout("A first paragraph that ends properly.\n\nthe lower-case start of a line\n\nAnother paragraph.\n"),
               "paragraph:A first paragraph that ends properly.|paragraph:the lower-case start of a line|paragraph:Another paragraph.",
               "a short line starting in lower case is not a subhead");
    TAP_IS_STR(t, layout("First paragraph ends here.\n\nA Short Line\n"),
               "paragraph:First paragraph ends here.|paragraph:A Short Line",
               "a short last line is a paragraph (nothing follows it)");
    TAP_IS_STR(t, layout("First paragraph ends here.\n\nWhy now?\n\nBecause the vote is near.\n"),
               "paragraph:First paragraph ends here.|paragraph:Why now?|paragraph:Because the vote is near.",
               "a sentence-case question line is a paragraph");
    TAP_IS_STR(t, layout("The Opening Paragraph Is Long Enough To Be Prose, Yes.\n\n"
                         "The committee met on a cold morning in\nthe old town hall and agreed to\n"
                         "postpone the vote until spring.\n"),
               "paragraph:The Opening Paragraph Is Long Enough To Be Prose, Yes.|paragraph:"
               "The committee met on a cold morning in\nthe old town hall and agreed to\npostpone the vote until spring.",
               "hard-wrapped lines form one paragraph, short lines inside it are no subheads");
    TAP_IS_STR(t, layout("Intro line of the text.\nsecond part continues here\nmore words follow.\n"),
               "paragraph:Intro line of the text.|paragraph:second part continues here|paragraph:more words follow.",
               "single-newline text: each line a paragraph; no subhead before a lower-case line");
    TAP_IS_STR(t, layout("One. Two.\n\n***\n\n- - -\n\nThree.\n"),
               "paragraph:One. Two.|paragraph:Three.", "separator lines are not blocks");
    TAP_IS_STR(t, layout("Lead paragraph.\n\n- one\n* two\n\xe2\x80\xa2 three\n4. four\n5) five\n-six\n"),
               "paragraph:Lead paragraph.|item:one|item:two|item:three|item:four|item:five|paragraph:-six",
               "list markers, reported without the marker");
    TAP_IS_STR(t, layout("Lead paragraph.\n\n- Israel - Hamas talks\n"),
               "paragraph:Lead paragraph.|item:Israel - Hamas talks",
               "only bullet glyphs split an item, never a hyphen");
    TAP_IS_STR(t, layout("Lead paragraph.\n\nThe rally in the square on Sunday. REUTERS/Jane Doe\n\n"
                         "Crowds gather. (AP Photo/John Roe)\n\nCopyright \xc2\xa9 2024 Example News\n\n"
                         "Pictured: the old bridge\n\nEnd.\n"),
               "paragraph:Lead paragraph.|caption:The rally in the square on Sunday. REUTERS/Jane Doe|"
               "caption:Crowds gather. (AP Photo/John Roe)|caption:Copyright \xc2\xa9 2024 Example News|"
               "caption:Pictured: the old bridge|paragraph:End.",
               "caption and credit lines");
    TAP_IS_STR(t, layout("Lead paragraph.\n\nGetty Images said it would appeal the ruling.\n"),
               "paragraph:Lead paragraph.|paragraph:Getty Images said it would appeal the ruling.",
               "a sentence about Getty Images is not a credit");
    TAP_IS_STR(t, layout("Lead paragraph.\n\nThe agency reported the figures (AFP)\n\nMore.\n"),
               "paragraph:Lead paragraph.|caption:The agency reported the figures (AFP)|paragraph:More.",
               "a line ending in a parenthesised agency is a credit line");
    TAP_IS_STR(t, layout("## Section One\n\nText.\n"), "headline:Section One|paragraph:Text.",
               "a Markdown heading as the first line is the headline");
    TAP_IS_STR(t, layout("Gaza Talks\n\nText here.\n\nGAZA TALKS\n\nMore text.\n"),
               "headline:Gaza Talks|paragraph:Text here.|headline:GAZA TALKS|paragraph:More text.",
               "a repeated headline (any case) is a headline again");
    TAP_IS_STR(t, layout("\xc3\x89lections Municipales \xc3\xa0 Lyon\n\nLe vote a eu lieu.\n\n"
                         "\xc3\x89tat des Lieux\n\nLa suite.\n"),
               "headline:\xc3\x89lections Municipales \xc3\xa0 Lyon|paragraph:Le vote a eu lieu.|"
               "subhead:\xc3\x89tat des Lieux|paragraph:La suite.",
               "accented capitals start headings");
    {
        /* A headline longer than 25 words is prose. */
        const char *s = "One two three four five six seven eight nine ten eleven twelve thirteen "
                        "fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one "
                        "twenty-two twenty-three twenty-four twenty-five twenty-six\n\nNext.\n";
        TAP_OK(t, strncmp(layout(s), "paragraph:", 10) == 0, "a 26-word first line is not a headline");
    }
    {
        blocks b = {.n = 0, .stop_after = 2};
        const char *s = "Head\n\nOne.\n\nTwo.\n\nThree.\n";
        int rc = lede_article_blocks(s, strlen(s), &b, collect);
        TAP_OK(t, rc == 7 && b.n == 2, "a non-zero callback return stops and is returned");
    }
    TAP_IS_STR(t, lede_block_kind_name(LEDE_BLOCK_HEADLINE), "headline", "kind name headline");
    TAP_IS_STR(t, lede_block_kind_name(LEDE_BLOCK_BYLINE), "byline", "kind name byline");
    TAP_IS_STR(t, lede_block_kind_name(LEDE_BLOCK_CAPTION), "caption", "kind name caption");
    TAP_IS_STR(t, lede_block_kind_name(LEDE_BLOCK_SUBHEAD), "subhead", "kind name subhead");
    TAP_IS_STR(t, lede_block_kind_name(LEDE_BLOCK_PARAGRAPH), "paragraph", "kind name paragraph");
    TAP_IS_STR(t, lede_block_kind_name(LEDE_BLOCK_ITEM), "paragraph", "list items are stored as paragraphs");
}

/* -------------------------------------------------------------- seeds */

/*
** What a reader sees in each seed, by line number: H headline, B byline,
** C caption, S subhead, I item (one letter per block on that line). Every
** other line with text must be exactly one paragraph.
*/
static const struct { const char *prefix, *lines; } seed_layout[] = {
    {"000_", "1H 5B 6H 7C 13S 25S 35C 41S 51S"},
    {"001_", ""},
    {"002_", "3S 5I 6I 7I 8I 10S 13S"},
    {"003_", "4S 7S 11S 14S"},
    {"004_", "1H 23S 25III"},
};

static void seed(tap *t, const char *dir, const char *file, const char *spec)
{
    char path[1024];
    int w = snprintf(path, sizeof path, "%s/%s", dir, file);
    if (w < 0 || (size_t)w >= sizeof path) { TAP_OK(t, 0, "%s: path too long", file); return; }
    size_t len = 0;
    char *text = read_all(path, &len);
    if (!text) { TAP_OK(t, 0, "read %s", path); return; }
    blocks b = {.n = 0};
    TAP_IS_INT(t, lede_article_blocks(text, len, &b, collect), LEDE_OK, file);
    invariants(t, file, text, len, &b);

    /* got[line]: the kinds of the blocks starting on that line */
    enum { MAXL = 400 };
    char got[MAXL][8], want[MAXL][8];
    memset(got, 0, sizeof got);
    memset(want, 0, sizeof want);
    int line = 1, nlines = 0, within = 1;
    size_t ls = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != '\n') continue;
        int blank = 1;
        for (size_t j = ls; j < i; j++)
            if (!is_space_byte((unsigned char)text[j])) blank = 0;
        if (!blank && line < MAXL) want[line][0] = 'P';
        nlines = line;
        line++;
        ls = i + 1;
    }
    for (const char *p = spec; *p;) {
        char *end;
        long l = strtol(p, &end, 10);
        int k = 0;
        while (*end && *end != ' ' && k < 7) want[l][k++] = *end++;
        want[l][k] = '\0';
        p = *end ? end + 1 : end;
    }
    for (int i = 0; i < b.n; i++) {
        int l = 1;
        for (int j = 0; j < b.v[i].start; j++) l += text[j] == '\n';
        for (int j = b.v[i].start; j < b.v[i].end; j++) within &= text[j] != '\n';
        static const char letter[] = "?HBCSPI";
        size_t k = strlen(got[l]);
        if (l < MAXL && k < 7) got[l][k] = letter[b.v[i].kind];
    }
    TAP_OK(t, within, "%s: every block lies within one line", file);
    int bad = 0;
    for (int l = 1; l <= nlines && l < MAXL; l++) {
        if (strcmp(got[l], want[l]) != 0) {
            printf("#   line %d: got '%s', want '%s'\n", l, got[l], want[l]);
            bad++;
        }
    }
    TAP_OK(t, bad == 0, "%s: each of %d lines classified as a reader would (%s)", file, nlines,
           *spec ? spec : "all paragraphs");
    free(text);
}

static void seeds(tap *t)
{
    const char *dir = getenv("LEDE_SEEDS");
    if (!dir || !*dir) dir = "../shared/seeds";
    DIR *d = opendir(dir);
    if (!d) {
        printf("# skipping the seed articles: %s not found\n", dir);
        return;
    }
    closedir(d);
    for (size_t i = 0; i < sizeof seed_layout / sizeof seed_layout[0]; i++) {
        char name[256] = "";
        d = opendir(dir);
        for (struct dirent *e; d && (e = readdir(d));)
            if (strncmp(e->d_name, seed_layout[i].prefix, 4) == 0 && strstr(e->d_name, ".txt"))
                snprintf(name, sizeof name, "%s", e->d_name);
        if (d) closedir(d);
        if (!*name) {
            printf("# seed %s* not found in %s\n", seed_layout[i].prefix, dir);
            continue;
        }
        seed(t, dir, name, seed_layout[i].lines);
    }
}

int main(void)
{
    tap t = {0, 0};
    const char *root = getenv("LEDE_ROOT");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/data/articles", root && *root ? root : ".");

    static const char *const files[] = {
        "web-blank-lines.txt", "wire-single-newlines.txt", "markdown.md",
        "crlf-no-headline.txt", "broadsheet.txt",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) sample(&t, dir, files[i]);
    small_cases(&t);
    seeds(&t);
    return tap_done(&t);
}
