/*
** article.c -- the layout of a plain-text news article (see article.h).
**
** What it promises: every line with a letter or digit in it ends up in
** exactly one block, in text order, and every block is trimmed of white
** space (NBSP and the other Unicode spaces included) and never empty. Lines
** without letters or digits ("***", "----") separate blocks and are not
** reported. The rules, in the order they are tried on a line:
**
**   caption   a photo credit or caption: a line containing "©"; a line
**             starting "Photo:", "Photograph:", "Image:", "Credit:" ... (also
**             inside "[...]" or "(...)"); a line ending in a parenthesised
**             credit "(Reuters)", "(AP Photo/NAME)", "(Getty Images)"; a
**             line holding an agency credit such as "Getty Images",
**             "NAME/AFP via Getty Images", "Reuters/NAME" that does not end
**             like a sentence.
**   byline    "By NAME", "by NAME and NAME, AGENCY" ("by" in any case; the
**             name words capitalised), "Written by", "Reporting by ..."
**             (also the wire style "(Reporting by ...; Editing by ...)"), and
**             the date lines that sit with it: "Published/Updated DATE",
**             and a line holding only a date ("June 11, 2024", "DOHA: 6
**             February 2024", "2024-08-27") right after a byline or among
**             the first five lines.
**   item      a list item: "- ", "* ", "• " (and ◦ ▪ ● ‣ ·), "1. ", "1) ".
**             The range is the item's text without its marker; a bullet
**             line holding further " • " bullets gives one item each.
**   headline  the first line with content, when it is a line of its own
**             (in a document of blank-line separated blocks: alone in its
**             block, or followed by a byline/caption, or title-cased above
**             a longer line), at most 25 words, and does not end like prose
**             ('.', ',', ';', ':'). A Markdown "# Title" first line too.
**             A later line repeating the headline (scraped pages put the
**             title again above the photo) is reported as a headline again,
**             not a subhead: it opens no section, and a reader sees it as
**             the title. Consumers wanting "the" headline take the first.
**   subhead   not the first line; at most 12 words; starts without a
**             lower-case letter; no final punctuation, or a final '?', '!'
**             or ':' when title-cased ("What's on the Agenda?"); stands on
**             its own (a blank line or a structural line before it, and
**             after it a blank line, a structural line, or, when
**             title-cased, the next paragraph); and something follows it:
**             a short last line (a tag like "United States") is a
**             paragraph. Markdown "## Section" and "**Section**" lines too.
**   paragraph everything else. When the document separates blocks with
**             blank lines, consecutive ordinary lines form one paragraph
**             (hard-wrapped text); otherwise each line is a paragraph.
**
** The scan streams over the lines with one line of look-ahead: no
** allocation, so it cannot fail for lack of memory.
*/
#define _GNU_SOURCE /* memmem */
#include "article.h"
#include "lede.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

const char *lede_block_kind_name(int kind)
{
    switch (kind) {
    case LEDE_BLOCK_HEADLINE: return "headline";
    case LEDE_BLOCK_BYLINE: return "byline";
    case LEDE_BLOCK_CAPTION: return "caption";
    case LEDE_BLOCK_SUBHEAD: return "subhead";
    case LEDE_BLOCK_PARAGRAPH: return "paragraph";
    case LEDE_BLOCK_ITEM: return "paragraph";
    default: return "unknown";
    }
}

#define HEADLINE_MAX_WORDS 25
#define HEADLINE_MAX_BYTES 300
#define SUBHEAD_MAX_WORDS 12
#define SUBHEAD_MAX_BYTES 150
#define BYLINE_MAX_NAME_WORDS 8
#define BYLINE_MAX_REST_WORDS 10
#define CAPTION_MAX_WORDS 60
#define DATELINE_WITHIN 5 /* a date line among the first lines is part of the byline */

/* ------------------------------------------------------------ characters */

