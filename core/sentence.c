/*
** sentence.c -- sentence boundaries for news text (lede_sentences in lede.h,
** lede_sentences_tok in sentence.h).
**
** Promises: sentences come in text order, never empty, never overlapping,
** each trimmed of white space (a sentence runs from its first token's start
** to its last token's end); no sentence crosses a blank line, a list item
** or a headline/subhead line; list markers ("- ", "* ", "• ", "1. ") are
** left out of the sentence they introduce. The splitter works over the
** token array: per token it reads its class and last byte; the text itself
** only where a boundary is possible, and through memchr for line breaks.
**
** The rules, in the order they are tried:
**   1. A blank line, a list marker at the start of a line, or a bullet
**      between spaces always ends a sentence.
**   2. After . ? ! ... and their kin, with any closing quotes and brackets
**      that follow (they belong to the ending sentence), a sentence ends
**      unless the next word starts in lowercase or is , ; : -- and, for an
**      ellipsis, unless the next word fails to start with a capital.
**   3. After an abbreviation (a word token ending in a period), by its kind
**      in data/abbreviations.txt: titles never; "No." not before a number;
**      "p.m." before a capitalised word that is not a weekday, month or time
**      zone; others (U.S., Inc., initials) only before a capitalised common
**      sentence starter (The, He, But ...). At the end of a line (not a
**      wrap, see 4), before anything but lowercase.
**   4. At the end of a line without terminal punctuation (a headline, a
**      byline, a subhead), unless the next line starts in lowercase or the
**      line ends with a comma, dash, colon or a word like "the" or "with".
**      In hard-wrapped text (some line not ending a sentence is followed by
**      a lowercase one), a break where the next word would not have fitted
**      on the line is the wrapping program's, not a boundary; list items
**      end at their line's end all the same.
*/
#include "sentence.h"

#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "unicode.h"
#include "utf8.h"

#define NONE ((size_t)-1)

typedef struct splitter {
    const unsigned char *s;
    size_t len;
    const lede_token *t;
    size_t n;
    /* once asked for: whether the text is hard-wrapped, and how wide */
    int wrap_known, wrapped;
    int32_t width;
} splitter;

enum { T_NONE, T_PERIOD, T_ELLIPSIS, T_QE };

/* Newlines in the gap after token i: 0, 1, or 2 for a blank line (also
** after the last token). */
static int gap_nl(const splitter *sp, size_t i)
{
    if (i + 1 >= sp->n) return 2;
    const unsigned char *s = sp->s;
    size_t a = (size_t)sp->t[i].end, b = (size_t)sp->t[i + 1].start;
    if (b - a <= 1 && (a == b || s[a] == ' ')) return 0;
    int nl = 0;
    for (size_t p = a; p < b && nl < 2; p++) {
        unsigned c = s[p];
        if (c == '\n') nl++;
        else if (c == '\r') nl += p + 1 >= b || s[p + 1] != '\n';
        else if (c == '\f') nl += 2;
        else if (c == 0xC2 && p + 1 < b && s[p + 1] == 0x85) nl++;          /* NEL */
        else if (c == 0xE2 && p + 2 < b && s[p + 1] == 0x80) {
            if (s[p + 2] == 0xA8) nl++;                                       /* LS */
            else if (s[p + 2] == 0xA9) nl += 2;                               /* PS */
        }
    }
    return nl < 2 ? nl : 2;
}

static uint32_t first_cp(const splitter *sp, size_t i)
{
    size_t p = (size_t)sp->t[i].start;
    if (sp->s[p] < 0x80) return sp->s[p];
    uint32_t cp;
    lede_utf8_decode((const char *)sp->s, sp->len, p, &cp);
    return cp;
}

static size_t tok_len(const splitter *sp, size_t i)
{
    return (size_t)(sp->t[i].end - sp->t[i].start);
}

/* Token i is exactly the ASCII character c. */
static int is_char(const splitter *sp, size_t i, char c)
{
    return tok_len(sp, i) == 1 && sp->s[sp->t[i].start] == (unsigned char)c;
}

static int starts_lower(const splitter *sp, size_t i)
{
    int cls = sp->t[i].cls;
    if (cls != LEDE_TOK_WORD && cls != LEDE_TOK_URL) return 0;
    unsigned c = sp->s[sp->t[i].start];
    if (c < 0x80) return c >= 'a' && c <= 'z';
    return lede_unicode_category(first_cp(sp, i)) == LEDE_UC_LL;
}

/* The line starting at token i goes on from the line before: it starts in
** lowercase, or with a dash and then lowercase ("- and again ..."). */
static int line_continues(const splitter *sp, size_t i)
{
    if (starts_lower(sp, i)) return 1;
    return sp->t[i].cls == LEDE_TOK_DASH && i + 1 < sp->n && starts_lower(sp, i + 1);
}

/* A word that can begin a sentence: a capital, or a letter of a script
** without case (Arabic, Hebrew, CJK ...). */
static int starts_upper(const splitter *sp, size_t i)
{
    if (sp->t[i].cls != LEDE_TOK_WORD) return 0;
    unsigned c = sp->s[sp->t[i].start];
    if (c < 0x80) return c >= 'A' && c <= 'Z';
    int cat = lede_unicode_category(first_cp(sp, i));
    return cat == LEDE_UC_LU || cat == LEDE_UC_LT || cat == LEDE_UC_LO;
}

static int starts_digit(const splitter *sp, size_t i)
{
    unsigned c = sp->s[sp->t[i].start];
    return c >= '0' && c <= '9';
}

static int word_flags(const splitter *sp, size_t i)
{
    return lede_word_flags((const char *)sp->s + sp->t[i].start, tok_len(sp, i));
}

static int terminal_type(const splitter *sp, size_t i)
{
    if (sp->t[i].cls != LEDE_TOK_PUNCT) return T_NONE;
    unsigned c = sp->s[sp->t[i].start];
    if (c == '.') return tok_len(sp, i) == 1 ? T_PERIOD : T_ELLIPSIS;
    if (c == '?' || c == '!') return T_QE;
    if (c < 0x80) return T_NONE;
    switch (first_cp(sp, i)) {
    case 0x2026: /* … */
        return T_ELLIPSIS;
    case 0x203C: case 0x203D: case 0x2047: case 0x2048: case 0x2049: /* ‼ ‽ ⁇ ⁈ ⁉ */
    case 0xFF01: case 0xFF1F: case 0x061F: /* ！ ？ ؟ */
        return T_QE;
    case 0x3002: case 0xFF61: case 0xFF0E: /* 。 ｡ ． */
    case 0x06D4: case 0x0964: case 0x0965: /* ۔ । ॥ */
        return T_PERIOD;
    default:
        return T_NONE;
    }
}

/* Closing quotes and brackets after terminal punctuation end with it. */
static int is_closer(const splitter *sp, size_t i)
{
    int cls = sp->t[i].cls;
    if (cls == LEDE_TOK_CLOSE_QUOTE) return 1;
    if (cls != LEDE_TOK_PUNCT) return 0;
    unsigned c = sp->s[sp->t[i].start];
    if (c == ')' || c == ']' || c == '}') return tok_len(sp, i) == 1;
    return c >= 0x80 && lede_unicode_category(first_cp(sp, i)) == LEDE_UC_PE;
}

/* An abbreviation token: a word whose last byte is its period. */
static int abbrev_kind(const splitter *sp, size_t i)
{
    if (sp->t[i].cls != LEDE_TOK_WORD || tok_len(sp, i) < 2 || sp->s[sp->t[i].end - 1] != '.')
        return LEDE_ABBR_NONE;
    int k = lede_abbrev_kind((const char *)sp->s + sp->t[i].start, tok_len(sp, i));
    return k ? k : LEDE_ABBR_PLAIN;
}