/* Decodes one code point; an ill-formed byte reads as U+FFFD, length 1. */
static uint32_t cp_at(const char *t, size_t end, size_t i, size_t *n)
{
    const unsigned char *s = (const unsigned char *)t;
    unsigned char c = s[i];
    *n = 1;
    if (c < 0x80) return c;
    size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (k == 0 || i + k > end) return 0xFFFD;
    uint32_t cp = c & (0x7F >> k);
    for (size_t j = 1; j < k; j++) {
        if ((s[i + j] & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (s[i + j] & 0x3F);
    }
    *n = k;
    return cp;
}

static int is_space_cp(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 ||
           c == 0xFEFF;
}

/* Bytes of the white-space character at i, 0 if there is none. */
static size_t space_at(const char *t, size_t end, size_t i)
{
    size_t n;
    if (i >= end) return 0;
    return is_space_cp(cp_at(t, end, i, &n)) ? n : 0;
}

/* Bytes of the white-space character that ends at i (after start), or 0. */
static size_t space_before(const char *t, size_t start, size_t i)
{
    if (i <= start) return 0;
    size_t j = i - 1;
    while (j > start && ((unsigned char)t[j] & 0xC0) == 0x80 && i - j < 4) j--;
    size_t n;
    if (is_space_cp(cp_at(t, i, j, &n)) && j + n == i) return n;
    return 0;
}

enum { CASE_NONE, CASE_UPPER, CASE_LOWER };

/* Enough of Unicode case for names and headings in Latin, Greek and
** Cyrillic scripts; caseless scripts count as neither. */
static int letter_case(uint32_t c)
{
    if (c >= 'A' && c <= 'Z') return CASE_UPPER;
    if (c >= 'a' && c <= 'z') return CASE_LOWER;
    if (c < 0xC0) return CASE_NONE;
    if (c <= 0xDE) return c == 0xD7 ? CASE_NONE : CASE_UPPER;
    if (c <= 0xFF) return c == 0xF7 ? CASE_NONE : CASE_LOWER;
    if (c <= 0x17F) {
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
            return (c & 1) ? CASE_UPPER : CASE_LOWER;
        if (c == 0x138 || c == 0x149 || c == 0x17F) return CASE_LOWER;
        if (c == 0x178) return CASE_UPPER;
        return (c & 1) ? CASE_LOWER : CASE_UPPER;
    }
    if (c >= 0x391 && c <= 0x3A9) return CASE_UPPER;
    if (c >= 0x3B1 && c <= 0x3C9) return CASE_LOWER;
    if (c >= 0x400 && c <= 0x42F) return CASE_UPPER;
    if (c >= 0x430 && c <= 0x45F) return CASE_LOWER;
    return CASE_NONE;
}

static int is_alnum_cp(uint32_t c)
{
    if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    if (c < 0xC0 || c == 0xD7 || c == 0xF7) return 0;
    if (c >= 0x2000 && c <= 0x2BFF) return 0; /* punctuation, arrows, shapes */
    if (c >= 0x3000 && c <= 0x303F) return 0;
    if (c >= 0xFE00 && c <= 0xFE0F) return 0;
    if (c == 0xFEFF || c == 0xFFFD) return 0;
    if (c >= 0x1F000) return 0; /* emoji and pictographs */
    return 1;
}

/* Quotes and brackets that may wrap a word or a line. */
static int is_wrap_cp(uint32_t c)
{
    return c == '"' || c == '\'' || c == '(' || c == ')' || c == '[' || c == ']' || c == '*' ||
           c == '_' || c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D || c == 0xAB ||
           c == 0xBB;
}

/* ---------------------------------------------------------- small tests */

static int has_alnum(const char *t, size_t s, size_t e)
{
    size_t n;
    for (size_t i = s; i < e; i += n)
        if (is_alnum_cp(cp_at(t, e, i, &n))) return 1;
    return 0;
}

/* Case of the first letter or digit (digits count as upper case: "10 Days
** of Talks" can head a section; a lower-case start is prose continuing). */
static int first_case(const char *t, size_t s, size_t e)
{
    size_t n;
    for (size_t i = s; i < e; i += n) {
        uint32_t c = cp_at(t, e, i, &n);
        if (c >= '0' && c <= '9') return CASE_UPPER;
        if (is_alnum_cp(c)) return letter_case(c);
    }
    return CASE_NONE;
}

/* Words of t[s..e), counting at most up to max + 1: every caller only asks
** whether a line is short, and paragraphs run to kilobytes. */
static size_t count_words(const char *t, size_t s, size_t e, size_t max)
{
    size_t words = 0, n;
    int in = 0;
    for (size_t i = s; i < e && words <= max; i += n) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x80) { /* the common case, without decoding */
            n = 1;
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') { in = 0; continue; }
        } else if ((n = space_at(t, e, i))) {
            in = 0;
            continue;
        } else {
            cp_at(t, e, i, &n);
        }
        if (!in) words++;
        in = 1;
    }
    return words;
}

/* The line's final punctuation, looking through closing quotes and
** brackets: '.', ',', ';', ':', '!', '?' ('…' counts as '.'), or 0. */
static int final_punct(const char *t, size_t s, size_t e)
{
    size_t i = e;
    while (i > s) {
        size_t j = i - 1;
        while (j > s && ((unsigned char)t[j] & 0xC0) == 0x80) j--;
        size_t n;
        uint32_t c = cp_at(t, i, j, &n);
        if (c == 0x2026) return '.';
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?') return (int)c;
        if (!is_wrap_cp(c) || c == '*' || c == '_') return 0;
        i = j;
    }
    return 0;
}

/* Word lists carry their lengths: every line is tested against them, and
** measuring the words each time cost more than the comparisons. */
typedef struct word {
    const char *s;
    size_t n;
} word;
#define W(lit) {lit, sizeof lit - 1}

/* t[s..e) starts with the lowercase `w`, ignoring ASCII case. */
static int ieq_prefix_n(const char *t, size_t s, size_t e, const char *w, size_t n)
{
    if (e - s < n) return 0;
    for (size_t k = 0; k < n; k++) {
        char a = t[s + k];
        if (a >= 'A' && a <= 'Z') a = (char)(a + 32);
        if (a != w[k]) return 0;
    }
    return 1;
}

static int ieq_prefix(const char *t, size_t s, size_t e, const char *w)
{
    return ieq_prefix_n(t, s, e, w, strlen(w));
}

/* t[s..e) is one of `list` (ending with {NULL, 0}), ignoring ASCII case. */
static int is_one_of(const char *t, size_t s, size_t e, const word *list)
{
    for (; list->s; list++)
        if (list->n == e - s && ieq_prefix_n(t, s, e, list->s, list->n)) return 1;
    return 0;
}

/* ASCII case-insensitive equality of two ranges. */
static int same_text(const char *t, size_t s1, size_t e1, size_t s2, size_t e2)
{
    if (e1 - s1 != e2 - s2) return 0;
    for (size_t k = 0; k < e1 - s1; k++) {
        char a = t[s1 + k], b = t[s2 + k];
        if (a >= 'A' && a <= 'Z') a = (char)(a + 32);
        if (b >= 'A' && b <= 'Z') b = (char)(b + 32);
        if (a != b) return 0;
    }
    return 1;
}

/* `word` occurs in t[s,e) with no letter or digit right before or after. */
static int has_word(const char *t, size_t s, size_t e, const word *w)
{
    size_t n = w->n;
    for (size_t i = s; i + n <= e; i++) {
        const char *hit = memmem(t + i, e - i, w->s, n);
        if (!hit) return 0;
        i = (size_t)(hit - t);
        int before = i > s && (((unsigned char)t[i - 1] & 0x80) ||
                               is_alnum_cp((unsigned char)t[i - 1]));
        int after = i + n < e && (((unsigned char)t[i + n] & 0x80) ||
                                  is_alnum_cp((unsigned char)t[i + n]));
        if (!before && !after) return 1;
    }
    return 0;
}

/* `needle` occurs in t[s,e). The lines searched are short and most
** needles start with a letter or a space, where memmem's set-up cost more
** than the search: memchr finds the first byte that is not a space. */
static int has_text(const char *t, size_t s, size_t e, const char *needle)
{
    size_t n = strlen(needle), k = needle[0] == ' ' && n > 1;
    if (n == 0) return 1;
    if (e - s < n) return 0;
    const char *p = t + s + k, *last = t + e - n + k; /* where needle[k] may be */
    while (p <= last && (p = memchr(p, needle[k], (size_t)(last - p) + 1))) {
        if (memcmp(p - k, needle, n) == 0) return 1;
        p++;
    }
    return 0;
}

/* Words a title-cased heading leaves in lower case. */
static const word minor_words[] = {
    W("a"), W("an"), W("the"), W("and"), W("or"), W("but"), W("nor"), W("for"), W("of"),
    W("on"), W("in"), W("at"), W("to"), W("by"), W("with"), W("from"), W("as"), W("vs"),
    W("via"), W("per"), W("into"), W("over"), W("amid"), W("after"), W("is"), W("are"),
    W("up"), W("off"), W("out"), W("than"), W("s"), {NULL, 0}
};

static int is_minor(const char *t, size_t s, size_t e)
{
    return is_one_of(t, s, e, minor_words);
}

/* Next word [*ws, *we) from *i, letters and digits only (punctuation and
** quotes around it dropped); 0 at the end. */
static int next_word(const char *t, size_t e, size_t *i, size_t *ws, size_t *we)
{
    size_t n;
    while (*i < e && (n = space_at(t, e, *i))) *i += n;
    if (*i >= e) return 0;
    size_t start = *i;
    while (*i < e && !space_at(t, e, *i)) { cp_at(t, e, *i, &n); *i += n; }
    size_t a = start, b = *i;
    while (a < b) {
        uint32_t c = cp_at(t, b, a, &n);
        if (is_alnum_cp(c)) break;
        a += n;
    }
    while (b > a) {
        size_t j = b - 1;
        while (j > a && ((unsigned char)t[j] & 0xC0) == 0x80) j--;
        if (is_alnum_cp(cp_at(t, b, j, &n))) break;
        b = j;
    }
    *ws = a;
    *we = b;
    return 1;
}

/* Every word that is not a minor word starts with a capital (or a digit, or
** is caseless); long lines may have one exception ("in Gaza's north"). */
static int title_cased(const char *t, size_t s, size_t e)
{
    size_t i = s, ws, we, major = 0, lower = 0;
    while (next_word(t, e, &i, &ws, &we)) {
        if (ws == we) continue;
        if (is_minor(t, ws, we)) continue;
        major++;
        if (first_case(t, ws, we) == CASE_LOWER) lower++;
    }
    return major > 0 && (lower == 0 || (major >= 6 && lower == 1));
}

/* ------------------------------------------------------ structural lines */