/* After a period: , ; : continue the sentence. */
static int continues_punct(const splitter *sp, size_t i)
{
    return sp->t[i].cls == LEDE_TOK_PUNCT && (is_char(sp, i, ',') || is_char(sp, i, ';') || is_char(sp, i, ':'));
}

/* A line ending with token i goes on in the next line. */
static int continues_line(const splitter *sp, size_t i)
{
    switch (sp->t[i].cls) {
    case LEDE_TOK_DASH:
    case LEDE_TOK_OPEN_QUOTE:
        return 1;
    case LEDE_TOK_PUNCT:
        return is_char(sp, i, ',') || is_char(sp, i, ';') || is_char(sp, i, ':') || is_char(sp, i, '(')
               || is_char(sp, i, '[');
    case LEDE_TOK_SYMBOL:
        return is_char(sp, i, '&');
    case LEDE_TOK_WORD:
        return starts_lower(sp, i) && (word_flags(sp, i) & LEDE_WORD_CONTINUATION);
    default:
        return 0;
    }
}

static int is_bullet(const splitter *sp, size_t i)
{
    int cls = sp->t[i].cls;
    if (cls != LEDE_TOK_PUNCT && cls != LEDE_TOK_SYMBOL) return 0;
    if (sp->s[sp->t[i].start] < 0x80) return 0;
    switch (first_cp(sp, i)) {
    case 0x2022: case 0x2023: case 0x2043: case 0x25AA: case 0x25A0: case 0x25CF: case 0x25E6:
        return 1;
    default:
        return 0;
    }
}

/*
** The number of tokens of a list marker starting at token i, which starts a
** line, or 0: a bullet, "*" or a dash, or a number of at most three digits
** with "." or ")" right after it, then white space and more of the line.
** A dash introduces an item only before a word that is not lowercase,
** unless the line before ended with ":" or was an item too (so that a
** hard-wrapped " - and" is not taken for a list).
*/
static size_t list_marker(const splitter *sp, size_t i, int after_colon_or_item)
{
    const lede_token *t = sp->t;
    size_t m = 0;
    if (is_bullet(sp, i) || (t[i].cls == LEDE_TOK_SYMBOL && is_char(sp, i, '*'))) {
        m = 1;
    } else if (t[i].cls == LEDE_TOK_DASH) {
        m = 1;
        if (i + 1 < sp->n && starts_lower(sp, i + 1) && !after_colon_or_item) return 0;
    } else if (t[i].cls == LEDE_TOK_NUMBER && tok_len(sp, i) <= 3 && i + 1 < sp->n
               && t[i + 1].start == t[i].end && t[i + 1].cls == LEDE_TOK_PUNCT
               && (is_char(sp, i + 1, '.') || is_char(sp, i + 1, ')'))) {
        for (int32_t p = t[i].start; p < t[i].end; p++)
            if (sp->s[p] < '0' || sp->s[p] > '9') return 0;
        m = 2;
    }
    if (!m || i + m >= sp->n) return 0;
    if (t[i + m].start == t[i + m - 1].end || gap_nl(sp, i + m - 1) != 0) return 0;
    return m;
}