enum {
    SP_END,     /* past the last line */
    SP_BLANK,   /* only white space */
    SP_SKIP,    /* no letter or digit: a separator such as "***" */
    SP_NONE,    /* an ordinary line */
    SP_DATE,    /* only a date (and time, and a place before it) */
    SP_BYLINE,
    SP_CAPTION,
    SP_ITEM,
    SP_HEADING  /* Markdown "# ..." or "**...**" */
};

typedef struct line {
    size_t next;    /* offset of the following line */
    size_t s, e;    /* trimmed range */
    size_t cs, ce;  /* items and headings: the text without the markers */
    int sp;
    uint32_t bullet; /* items: the bullet glyph when it may repeat inline */
} line;

static const word months_days[] = {
    W("january"), W("february"), W("march"), W("april"), W("may"), W("june"), W("july"),
    W("august"), W("september"), W("october"), W("november"), W("december"), W("monday"),
    W("tuesday"), W("wednesday"), W("thursday"), W("friday"), W("saturday"), W("sunday"),
    {NULL, 0}
};

static int is_month_or_day(const char *t, size_t s, size_t e)
{
    return is_one_of(t, s, e, months_days);
}

/* Connecting words inside names ("Ursula von der Leyen", "Jane Doe and ..."). */
static const word name_links[] = {
    W("and"), W("&"), W("de"), W("da"), W("do"), W("dos"), W("du"), W("van"), W("von"),
    W("der"), W("den"), W("al"), W("el"), W("bin"), W("ibn"), W("la"), W("le"), W("di"),
    W("y"), {NULL, 0}
};

static int is_name_link(const char *t, size_t s, size_t e)
{
    return is_one_of(t, s, e, name_links);
}

static int is_name_end(const char *t, size_t e, size_t i)
{
    char c = t[i];
    if (c == ',' || c == '|' || c == ';' || c == '(' || c == ')' || c == '/') return 1;
    /* " - ", " – ", " — " between the name and the outlet */
    if (c == ' ' && i + 2 < e) {
        size_t n;
        uint32_t d = cp_at(t, e, i + 1, &n);
        if ((d == '-' || d == 0x2013 || d == 0x2014) && i + 1 + n < e && t[i + 1 + n] == ' ')
            return 1;
    }
    return 0;
}

static int is_byline(const char *t, size_t s, size_t e)
{
    static const word prefixes[] = {
        W("by"), W("written by"), W("reporting by"), W("(reporting by"), W("additional reporting by"),
        W("story by"), W("words by"), W("report by"), {NULL, 0}
    };
    static const word dated[] = {
        W("published"), W("updated"), W("last updated"), W("first published"), W("posted"), {NULL, 0}
    };
    for (size_t k = 0; dated[k].s; k++) {
        size_t n = dated[k].n;
        if (!ieq_prefix_n(t, s, e, dated[k].s, n)) continue;
        if (s + n < e && t[s + n] != ' ' && t[s + n] != ':') continue;
        int digit = 0;
        for (size_t i = s + n; i < e; i++) digit |= t[i] >= '0' && t[i] <= '9';
        return digit && count_words(t, s, e, SUBHEAD_MAX_WORDS) <= SUBHEAD_MAX_WORDS;
    }
    /* The wire's closing credit names places and editors too. */
    if (t[s] == '(' && t[e - 1] == ')' && count_words(t, s, e, CAPTION_MAX_WORDS / 2) <= CAPTION_MAX_WORDS / 2 &&
        (ieq_prefix(t, s, e, "(reporting by ") || ieq_prefix(t, s, e, "(additional reporting by ") ||
         ieq_prefix(t, s, e, "(writing by ") || ieq_prefix(t, s, e, "(editing by ") ||
         ieq_prefix(t, s, e, "(compiled by ")))
        return 1;
    /* Markdown emphasis around the whole line: "*By NAME*" */
    while (s < e && (t[s] == '*' || t[s] == '_')) s++;
    while (e > s && (t[e - 1] == '*' || t[e - 1] == '_')) e--;
    size_t i = s;
    for (size_t k = 0; prefixes[k].s; k++) {
        size_t n = prefixes[k].n;
        if (ieq_prefix_n(t, s, e, prefixes[k].s, n) && space_at(t, e, s + n)) {
            i = s + n;
            break;
        }
    }
    if (i == s) return 0;
    int fp = final_punct(t, s, e);
    if (fp == '.' || fp == '?' || fp == '!') return 0;
    /* The name: capitalised words (and links) up to a separator. */
    size_t name_words = 0, n;
    int first = 1;
    while (i < e) {
        while (i < e && (n = space_at(t, e, i))) i += n;
        if (i >= e || is_name_end(t, e, i) || is_name_end(t, e, i - 1)) break;
        size_t ws = i;
        while (i < e && !space_at(t, e, i) && !is_name_end(t, e, i)) { cp_at(t, e, i, &n); i += n; }
        size_t we = i;
        if (first) {
            if (first_case(t, ws, we) != CASE_UPPER || is_month_or_day(t, ws, we)) return 0;
            first = 0;
        } else if (!is_name_link(t, ws, we) && first_case(t, ws, we) == CASE_LOWER) {
            return 0;
        }
        if (++name_words > BYLINE_MAX_NAME_WORDS) return 0;
    }
    if (name_words == 0) return 0;
    return count_words(t, i, e, BYLINE_MAX_REST_WORDS) <= BYLINE_MAX_REST_WORDS;
}

/* "©" (C2 A9) in t[s..e): memchr is much faster than memmem on long lines. */
static int has_copyright(const char *t, size_t s, size_t e)
{
    const char *p = t + s, *end = t + e;
    while (p + 1 < end && (p = memchr(p, '\xc2', (size_t)(end - 1 - p)))) {
        if (p[1] == '\xa9') return 1;
        p++;
    }
    return 0;
}

static int is_caption(const char *t, size_t s, size_t e)
{
    static const word leads[] = {
        W("photo:"), W("photos:"), W("photograph:"), W("photographs:"), W("photo credit:"),
        W("image:"), W("images:"), W("image credit:"), W("picture:"), W("pictured:"),
        W("credit:"), W("caption:"), W("illustration:"), W("file photo:"), {NULL, 0}
    };
    /* Split on '/', which most credits hold: a line without one is only
    ** searched for the others. */
    static const char *const credits[] = {
        "Getty Images", "GETTY IMAGES", "via Getty", "AFP PHOTO", "AP Photo", "EPA-EFE",
        "Shutterstock", NULL
    };
    static const char *const slash_credits[] = {
        "/Getty", "Getty/", "/Reuters", "Reuters/", "REUTERS/", "/REUTERS", "/AFP", "AFP/",
        "/AP", "AP/", "/EPA", "EPA/", "/Alamy", "Alamy/", "/Bloomberg", "/Anadolu", "Anadolu/",
        "/SIPA", "/Pool", "/ZUMA", NULL
    };
    static const word paren_words[] = {
        W("Reuters"), W("AP"), W("AFP"), W("Getty"), W("EPA"), W("Photo"), W("photo"),
        W("Image"), W("image"), W("Shutterstock"), W("Alamy"), W("Bloomberg"), W("Anadolu"),
        W("File"), W("Pool"), {NULL, 0}
    };
    if (has_copyright(t, s, e)) return 1;
    if (e - s > 2 && t[s] == '!' && t[s + 1] == '[') return 1; /* Markdown image */
    size_t ls = s;
    if (t[ls] == '[' || t[ls] == '(') ls++;
    for (size_t k = 0; leads[k].s; k++)
        if (ieq_prefix_n(t, ls, e, leads[k].s, leads[k].n)) return 1;
    int fp = final_punct(t, s, e);
    int sentence = fp == '.' || fp == '!' || fp == '?';
    /* Most lines are prose ending like a sentence: only a parenthesised
    ** credit at the end can still make them a caption, so they are spared
    ** counting their words. */
    if (sentence && t[e - 1] != ')') return 0;
    size_t words = count_words(t, s, e, CAPTION_MAX_WORDS);
    if (words > CAPTION_MAX_WORDS) return 0;
    /* "People wait at the station. Photograph: NAME/AGENCY" */
    if (!sentence &&
        (has_text(t, s, e, " Photograph: ") || has_text(t, s, e, " Photo: ") ||
         has_text(t, s, e, " Photo credit: ") || has_text(t, s, e, " Image: ")))
        return 1;
    if (t[e - 1] == ')') {
        size_t open = e - 1;
        while (open > s && t[open] != '(') open--;
        if (t[open] == '(') {
            for (size_t k = 0; paren_words[k].s; k++)
                if (has_word(t, open + 1, e - 1, &paren_words[k])) return 1;
        }
    }
    if (sentence || words > CAPTION_MAX_WORDS / 2) return 0;
    for (size_t k = 0; credits[k]; k++)
        if (has_text(t, s, e, credits[k])) return 1;
    if (!memchr(t + s, '/', e - s)) return 0;
    for (size_t k = 0; slash_credits[k]; k++)
        if (has_text(t, s, e, slash_credits[k])) return 1;
    return 0;
}

/* Bullet glyphs that never occur inside prose, so "a • b • c" on a bullet
** line is several items. */
static int is_bullet_glyph(uint32_t c)
{
    return c == 0x2022 || c == 0x25E6 || c == 0x25AA || c == 0x25CF || c == 0x2023 || c == 0xB7;
}