static int is_alnum_ascii(unsigned c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Code points in s[a..b): how wide a line is for a wrapping program. */
static int32_t width_of(const unsigned char *s, size_t a, size_t b)
{
    int32_t w = 0;
    for (size_t p = a; p < b; p++) w += (s[p] & 0xC0) != 0x80;
    return w;
}

/*
** Whether the text is hard-wrapped: somewhere a line ending in a word, a
** number, a comma or a hyphen is followed by one starting in lowercase. If so, also the width
** it is wrapped at (its longest line without trailing space, in code
** points). Computed on first use; memchr makes it cheap.
*/
static int text_wrapped(splitter *sp)
{
    if (sp->wrap_known) return sp->wrapped;
    const unsigned char *s = sp->s;
    size_t len = sp->len;
    int wrapped = 0;
    const unsigned char *p = memchr(s, '\n', len);
    while (p && !wrapped) {
        size_t nl = (size_t)(p - s);
        if (nl + 1 < len && s[nl + 1] >= 'a' && s[nl + 1] <= 'z') {
            size_t q = nl;
            while (q > 0 && (s[q - 1] == ' ' || s[q - 1] == '\t' || s[q - 1] == '\r')) q--;
            /* a line ending in a word, digit, comma or hyphen; after a
            ** closing quote a lowercase line may be an attribution */
            if (q > 0 && (is_alnum_ascii(s[q - 1]) || s[q - 1] == ',' || s[q - 1] == ';' || s[q - 1] == '-'))
                wrapped = 1;
        }
        p = nl + 1 < len ? memchr(s + nl + 1, '\n', len - nl - 1) : NULL;
    }
    int32_t width = 0;
    for (size_t a = 0; wrapped && a < len;) {
        const unsigned char *e = memchr(s + a, '\n', len - a);
        size_t b = e ? (size_t)(e - s) : len, c = b;
        while (c > a && (s[c - 1] == ' ' || s[c - 1] == '\t' || s[c - 1] == '\r')) c--;
        int32_t w = width_of(s, a, c);
        if (w > width) width = w;
        a = b + 1;
    }
    sp->wrapped = wrapped;
    sp->width = width;
    sp->wrap_known = 1;
    return wrapped;
}

/*
** Whether the line break after token i (the line starting at token first,
** the next one at token k) was made by a program wrapping the text: only
** when the text is hard-wrapped, and the next line's first word would not
** have fitted on this line. A short line (a subhead, a byline) in wrapped
** text ends where its author ended it.
*/
static int wrap_break(splitter *sp, size_t first, size_t i, size_t k)
{
    if (!text_wrapped(sp)) return 0;
    const unsigned char *s = sp->s;
    size_t a = (size_t)sp->t[first].start, we = (size_t)sp->t[k].start;
    while (a > 0 && s[a - 1] != '\n') a--;
    while (we < sp->len && s[we] != ' ' && s[we] != '\t' && s[we] != '\n' && s[we] != '\r') we++;
    int32_t w = width_of(s, a, (size_t)sp->t[i].end) + 1 + width_of(s, (size_t)sp->t[k].start, we);
    return w > sp->width;
}

/*
** Decides whether a sentence ends after token i. A terminal cluster may
** take in further tokens: *last is set to the last token of the sentence
** so far, *nl to the newlines after it.
*/
static int ends_after(splitter *sp, size_t i, size_t line_first, int line_item, size_t *last, int *nl)
{
    const lede_token *t = sp->t;
    size_t n = sp->n;
    int type = terminal_type(sp, i);
    int kind = type ? LEDE_ABBR_NONE : abbrev_kind(sp, i);
    *last = i;
    *nl = gap_nl(sp, i);

    if (kind && *nl == 0 && i + 1 < n && t[i + 1].start == t[i].end
        && (terminal_type(sp, i + 1) || is_closer(sp, i + 1))) {
        /* U.S.? or U.S." -- the abbreviation's period ends the sentence too */
        kind = LEDE_ABBR_NONE;
        type = T_PERIOD;
    }

    if (type) {
        int periods = type == T_PERIOD, qe = type == T_QE, ell = type == T_ELLIPSIS;
        size_t j = i;
        while (j + 1 < n && *nl == 0) {
            int tt = terminal_type(sp, j + 1);
            if (!tt && !is_closer(sp, j + 1)) break;
            j++;
            periods += tt == T_PERIOD;
            qe |= tt == T_QE;
            ell |= tt == T_ELLIPSIS;
            *nl = gap_nl(sp, j);
        }
        *last = j;
        if (*nl >= 2) return 1;
        size_t k = j + 1;
        if (qe) type = T_QE;
        else if (ell || periods >= 2) type = T_ELLIPSIS;
        else type = T_PERIOD;
        if (type == T_ELLIPSIS) {
            if (starts_upper(sp, k)) return 1;
            if ((t[k].cls == LEDE_TOK_OPEN_QUOTE || is_char(sp, k, '(')) && k + 1 < n && starts_upper(sp, k + 1))
                return 1;
            return *nl == 1 && !starts_lower(sp, k) && !wrap_break(sp, line_first, j, k);
        }
        return !starts_lower(sp, k) && !continues_punct(sp, k);
    }

    if (*nl >= 2) return 1;
    size_t k = i + 1;

    if (kind) {
        if (kind == LEDE_ABBR_TITLE) return 0;
        if (*nl == 1 && !starts_lower(sp, k) && !wrap_break(sp, line_first, i, k)) return 1;
        switch (kind) {
        case LEDE_ABBR_NUMBER:
            if (starts_digit(sp, k)) return 0;
            return !starts_lower(sp, k) && !continues_punct(sp, k);
        case LEDE_ABBR_TIME:
            return starts_upper(sp, k) && !(word_flags(sp, k) & LEDE_WORD_TIMEWORD);
        default:
            return starts_upper(sp, k) && (word_flags(sp, k) & LEDE_WORD_STARTER);
        }
    }

    if (*nl == 1) {
        /* a line without terminal punctuation: headline, byline, subhead? */
        if (line_continues(sp, k) || continues_line(sp, i)) return 0;
        return line_item || !wrap_break(sp, line_first, i, k);
    }
    return 0;
}

/*
** What the hot loop looks at: the last byte of a token. For a word, a
** period there (an abbreviation) needs a closer look (bit 1); for
** punctuation and symbols, . ? ! or any byte of a non-ASCII character
** (ellipsis, CJK full stop, bullets) does (bit 2). Other classes never
** end a sentence by themselves.
*/
static const unsigned char last_byte[256] = {
    ['.'] = 3, ['?'] = 2, ['!'] = 2,
    [0x80] = 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* Which bits of last_byte matter, by class. */
static const unsigned char class_bits[16] = {
    [LEDE_TOK_WORD] = 1, [LEDE_TOK_PUNCT] = 2, [LEDE_TOK_SYMBOL] = 2,
};

/*
** The first token from i on that may end a sentence or has a line break
** after it: everything before it just joins the current sentence. The hot
** loop of the splitter: two table lookups and one well-predicted branch
** per token. `brk` is the offset of the first newline after token i
** (tokens never hold one); with rare_breaks every gap is looked at.
*/
static size_t skip_plain(const unsigned char *restrict s, const lede_token *restrict t, size_t i, size_t n,
                         size_t brk, int rare_breaks)
{
    if (!rare_breaks) {
        for (; i + 1 < n; i++) {
            unsigned hot = class_bits[t[i].cls & 15] & last_byte[s[t[i].end - 1]];
            if (hot | ((size_t)t[i + 1].start > brk)) break;
        }
        return i;
    }
    for (; i + 1 < n; i++) {
        int32_t e = t[i].end, g = t[i + 1].start - e;
        unsigned hot = class_bits[t[i].cls & 15] & last_byte[s[e - 1]];
        unsigned space_after = (g == 0) | ((g == 1) & (s[e] == ' '));
        if (hot | (space_after ^ 1u)) break;
    }
    return i;
}

/* Whether line breaks other than \n occur: a lone \r, \f, U+0085, U+2028
** or U+2029. Then the splitter looks at every gap between tokens. */
static int has_rare_breaks(const unsigned char *s, size_t len)
{
    if (memchr(s, '\r', len) || memchr(s, '\f', len)) return 1;
    for (const unsigned char *p = memchr(s, 0xC2, len); p; p = memchr(p + 1, 0xC2, len - (size_t)(p + 1 - s)))
        if ((size_t)(p - s) + 1 < len && p[1] == 0x85) return 1;
    for (const unsigned char *p = memchr(s, 0xE2, len); p; p = memchr(p + 1, 0xE2, len - (size_t)(p + 1 - s)))
        if ((size_t)(p - s) + 2 < len && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) return 1;
    return 0;
}

int lede_sentences_tok(const char *text, size_t len, const lede_token *t, size_t n,
                       void *ctx, lede_range_fn fn)
{
    if (!fn || (n && (!t || !text))) return LEDE_EUSAGE;
    /* Tokens from a store could be damaged: refuse any that are out of
    ** order or outside the text rather than read past it. */
    unsigned bad = n && t[0].start < 0;
    for (size_t k = 0; k + 1 < n; k++)
        bad |= (t[k].end <= t[k].start) | (t[k + 1].start < t[k].end);
    if (bad || (n && (t[n - 1].end <= t[n - 1].start || (size_t)t[n - 1].end > len))) return LEDE_EUSAGE;
    splitter sp = {(const unsigned char *)text, len, t, n, 0, 0, 0};
    const unsigned char *s = sp.s;
    size_t first = NONE;
    int nl_before = 2;        /* the start of the text is a paragraph start */
    size_t line_first = 0;
    int line_item = 0, prev_item = 0, prev_colon = 0;
    int rc;
    size_t i = 0;
    int rare = n ? has_rare_breaks(s, len) : 0;
    size_t brk = 0; /* the first newline at or after the token being looked at */

#define EMIT(a, b)                                                  \
    do {                                                            \
        if ((rc = fn(ctx, t[(a)].start, t[(b)].end)) != 0) return rc; \
    } while (0)

    while (i < n) {
        if (nl_before >= 2) {
            prev_colon = 0;
            line_item = 0;
        }
        if (nl_before >= 1) {
            line_first = i;
            prev_item = line_item;
            line_item = 0;
            size_t m = list_marker(&sp, i, prev_colon || prev_item);
            if (m) {
                if (first != NONE) EMIT(first, i - 1);
                first = NONE;
                line_item = 1;
                i += m;
                nl_before = 0;
                continue;
            }
        } else if (i > 0 && is_bullet(&sp, i) && t[i].start > t[i - 1].end && i + 1 < n
                   && t[i + 1].start > t[i].end && gap_nl(&sp, i) == 0) {
            /* • Source 1 • Source 2 */
            if (first != NONE) EMIT(first, i - 1);
            first = NONE;
            i++;
            continue;
        }
        if (first == NONE) first = i;
        /* Fast path: most tokens cannot end a sentence and are followed by
        ** a space or nothing on the same line. Stops at anything else,
        ** bullets included (they fail the test as non-ASCII punctuation). */
        if (!rare && brk < (size_t)t[i].start) {
            const unsigned char *nlp = memchr(s + t[i].start, '\n', len - (size_t)t[i].start);
            brk = nlp ? (size_t)(nlp - s) : len;
        }
        i = skip_plain(s, t, i, n, brk, rare);
        if (i > first && is_bullet(&sp, i) && t[i].start > t[i - 1].end && i + 1 < n
            && t[i + 1].start > t[i].end && gap_nl(&sp, i) == 0) {
            EMIT(first, i - 1);
            first = NONE;
            i++;
            nl_before = 0;
            continue;
        }
        size_t last;
        int nl;
        if (ends_after(&sp, i, line_first, line_item, &last, &nl)) {
            EMIT(first, last);
            first = NONE;
        }
        if (nl >= 1) prev_colon = is_char(&sp, last, ':');
        nl_before = nl;
        i = last + 1;
    }
    if (first != NONE) EMIT(first, n - 1);
#undef EMIT
    return LEDE_OK;
}

int lede_sentences(const char *text, size_t len, void *ctx, lede_range_fn fn)
{
    if (!fn || (len && !text)) return LEDE_EUSAGE;
    lede_tokens toks = {NULL, 0, 0};
    int rc = lede_tokens_fill(&toks, text, len);
    if (rc == LEDE_OK) rc = lede_sentences_tok(text, len, toks.v, toks.n, ctx, fn);
    lede_tokens_free(&toks);
    return rc;
}