/* A list item: sets the content range after the marker. */
static int is_item(const char *t, line *ln)
{
    size_t s = ln->s, e = ln->e, i = s, n;
    uint32_t c = cp_at(t, e, i, &n);
    if (c == '-' || c == '*' || is_bullet_glyph(c)) {
        i += n;
        ln->bullet = is_bullet_glyph(c) ? c : 0;
    } else if (c >= '0' && c <= '9') {
        while (i < e && i - s < 3 && t[i] >= '0' && t[i] <= '9') i++;
        if (i >= e || (t[i] != '.' && t[i] != ')')) return 0;
        i++;
        ln->bullet = 0;
    } else {
        return 0;
    }
    size_t gap = space_at(t, e, i);
    if (!gap) return 0;
    while ((n = space_at(t, e, i))) i += n;
    ln->cs = i;
    ln->ce = e;
    return 1;
}

/* Markdown headings "# Title" and whole-line "**Title**". */
static int is_heading(const char *t, line *ln)
{
    size_t s = ln->s, e = ln->e, i = s, n;
    if (t[i] == '#') {
        while (i < e && t[i] == '#' && i - s < 6) i++;
        if (!space_at(t, e, i)) return 0;
        size_t ce = e;
        while (ce > i && t[ce - 1] == '#') ce--;
        while (i < ce && (n = space_at(t, ce, i))) i += n;
        while (ce > i && (n = space_before(t, i, ce))) ce -= n;
        ln->cs = i;
        ln->ce = ce;
        return ce > i;
    }
    if (e - s > 4 && ((t[s] == '*' && t[s + 1] == '*' && t[e - 1] == '*' && t[e - 2] == '*') ||
                      (t[s] == '_' && t[s + 1] == '_' && t[e - 1] == '_' && t[e - 2] == '_'))) {
        size_t cs = s + 2, ce = e - 2;
        if (has_text(t, cs, ce, "**") || has_text(t, cs, ce, "__")) return 0;
        if (count_words(t, cs, ce, SUBHEAD_MAX_WORDS) > SUBHEAD_MAX_WORDS) return 0;
        ln->cs = cs;
        ln->ce = ce;
        return 1;
    }
    return 0;
}

static const word date_words[] = {
    W("jan"), W("feb"), W("mar"), W("apr"), W("jun"), W("jul"), W("aug"), W("sep"), W("sept"),
    W("oct"), W("nov"), W("dec"), W("mon"), W("tue"), W("tues"), W("wed"), W("thu"), W("thur"),
    W("thurs"), W("fri"), W("sat"), W("sun"), W("am"), W("pm"), W("a.m"), W("p.m"), W("gmt"),
    W("utc"), W("bst"), W("cet"), W("cest"), W("est"), W("edt"), W("et"), W("pt"), W("pst"),
    W("pdt"), W("at"), W("on"), W("of"), W("updated"), W("published"), W("posted"), W("|"),
    {NULL, 0}
};

/* One token of a date line: a month or weekday (in full or abbreviated),
** a number (12, 12th, 2024-08-27, 21:40, 11/06/2024), a time zone, ... */
static int is_date_token(const char *t, size_t s, size_t e, int *digit)
{
    while (e > s && (t[e - 1] == ',' || t[e - 1] == '.')) e--;
    if (s == e) return 1;
    if (t[s] >= '0' && t[s] <= '9') {
        size_t i = s;
        while (i < e && ((t[i] >= '0' && t[i] <= '9') || t[i] == '-' || t[i] == ':' || t[i] == '/')) i++;
        *digit = 1;
        return i == e || (e - i == 2 && (ieq_prefix(t, i, e, "st") || ieq_prefix(t, i, e, "nd") ||
                                         ieq_prefix(t, i, e, "rd") || ieq_prefix(t, i, e, "th") ||
                                         ieq_prefix(t, i, e, "am") || ieq_prefix(t, i, e, "pm")));
    }
    /* Month, day and date words are 1 to 9 bytes long. */
    if (e - s > 9) return 0;
    return is_month_or_day(t, s, e) || is_one_of(t, s, e, date_words);
}

/* "June 11, 2024", "Tuesday, January 9, 2024", "2024-08-27",
** "DOHA: 6 February 2024", "Updated 21:40 GMT". */
static int is_date_line(const char *t, size_t s, size_t e)
{
    size_t i = s, n, tokens = 0;
    int digit = 0, place = 1;
    while (i < e) {
        while (i < e && (n = space_at(t, e, i))) i += n;
        if (i >= e) break;
        size_t ws = i;
        while (i < e && !space_at(t, e, i)) i++;
        if (++tokens > 10) return 0;
        if (place) {
            /* a place in capitals first: "DOHA:", "TEL AVIV —" */
            size_t k = ws;
            while (k < i && ((t[k] >= 'A' && t[k] <= 'Z') || t[k] == '-')) k++;
            if (k > ws + 1 && (k == i || (k + 1 == i && (t[k] == ':' || t[k] == ','))) &&
                !is_date_token(t, ws, i, &digit)) {
                continue;
            }
            size_t dn;
            uint32_t c = cp_at(t, i, ws, &dn);
            if (tokens > 1 && (c == 0x2014 || c == 0x2013 || c == '-') && ws + dn == i) continue;
            place = 0;
        }
        if (!is_date_token(t, ws, i, &digit)) return 0;
    }
    return digit;
}

static void get_line(const char *t, size_t len, size_t at, line *ln)
{
    size_t n;
    if (at >= len) {
        ln->sp = SP_END;
        ln->next = ln->s = ln->e = len;
        return;
    }
    const char *nl = memchr(t + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - t) : len;
    ln->next = nl ? end + 1 : len;
    size_t s = at, e = end;
    while (s < e && (n = space_at(t, e, s))) s += n;
    while (e > s && (n = space_before(t, s, e))) e -= n;
    ln->s = ln->cs = s;
    ln->e = ln->ce = e;
    ln->bullet = 0;
    if (s == e) ln->sp = SP_BLANK;
    else if (!has_alnum(t, s, e)) ln->sp = SP_SKIP;
    else if (is_caption(t, s, e)) ln->sp = SP_CAPTION;
    else if (is_byline(t, s, e)) ln->sp = SP_BYLINE;
    else if (is_item(t, ln)) ln->sp = has_alnum(t, ln->cs, ln->ce) ? SP_ITEM : SP_SKIP;
    else if (is_heading(t, ln)) ln->sp = SP_HEADING;
    else if (is_date_line(t, s, e)) ln->sp = SP_DATE;
    else ln->sp = SP_NONE;
}

static int has_content(int sp) { return sp >= SP_NONE; }
static int is_structural(int sp) { return sp > SP_NONE; }

/* Whether the line at `at` is blank (white space only); *next is where the
** next line starts. get_line's test without classifying the line. */
static int blank_line(const char *t, size_t len, size_t at, size_t *next)
{
    const char *nl = memchr(t + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - t) : len, n;
    *next = nl ? end + 1 : len;
    while (at < end && (n = space_at(t, end, at))) at += n;
    return at == end;
}

/* Whether the text separates blocks with blank lines anywhere. Only
** blankness counts here, so lines are not classified (that was half the
** layout's cost). */
static int uses_blank_lines(const char *t, size_t len)
{
    int seen = 0, gap = 0;
    for (size_t at = 0, next; at < len; at = next) {
        if (blank_line(t, len, at, &next)) { gap = seen; continue; }
        if (gap) return 1;
        seen = 1;
    }
    return 0;
}

/* ------------------------------------------------------------ the layout */

typedef struct layout {
    const char *t;
    size_t len;
    lede_block_fn fn;
    void *ctx;
    int blank_mode;
    int para_open;      /* a paragraph is being extended (blank-line mode) */
    size_t ps, pe;
} layout;

static int emit(layout *L, int kind, size_t s, size_t e)
{
    if (e <= s) return 0;
    return L->fn(L->ctx, kind, (int)s, (int)e);
}

static int flush(layout *L)
{
    if (!L->para_open) return 0;
    L->para_open = 0;
    return emit(L, LEDE_BLOCK_PARAGRAPH, L->ps, L->pe);
}

/* Where the next inline bullet of an item starts: white space, the same
** glyph, white space. Returns e when there is none; *after is where the
** following item's text starts. */
static size_t next_bullet(const char *t, size_t i, size_t e, uint32_t glyph, size_t *after)
{
    size_t n, m;
    while (i < e) {
        if ((n = space_at(t, e, i))) {
            size_t j = i + n;
            while ((m = space_at(t, e, j))) j += m;
            if (j < e && cp_at(t, e, j, &m) == glyph && space_at(t, e, j + m)) {
                *after = j + m;
                return i;
            }
            i = j;
            continue;
        }
        cp_at(t, e, i, &n);
        i += n;
    }
    *after = e;
    return e;
}

static int emit_trimmed(layout *L, int kind, size_t s, size_t e)
{
    size_t n;
    while (s < e && (n = space_at(L->t, e, s))) s += n;
    while (e > s && (n = space_before(L->t, s, e))) e -= n;
    if (!has_alnum(L->t, s, e)) return 0;
    return emit(L, kind, s, e);
}

static int emit_item(layout *L, const line *ln)
{
    if (!ln->bullet) return emit(L, LEDE_BLOCK_ITEM, ln->cs, ln->ce);
    size_t s = ln->cs, after;
    while (s < ln->ce) {
        size_t end = next_bullet(L->t, s, ln->ce, ln->bullet, &after);
        int rc = emit_trimmed(L, LEDE_BLOCK_ITEM, s, end);
        if (rc) return rc;
        s = after;
    }
    return 0;
}

/* Something with content follows the line that ends at `from`. */
static int content_follows(const layout *L, const line *nxt)
{
    if (has_content(nxt->sp)) return 1;
    line ln = *nxt;
    while (ln.sp != SP_END) {
        get_line(L->t, L->len, ln.next, &ln);
        if (has_content(ln.sp)) return 1;
    }
    return 0;
}

static int is_headline(const layout *L, const line *cur, const line *nxt)
{
    const char *t = L->t;
    size_t bytes = cur->e - cur->s;
    if (bytes > HEADLINE_MAX_BYTES || count_words(t, cur->s, cur->e, HEADLINE_MAX_WORDS) > HEADLINE_MAX_WORDS) return 0;
    int fp = final_punct(t, cur->s, cur->e);
    if (fp == '.' || fp == ',' || fp == ';' || fp == ':') return 0;
    if (first_case(t, cur->s, cur->e) == CASE_LOWER) return 0;
    if (!L->blank_mode || !has_content(nxt->sp) || is_structural(nxt->sp)) return 1;
    /* The first line of a block goes on: a heading only if it looks like
    ** one and the next line starts a sentence rather than continuing one. */
    if (first_case(t, nxt->s, nxt->e) == CASE_LOWER) return 0;
    return title_cased(t, cur->s, cur->e) || 10 * bytes < 6 * (nxt->e - nxt->s);
}

static int is_subhead(const layout *L, const line *cur, const line *nxt, int prev_open)
{
    const char *t = L->t;
    if (cur->e - cur->s > SUBHEAD_MAX_BYTES || count_words(t, cur->s, cur->e, SUBHEAD_MAX_WORDS) > SUBHEAD_MAX_WORDS)
        return 0;
    if (first_case(t, cur->s, cur->e) == CASE_LOWER) return 0;
    int fp = final_punct(t, cur->s, cur->e);
    int titled = -1; /* computed when needed */
    if (fp == '.' || fp == ',' || fp == ';') return 0;
    if (fp) {
        titled = title_cased(t, cur->s, cur->e);
        if (!titled) return 0;
    }
    if (!content_follows(L, nxt)) return 0;
    if (has_content(nxt->sp) && !is_structural(nxt->sp) &&
        first_case(t, nxt->s, nxt->e) == CASE_LOWER)
        return 0;
    if (!L->blank_mode) return 1;
    if (!prev_open) return 0;
    if (!has_content(nxt->sp) || is_structural(nxt->sp)) return 1;
    if (titled < 0) titled = title_cased(t, cur->s, cur->e);
    return titled;
}

int lede_article_blocks(const char *text, size_t len, void *ctx, lede_block_fn fn)
{
    if (len > INT_MAX) return LEDE_EINPUT;
    layout L = {text, len, fn, ctx, 0, 0, 0, 0};
    L.blank_mode = uses_blank_lines(text, len);
    int seen_first = 0, have_headline = 0, rc = 0, prev_kind = 0, content_lines = 0;
    int prev_open = 1; /* the line before was blank, a separator or structural */
    size_t hs = 0, he = 0;
    line cur, nxt;
    get_line(text, len, 0, &cur);
    for (; cur.sp != SP_END; cur = nxt) {
        get_line(text, len, cur.next, &nxt);
        if (!has_content(cur.sp)) {
            if ((rc = flush(&L))) return rc;
            prev_open = 1;
            continue;
        }
        int kind = LEDE_BLOCK_PARAGRAPH;
        size_t s = cur.s, e = cur.e;
        int first = !seen_first;
        seen_first = 1;
        /* A date line belongs with the byline near the top; further down it
        ** is judged like any other line. */
        if (cur.sp == SP_DATE && (prev_kind == LEDE_BLOCK_BYLINE || content_lines < DATELINE_WITHIN))
            cur.sp = SP_BYLINE;
        content_lines++;
        switch (cur.sp) {
        case SP_BYLINE: kind = LEDE_BLOCK_BYLINE; break;
        case SP_CAPTION: kind = LEDE_BLOCK_CAPTION; break;
        case SP_ITEM: kind = LEDE_BLOCK_ITEM; break;
        case SP_HEADING:
            kind = first ? LEDE_BLOCK_HEADLINE : LEDE_BLOCK_SUBHEAD;
            s = cur.cs;
            e = cur.ce;
            break;
        default:
            if (first) {
                if (is_headline(&L, &cur, &nxt)) kind = LEDE_BLOCK_HEADLINE;
            } else if (have_headline && same_text(text, s, e, hs, he)) {
                kind = LEDE_BLOCK_HEADLINE;
            } else if (is_subhead(&L, &cur, &nxt, prev_open)) {
                kind = LEDE_BLOCK_SUBHEAD;
            }
        }
        if (first && kind == LEDE_BLOCK_HEADLINE) {
            have_headline = 1;
            hs = s;
            he = e;
        }
        prev_kind = kind;
        if (kind == LEDE_BLOCK_PARAGRAPH && L.blank_mode) {
            if (L.para_open) {
                L.pe = e;
            } else {
                L.para_open = 1;
                L.ps = s;
                L.pe = e;
            }
            prev_open = 0;
            continue;
        }
        if ((rc = flush(&L))) return rc;
        rc = kind == LEDE_BLOCK_ITEM ? emit_item(&L, &cur) : emit(&L, kind, s, e);
        if (rc) return rc;
        prev_open = kind != LEDE_BLOCK_PARAGRAPH;
    }
    return flush(&L);
}
