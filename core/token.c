/*
** token.c -- the tokenizer (lede_tokenize in lede.h, the rest in token.h).
**
** Promises: every byte of the text that is not white space belongs to
** exactly one token; tokens come in text order with 0-based half-open byte
** offsets and never overlap; nothing is allocated per token (the FOLD
** flag reuses one buffer); invalid UTF-8 bytes become one-byte symbols.
**
** What a token is (news English first, any script handled):
**   - words keep inner hyphens and apostrophes (al-Sisi, don't, O'Brien) and
**     the period of abbreviations and initials (U.S., Dr., A.); a possessive
**     's / 's / plural ' is a token of its own (LEDE_TOK_POSSESSIVE), but
**     it's, there's, what's ... stay whole (data/abbreviations.txt);
**   - numbers keep inner , . : / - and a final % (37,000 1.5 10:30
**     2024-10-29 63%); a currency sign is a separate symbol ($ then 1.2),
**     so that searching 1.2 finds $1.2; digits followed by letters make a
**     word (1990s, 17-year);
**   - http://, https:// and www. URLs and e-mail addresses are one token,
**     without trailing punctuation;
**   - straight quotes are opening after space, start, an opening bracket,
**     quote or dash, closing otherwise; curly quotes go by their shape,
**     except an apostrophe inside a word, the leading one of '90s, and a
**     left double quote glued to the end of a word (German „...“) or a
**     right one opening a word after a space (Swedish ”...”);
**   - dashes (spaced or doubled hyphens, en/em dashes, minus) are
**     LEDE_TOK_DASH; a run of periods is one punctuation token (...);
**   - CJK and Tangut ideographs are one word each (no dictionary
**     segmentation); other scripts split at spaces and punctuation, with
**     combining marks kept in their word.
**
** White space is ASCII space, Unicode Zs/Zl/Zp, and format characters
** (zero-width space, bidi marks) that stand between words; _ is punctuation.
**
** Speed: plain words (a space, ASCII letters, a space or , ; ...) are found
** by a small loop that reads eight bytes at a time; everything else goes
** through the full scanner, whose ASCII path runs on 256-entry byte-class
** tables and whose other characters go through the generated Unicode
** tables (unicode.c).
*/
#include "token.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "unicode.h"
#include "utf8.h"

#define BC_SPACE 0x01
#define BC_LOWER 0x02
#define BC_UPPER 0x04
#define BC_DIGIT 0x08
#define BC_HIGH 0x10
#define BC_END 0x20 /* always ends a run of letters: , ; : ! ? ( ) [ ] { } " */
#define BC_STOP 0x40 /* anything but an ASCII letter or digit */
#define BC_ALPHA (BC_LOWER | BC_UPPER)
#define BC_ALNUM (BC_ALPHA | BC_DIGIT)

static const uint8_t bclass[256] = {
    64, 64, 64, 64, 64, 64, 64, 64, 64, 65, 65, 65, 65, 65, 64, 64,
    64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
    65, 96, 96, 64, 64, 64, 64, 64, 96, 96, 64, 64, 96, 64, 64, 64,
     8,  8,  8,  8,  8,  8,  8,  8,  8,  8, 96, 96, 64, 64, 64, 96,
    64,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,
     4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4, 96, 64, 96, 64, 64,
    64,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,
     2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2, 96, 64, 96, 64, 64,
    80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80,
    80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80,
    80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80,
    80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80,
    80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80,
    80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80,
    80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80,
    80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80,
};

/* The class of an ASCII byte starting a token that is neither a letter,
** a digit nor space: LEDE_TOK_PUNCT (3) for , ; : ! ? ( ) [ ] { } _,
** LEDE_TOK_SYMBOL (7) for the rest, 0 for . " ' - which need context. */
static const uint8_t ascii_cls[128] = {
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 3, 0, 7, 7, 7, 7, 0, 3, 3, 7, 7, 3, 0, 0, 7,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 3, 3, 7, 7, 7, 3,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 3, 7, 3, 7, 3,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 3, 7, 3, 7, 7,
};

#if defined(__GNUC__)
#define ALWAYS_INLINE __attribute__((always_inline)) inline
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define ALWAYS_INLINE inline
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#endif

_Static_assert(LEDE_TOK_PUNCT == 3 && LEDE_TOK_SYMBOL == 7, "ascii_cls holds the class numbers");

typedef struct scanner {
    const unsigned char *s;
    size_t len;
    size_t p;          /* where scanning resumes */
    size_t prev_end;   /* end of the previous token (0 before the first) */
    int prev_cls;      /* its class, 0 before the first */
    int single_open;   /* an opening single quote is waiting for its close */
    size_t tok_start, tok_end; /* the last token found by next_token_full */
} scanner;

/* The code point at p and its length (U+FFFD, 1 for an invalid byte):
** two- and three-byte sequences inline, the rest by utf8.c. */
static inline uint32_t decode(const unsigned char *s, size_t len, size_t p, size_t *n)
{
    unsigned c = s[p];
    if (c >= 0xC2 && c < 0xE0 && p + 1 < len && (s[p + 1] & 0xC0) == 0x80) {
        *n = 2;
        return ((uint32_t)(c & 0x1F) << 6) | (s[p + 1] & 0x3F);
    }
    /* E0 and ED have narrower second bytes (overlongs, surrogates). */
    if (c > 0xE0 && c < 0xF0 && c != 0xED && p + 2 < len && (s[p + 1] & 0xC0) == 0x80
        && (s[p + 2] & 0xC0) == 0x80) {
        *n = 3;
        return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[p + 1] & 0x3F) << 6) | (s[p + 2] & 0x3F);
    }
    uint32_t cp;
    *n = (size_t)lede_utf8_decode((const char *)s, len, p, &cp);
    return cp;
}

/* True for an invalid byte: decode gives U+FFFD with length 1. */
#define INVALID(cp, n) ((cp) == 0xFFFD && (n) == 1)

static int is_space_cp(uint32_t cp, int cat)
{
    /* Format characters (bidi marks, zero-width space, BOM) standing alone
    ** separate words as white space does; inside a word they join. */
    return LEDE_UC_IS_SPACE(cat) || cat == LEDE_UC_CF || cp == 0x85;
}

/* Letters, marks and numbers other than ideographs make up words. */
static int is_word_cp(uint32_t cp, int cat)
{
    return (LEDE_UC_IS_LETTER(cat) || LEDE_UC_IS_MARK(cat) || LEDE_UC_IS_NUMBER(cat))
           && !lede_unicode_is_ideograph(cp);
}

/* Length of the word character at p, or 0. */
static size_t wordch_at(const unsigned char *s, size_t len, size_t p)
{
    if (p >= len) return 0;
    if (bclass[s[p]] & BC_ALNUM) return 1;
    if (s[p] < 0x80) return 0;
    size_t n;
    uint32_t cp = decode(s, len, p, &n);
    if (INVALID(cp, n)) return 0;
    return is_word_cp(cp, lede_unicode_category(cp)) ? n : 0;
}

/* Length of the letter at p, or 0. */
static size_t letter_at(const unsigned char *s, size_t len, size_t p)
{
    if (p >= len) return 0;
    if (bclass[s[p]] & BC_ALPHA) return 1;
    if (s[p] < 0x80) return 0;
    size_t n;
    uint32_t cp = decode(s, len, p, &n);
    if (INVALID(cp, n)) return 0;
    int cat = lede_unicode_category(cp);
    return LEDE_UC_IS_LETTER(cat) && !lede_unicode_is_ideograph(cp) ? n : 0;
}

/* Length of an apostrophe (' or U+2019) at p, or 0. */
static size_t apostrophe_at(const unsigned char *s, size_t len, size_t p)
{
    if (p >= len) return 0;
    if (s[p] == '\'') return 1;
    if (s[p] == 0xE2 && p + 2 < len && s[p + 1] == 0x80 && s[p + 2] == 0x99) return 3;
    return 0;
}

static int is_hebrew_letter_at(const unsigned char *s, size_t len, size_t p)
{
    return p + 1 < len && s[p] == 0xD7 && s[p + 1] >= 0x90 && s[p + 1] <= 0xAA;
}

/* The category of the code point ending just before p (for quote context);
** -1 at the start of the text. */
static int prev_cp_cat(const unsigned char *s, size_t len, size_t p, uint32_t *cpo)
{
    if (p == 0) return -1;
    size_t q = p - 1;
    if (s[q] < 0x80) {
        *cpo = s[q];
        return lede_unicode_category(s[q]);
    }
    while (q > 0 && p - q < 4 && (s[q] & 0xC0) == 0x80) q--;
    size_t n;
    uint32_t cp = decode(s, len, q, &n);
    if (q + n != p) cp = 0xFFFD;
    *cpo = cp;
    return lede_unicode_category(cp);
}

/* Whether a straight quote at p opens: after the start, space, an opening
** bracket or quote, or a dash. */
static int quote_opens(const unsigned char *s, size_t len, size_t p)
{
    uint32_t cp = 0;
    int cat = prev_cp_cat(s, len, p, &cp);
    if (cat < 0) return 1;
    if (cp < 0x80) {
        if (bclass[cp] & BC_SPACE) return 1;
        return cp == '(' || cp == '[' || cp == '{' || cp == '-' || cp == '/' || cp == '"';
    }
    return is_space_cp(cp, cat) || cat == LEDE_UC_PS || cat == LEDE_UC_PI || cat == LEDE_UC_PD;
}

/*
** The end of an e-mail address starting at `start`, or 0: a local part of
** [A-Za-z0-9._%+-], '@', then two or more dot-separated labels of
** [A-Za-z0-9-], the last of at least two letters.
*/
static size_t email_end(const unsigned char *s, size_t len, size_t start)
{
    size_t p = start;
    while (p < len && ((bclass[s[p]] & BC_ALNUM) || s[p] == '.' || s[p] == '_' || s[p] == '%'
                       || s[p] == '+' || s[p] == '-'))
        p++;
    if (p == start || p >= len || s[p] != '@' || s[p - 1] == '.') return 0;
    p++;
    size_t labels = 0, end = 0, last_alpha = 0;
    for (;;) {
        size_t a = p, alpha = 1;
        while (p < len && ((bclass[s[p]] & BC_ALNUM) || s[p] == '-')) {
            if (!(bclass[s[p]] & BC_ALPHA)) alpha = 0;
            p++;
        }
        if (p == a) break;
        labels++;
        end = p;
        last_alpha = alpha && p - a >= 2;
        if (p + 1 < len && s[p] == '.' && (bclass[s[p + 1]] & BC_ALNUM)) p++;
        else break;
    }
    return labels >= 2 && last_alpha ? end : 0;
}

static int ci_prefix(const unsigned char *s, size_t len, size_t p, const char *pre)
{
    size_t n = strlen(pre);
    if (len - p < n) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[p + i];
        if (c >= 'A' && c <= 'Z') c += 32;
        if (c != (unsigned char)pre[i]) return 0;
    }
    return 1;
}

/*
** The end of a URL starting at p (http://, https://, www.), or 0. It runs to
** white space, a quote or angle bracket, or a non-ASCII character that is
** not a letter, mark or digit; trailing punctuation and unbalanced closing
** brackets are left out.
*/
static size_t url_end(const unsigned char *s, size_t len, size_t p)
{
    size_t body;
    if (ci_prefix(s, len, p, "http://")) body = p + 7;
    else if (ci_prefix(s, len, p, "https://")) body = p + 8;
    else if (ci_prefix(s, len, p, "www.")) body = p + 4;
    else return 0;
    size_t q = body;
    int paren = 0, bracket = 0;
    while (q < len) {
        unsigned c = s[q];
        if (c < 0x80) {
            if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == '"') break;
            if (c == '(') paren++;
            else if (c == ')') paren--;
            else if (c == '[') bracket++;
            else if (c == ']') bracket--;
            q++;
        } else {
            size_t n;
            uint32_t cp = decode(s, len, q, &n);
            if (INVALID(cp, n) || !is_word_cp(cp, lede_unicode_category(cp))) break;
            q += n;
        }
    }
    while (q > body) {
        unsigned c = s[q - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'') q--;
        else if (c == ')' && paren < 0) { paren++; q--; }
        else if (c == ']' && bracket < 0) { bracket++; q--; }
        else break;
    }
    if (q == body || !(bclass[s[body]] & BC_ALNUM)) return 0;
    return q;
}

/*
** Where an abbreviation of the ASCII letters s[start..p) ends (just past
** its period; s[p] is '.'), or 0. Listed forms win (longest first, Ph.D.);
** otherwise a run of single letters with periods (U.S., a.m., N.A.T.O.)
** or a single capital (an initial).
*/
static size_t abbrev_end(const unsigned char *s, size_t len, size_t start, size_t p)
{
    size_t dots[8];
    int nd = 0, singles = 0, single = p - start == 1;
    dots[nd++] = p;
    if (single) singles = 1;
    size_t q = p;
    while (nd < 8) {
        size_t a = q + 1, r = a;
        while (r < len && r - a < 4 && (bclass[s[r]] & BC_ALPHA)) r++;
        if (r == a || r - a > 3 || r >= len || s[r] != '.') break;
        q = r;
        dots[nd++] = q;
        if (single && r - a == 1) singles = nd;
        else single = 0;
    }
    for (int k = nd; k-- > 0;) {
        if (dots[k] + 1 - start > 31) continue;
        if (lede_abbrev_kind((const char *)s + start, dots[k] + 1 - start) != LEDE_ABBR_NONE)
            return dots[k] + 1;
    }
    if (singles >= 2) return dots[singles - 1] + 1;
    if (p - start == 1 && (bclass[s[start]] & BC_UPPER)) return p + 1;
    return 0;
}

/*
** The end of the run of ASCII letters and digits starting at q; when acc is
** not NULL, BC_ALPHA and BC_DIGIT are added to it for what the run holds.
** Eight bytes at a time where the byte order allows: one branch per word
** instead of one per byte keeps the branch predictor out of the way of
** varied text.
*/
ALWAYS_INLINE static size_t alnum_run(const unsigned char *s, size_t len, size_t q, uint8_t *acc)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    while (q + 8 <= len) {
        uint64_t x;
        memcpy(&x, s + q, 8);
        /* Per byte: the high bit of x + (0x80 - lo) is set when x >= lo,
        ** that of x + (0x7F - hi) when x > hi. A byte >= 0x80 may carry
        ** into the bytes after it, but it stops the run itself, and only
        ** the bytes before the first stop are used. */
        uint64_t l = x | 0x20 * ones;
        uint64_t dig = (x + 0x50 * ones) & ~(x + 0x46 * ones); /* '0'..'9' */
        uint64_t alp = (l + 0x1F * ones) & ~(l + 0x05 * ones); /* letters, folded to 'a'..'z' */
        uint64_t stop = (~(dig | alp) | x) & high;
        uint64_t used = stop ? ((stop & (0 - stop)) - 1) & high : high; /* bytes before the stop */
        if (acc) {
            if (dig & used) *acc |= BC_DIGIT;
            if (alp & used) *acc |= BC_ALPHA;
        }
        if (LIKELY(stop)) return q + ((unsigned)__builtin_ctzll(stop) >> 3);
        q += 8;
    }
#endif
    while (q < len && !(bclass[s[q]] & BC_STOP)) {
        if (acc) *acc |= bclass[s[q]];
        q++;
    }
    return q;
}

/*
** Scans a word or number whose first character is at `from` (the token
** starts at `start`, earlier only for a leading apostrophe as in '90s).
** Sets *end and returns the class (LEDE_TOK_WORD, _NUMBER or _URL).
*/
static int scan_word(const unsigned char *s, size_t len, size_t start, size_t from, size_t *end)
{
    size_t p = from;
    int letters = 0;      /* saw a letter: a word, not a number */
    int plain = start == from; /* only ASCII letters so far: may be an abbreviation */
    int digits_only = 1;  /* only digits and number separators so far */
    size_t nchars = 0;    /* code points so far (one capital: an initial) */
    int upper1 = 0;
    for (;;) {
        /* A run of ASCII letters and digits, classes accumulated. */
        size_t run = p;
        uint8_t acc = 0;
        p = alnum_run(s, len, p, &acc);
        if (p > run) {
            if (nchars == 0) upper1 = (bclass[s[run]] & BC_UPPER) != 0;
            nchars += p - run;
            if (acc & BC_ALPHA) {
                letters = 1;
                digits_only = 0;
            }
            if (acc & BC_DIGIT) plain = 0;
        }
        if (p >= len) break;
        unsigned c = s[p];
        if (c >= 0x80) {
            size_t n;
            uint32_t cp = decode(s, len, p, &n);
            if (INVALID(cp, n)) break;
            if (cp >= 0x2000 && cp <= 0x206F) {
                /* General Punctuation holds no word character: only the
                ** apostrophe, hyphens and invisible joiners go on a word. */
                if (cp == 0x2019) goto apostrophe;
                int joins = cp == 0x2010 || cp == 0x2011 || (cp >= 0x200C && cp <= 0x200F)
                            || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F && cp != 0x2065);
                if (joins && wordch_at(s, len, p + n)) {
                    plain = 0;
                    digits_only = 0;
                    p += n;
                    continue;
                }
                break;
            }
            int cat = lede_unicode_category(cp);
            if (is_word_cp(cp, cat)) {
                if (LEDE_UC_IS_LETTER(cat)) {
                    if (nchars == 0) upper1 = cat == LEDE_UC_LU || cat == LEDE_UC_LT;
                    letters = 1;
                    digits_only = 0;
                }
                if (!LEDE_UC_IS_MARK(cat)) nchars++;
                plain = 0;
                p += n;
                continue;
            }
            if (cp == 0x2019) goto apostrophe;
            if (cp == 0x2010 || cp == 0x2011 || (cat == LEDE_UC_CF && cp != 0x200B && cp != 0xFEFF)) {
                /* Unicode hyphens, soft hyphen, joiners: inside a word only
                ** (a zero-width space is a space; U+FEFF was one too). */
                if (wordch_at(s, len, p + n)) {
                    plain = 0;
                    digits_only = 0;
                    p += n;
                    continue;
                }
                break;
            }
            if ((cp == 0x05F3 || cp == 0x05F4) && is_hebrew_letter_at(s, len, p + n)) {
                p += n;
                continue;
            }
            break;
        }
        /* What joins this run to the next, if anything. */
        if (digits_only && (c == ',' || c == '.' || c == ':' || c == '/' || c == '-')
            && p + 1 < len && (bclass[s[p + 1]] & BC_DIGIT)) {
            p++;
            continue;
        }
        if (digits_only && c == '%') {
            p++;
            break;
        }
        if (c == '-') {
            if (wordch_at(s, len, p + 1)) {
                plain = 0;
                digits_only = 0;
                p++;
                continue;
            }
            break;
        }
        if (c == '\'') {
        apostrophe:;
            size_t q = p + apostrophe_at(s, len, p);
            if (q < len && (s[q] == 's' || s[q] == 'S') && !wordch_at(s, len, q + 1)) {
                /* 's: a possessive, the next token, unless a contraction. */
                if (letters && (lede_word_flags((const char *)s + start, p - start) & LEDE_WORD_CONTRACTION))
                    p = q + 1;
                break;
            }
            if (letters && letter_at(s, len, q)) {
                plain = 0;
                digits_only = 0;
                p = q;
                continue;
            }
            break;
        }
        if (c == '.') {
            if (plain && letters) {
                size_t e = abbrev_end(s, len, start, p);
                if (e) {
                    p = e;
                    /* the U.S.-brokered deal */
                    if (p < len && s[p] == '-' && wordch_at(s, len, p + 1)) {
                        plain = 0;
                        digits_only = 0;
                        p++;
                        continue;
                    }
                    break;
                }
            } else if (nchars == 1 && upper1 && letters) {
                p++; /* a capital initial outside ASCII: Ö. */
                break;
            }
            if (p + 1 < len && (bclass[s[p + 1]] & BC_ALNUM)) {
                size_t e = email_end(s, len, start);
                if (e) {
                    *end = e;
                    return LEDE_TOK_URL;
                }
            }
            break;
        }
        if (c == '@') {
            size_t e = email_end(s, len, start);
            if (e) {
                *end = e;
                return LEDE_TOK_URL;
            }
            break;
        }
        if (c == '"' && p >= 2 && is_hebrew_letter_at(s, len, p - 2) && is_hebrew_letter_at(s, len, p + 1)) {
            /* Hebrew acronyms are written with a quote inside. */
            p++;
            continue;
        }
        break;
    }
    *end = p;
    return letters ? LEDE_TOK_WORD : LEDE_TOK_NUMBER;
}

/* Extends a symbol or punctuation token over combining marks and emoji
** ZWJ sequences that follow it. */
static size_t absorb_marks(const unsigned char *s, size_t len, size_t p)
{
    while (p < len && s[p] >= 0x80) {
        size_t n;
        uint32_t cp = decode(s, len, p, &n);
        if (INVALID(cp, n)) break;
        int cat = lede_unicode_category(cp);
        if (LEDE_UC_IS_MARK(cat)) {
            p += n;
            continue;
        }
        if (cp == 0x200D && p + n < len && s[p + n] >= 0x80) {
            size_t m;
            uint32_t next = decode(s, len, p + n, &m);
            if (!INVALID(next, m) && lede_unicode_category(next) == LEDE_UC_SO) {
                p += n + m;
                continue;
            }
        }
        break;
    }
    return p;
}

static int is_dash_cp(uint32_t cp)
{
    return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0x2E3A || cp == 0x2E3B
           || cp == 0xFE58 || cp == 0xFE63 || cp == 0xFF0D;
}

/* End of a run of dashes (hyphens and Unicode dashes) starting at p. */
static size_t dash_run(const unsigned char *s, size_t len, size_t p)
{
    while (p < len) {
        if (s[p] == '-') {
            p++;
            continue;
        }
        if (s[p] < 0x80) break;
        size_t n;
        uint32_t cp = decode(s, len, p, &n);
        if (!is_dash_cp(cp)) break;
        p += n;
    }
    return p;
}

/*
** An apostrophe-like character at p (', U+2019 and, for '90s only, U+2018)
** starting a token: a possessive after a word, the start of '90s, or a quote.
*/
static int scan_apostrophe(scanner *sc, size_t p, size_t al, uint32_t cp, size_t *end)
{
    const unsigned char *s = sc->s;
    size_t len = sc->len, q = p + al;
    int adjacent = sc->prev_end == p && p > 0
                   && (sc->prev_cls == LEDE_TOK_WORD || sc->prev_cls == LEDE_TOK_NUMBER);
    if (cp != 0x2018 && adjacent) {
        if (q < len && (s[q] == 's' || s[q] == 'S') && !wordch_at(s, len, q + 1)) {
            *end = q + 1;
            return LEDE_TOK_POSSESSIVE;
        }
        if ((s[p - 1] == 's' || s[p - 1] == 'S') && !wordch_at(s, len, q) && !sc->single_open) {
            *end = q;
            return LEDE_TOK_POSSESSIVE;
        }
    }
    /* '90s, '24: two digits, then s or the end of the word. */
    if (q + 1 < len && (bclass[s[q]] & BC_DIGIT) && (bclass[s[q + 1]] & BC_DIGIT)
        && !(q + 2 < len && (bclass[s[q + 2]] & BC_DIGIT))) {
        int s_after = q + 2 < len && s[q + 2] == 's';
        if (!adjacent && (s_after || (cp != 0x2018 && !wordch_at(s, len, q + 2))))
            return scan_word(s, len, p, q, end);
    }
    *end = q;
    int open;
    if (cp == 0x2018) open = 1;
    else if (cp == 0x2019) open = 0;
    else open = quote_opens(s, len, p);
    return open ? LEDE_TOK_OPEN_QUOTE : LEDE_TOK_CLOSE_QUOTE;
}

/* The next token at or after sc->p: its class (0 at the end of the text). */
ALWAYS_INLINE static int next_token(scanner *sc, size_t *tstart, size_t *tend)
{
    const unsigned char *s = sc->s;
    size_t len = sc->len, p = sc->p;
    int cls;
    size_t start, end;
    for (;;) {
        if (LIKELY(p + 1 < len && s[p] == ' ' && !(bclass[s[p + 1]] & BC_SPACE))) {
            p++; /* the usual single space */
        } else {
            while (p < len && (bclass[s[p]] & BC_SPACE)) {
                if (s[p] == '\n') sc->single_open = 0;
                p++;
            }
        }
        if (p >= len) {
            sc->p = p;
            return 0;
        }
        start = p;
        unsigned c = s[p];
        uint8_t b = bclass[c];
        if (LIKELY(b & BC_ALNUM)) {
            /* Fast path: a run of letters and digits up to white space or,
            ** after a letter, a byte that ends any word (for a number , : .
            ** may go on: 37,000). Everything else goes to scan_word. */
            if (LIKELY(b & BC_ALPHA)) {
                size_t q = alnum_run(s, len, p + 1, NULL);
                uint8_t stop = q < len ? bclass[s[q]] : BC_SPACE;
                if (LIKELY(stop & (BC_SPACE | BC_END))) {
                    if (LIKELY(q >= len || s[q] != ':' || (end = url_end(s, len, p)) == 0)) {
                        end = q;
                        cls = LEDE_TOK_WORD;
                        break;
                    }
                    cls = LEDE_TOK_URL;
                    break;
                }
            } else {
                uint8_t acc = 0;
                size_t q = alnum_run(s, len, p + 1, &acc);
                if (q >= len || (bclass[s[q]] & BC_SPACE)) {
                    end = q;
                    cls = acc & BC_ALPHA ? LEDE_TOK_WORD : LEDE_TOK_NUMBER;
                    break;
                }
            }
            unsigned c2 = s[p + 1] | 0x20u;
            if ((((c | 0x20u) == 'h' && c2 == 't') || ((c | 0x20u) == 'w' && c2 == 'w'))
                && (end = url_end(s, len, p)) != 0) {
                cls = LEDE_TOK_URL;
                break;
            }
            cls = scan_word(s, len, p, p, &end);
            break;
        }
        if (c < 0x80) {
            /* A table instead of a switch: an indirect jump per punctuation
            ** mark would be mispredicted a third of the time. */
            end = p + 1;
            cls = ascii_cls[c];
            if (cls) break;
            if (c == '.') {
                while (end < len && s[end] == '.') end++;
                cls = LEDE_TOK_PUNCT;
            } else if (c == '"') {
                cls = quote_opens(s, len, p) ? LEDE_TOK_OPEN_QUOTE : LEDE_TOK_CLOSE_QUOTE;
            } else if (c == '\'') {
                cls = scan_apostrophe(sc, p, 1, '\'', &end);
            } else {
                end = dash_run(s, len, p);
                cls = LEDE_TOK_DASH;
            }
            break;
        }
        size_t n;
        uint32_t cp = decode(s, len, p, &n);
        if (INVALID(cp, n)) {
            end = p + 1;
            cls = LEDE_TOK_SYMBOL;
            break;
        }
        /* Quotes and dashes first: they are common and need no table. */
        cls = 0;
        switch (cp) {
        case 0x2019: case 0x2018:
            cls = scan_apostrophe(sc, p, n, cp, &end);
            break;
        case 0x201C:
            /* German closes with it: „Wir sind bereit.“ -- right after a
            ** non-space and before space or the end, it can only close. */
            end = p + n;
            cls = !quote_opens(s, len, p) && (end >= len || (bclass[s[end]] & BC_SPACE))
                      ? LEDE_TOK_CLOSE_QUOTE : LEDE_TOK_OPEN_QUOTE;
            break;
        case 0x201D:
            /* Swedish and Finnish open with it too: after space, before a word. */
            end = p + n;
            cls = quote_opens(s, len, p) && wordch_at(s, len, end) ? LEDE_TOK_OPEN_QUOTE
                                                                  : LEDE_TOK_CLOSE_QUOTE;
            break;
        case 0x201A: case 0x201B: case 0x201E: case 0x201F:
        case 0x00AB: case 0x2039: case 0x300C: case 0x300E:
            end = p + n;
            cls = LEDE_TOK_OPEN_QUOTE;
            break;
        case 0x00BB: case 0x203A: case 0x300D: case 0x300F:
            end = p + n;
            cls = LEDE_TOK_CLOSE_QUOTE;
            break;
        case 0xFF02:
            end = p + n;
            cls = quote_opens(s, len, p) ? LEDE_TOK_OPEN_QUOTE : LEDE_TOK_CLOSE_QUOTE;
            break;
        default:
            break;
        }
        if (cls) break;
        if (is_dash_cp(cp)) {
            end = dash_run(s, len, p);
            cls = LEDE_TOK_DASH;
            break;
        }
        int cat = lede_unicode_category(cp);
        if (is_space_cp(cp, cat)) {
            if (cat == LEDE_UC_ZL || cat == LEDE_UC_ZP || cp == 0x85) sc->single_open = 0;
            p += n;
            continue;
        }
        if (is_word_cp(cp, cat)) {
            cls = scan_word(s, len, p, p, &end);
            break;
        }
        if (lede_unicode_is_ideograph(cp)) {
            end = absorb_marks(s, len, p + n);
            cls = LEDE_TOK_WORD;
            break;
        }
        end = absorb_marks(s, len, p + n);
        cls = LEDE_UC_IS_PUNCT(cat) ? LEDE_TOK_PUNCT : LEDE_TOK_SYMBOL;
        break;
    }
    if (cls == LEDE_TOK_OPEN_QUOTE || cls == LEDE_TOK_CLOSE_QUOTE) {
        /* Only single quotes open or close the pending single quote. */
        if (s[start] == '\'' || (end - start == 3 && s[start] == 0xE2 && s[start + 1] == 0x80
                                 && (s[start + 2] == 0x98 || s[start + 2] == 0x99)))
            sc->single_open = cls == LEDE_TOK_OPEN_QUOTE;
    }
    sc->p = end;
    sc->prev_end = end;
    sc->prev_cls = cls;
    *tstart = start;
    *tend = end;
    return cls;
}

static void scanner_init(scanner *sc, const char *text, size_t len)
{
    sc->s = (const unsigned char *)text;
    sc->len = len;
    sc->p = 0;
    sc->prev_end = 0;
    sc->prev_cls = 0;
    sc->single_open = 0;
    sc->tok_start = sc->tok_end = 0;
}

/* ------------------------------------------------------------- folding */

int lede_fold(const char *str, size_t n, lede_buf *out)
{
    const unsigned char *s = (const unsigned char *)str;
    /* Folding at most triples a byte (an invalid byte becomes U+FFFD). */
    if (n > ((size_t)-1) / 3 - 1) return LEDE_ENOMEM;
    if (lede_buf_reserve(out, n * 3) != LEDE_OK) return LEDE_ENOMEM;
    char *o = out->p + out->n;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            *o++ = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            i++;
            continue;
        }
        size_t k;
        uint32_t cp = decode(s, n, i, &k);
        i += k;
        switch (cp) {
        case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2039: case 0x203A:
            *o++ = '\'';
            continue;
        case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB:
            *o++ = '"';
            continue;
        default:
            break;
        }
        if (is_dash_cp(cp)) {
            *o++ = '-';
            continue;
        }
        if (!INVALID(cp, k) && lede_unicode_category(cp) == LEDE_UC_CF) continue; /* invisible */
        o += lede_utf8_encode(lede_unicode_fold(cp), o);
    }
    out->n = (size_t)(o - out->p);
    out->p[out->n] = '\0';
    return LEDE_OK;
}

/* Whether s[0..n) is already in matching form (lowercase ASCII). */
static int needs_fold(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (bclass[s[i]] & (BC_UPPER | BC_HIGH)) return 1;
    return 0;
}

/* ------------------------------------------------------------- entry points */

/* Skips ASCII white space from p; a newline ends a pending single quote. */
ALWAYS_INLINE static size_t skip_space(const unsigned char *s, size_t len, size_t p, int *single_open)
{
    if (LIKELY(p + 1 < len && s[p] == ' ' && !(bclass[s[p + 1]] & BC_SPACE))) return p + 1;
    while (p < len && (bclass[s[p]] & BC_SPACE)) {
        if (s[p] == '\n') *single_open = 0;
        p++;
    }
    return p;
}

/*
** The common tokens of running text, found without the full scanner: a
** word of ASCII letters and digits that ends at white
** space, at , ; ! ? ( ) [ ] { } ", at a period that is not part of an
** abbreviation, before a possessive 's, a closing quote or a dash; a plain
** number; one-byte punctuation; a full stop; curly double quotes after a
** word or a space; a single en or em dash. s[p] is not white space.
** Returns the class and sets *end, or returns 0 for the full scanner,
** which gives the same answer the slow way. Kept small so that the
** compiler keeps the loops around it in registers.
*/
ALWAYS_INLINE static int fast_token(const unsigned char *s, size_t len, size_t p, size_t *end)
{
    unsigned c = s[p];
    uint8_t b = bclass[c];
    if (LIKELY(b & BC_ALPHA)) {
        size_t e = alnum_run(s, len, p + 1, NULL);
        if (e < len) {
            unsigned x = s[e];
            if (x == ':') return 0; /* http: */
            if (!(bclass[x] & (BC_SPACE | BC_END))) {
                if (x == '.') {
                    /* a full stop, unless U.S., Dr., an initial or an address */
                    if (e + 1 < len && (bclass[s[e + 1]] & BC_ALNUM)) return 0;
                    if (e - p == 1 && (b & BC_UPPER)) return 0;
                    if (lede_abbrev_kind((const char *)s + p, e + 1 - p) != LEDE_ABBR_NONE) return 0;
                } else if (x == 0xE2 && e + 2 < len && s[e + 1] == 0x80) {
                    unsigned y = s[e + 2];
                    if (y == 0x99) {
                        /* ’s: the possessive is the next token, unless it's */
                        size_t q = e + 3;
                        if (q >= len || (s[q] != 's' && s[q] != 'S')
                            || (q + 1 < len && (s[q + 1] >= 0x80 || (bclass[s[q + 1]] & BC_ALNUM)))
                            || (lede_word_flags((const char *)s + p, e - p) & LEDE_WORD_CONTRACTION))
                            return 0;
                    } else if (y != 0x9C && y != 0x9D && y != 0x93 && y != 0x94 && y != 0xA6) {
                        return 0; /* only “ ” – — … end a word here */
                    }
                } else {
                    return 0;
                }
            }
        }
        *end = e;
        return LEDE_TOK_WORD;
    }
    if (b & BC_DIGIT) {
        uint8_t acc = BC_DIGIT;
        size_t e = alnum_run(s, len, p + 1, &acc);
        int cls = acc & BC_ALPHA ? LEDE_TOK_WORD : LEDE_TOK_NUMBER;
        if (e < len) {
            unsigned x = s[e];
            uint8_t bx = bclass[x];
            if (!(bx & BC_SPACE)) {
                int next_digit = e + 1 < len && (bclass[s[e + 1]] & BC_DIGIT);
                int next_word = e + 1 < len && (s[e + 1] >= 0x80 || (bclass[s[e + 1]] & BC_ALNUM));
                if (acc & BC_ALPHA) {
                    if (!(bx & BC_END) || x == ':') return 0; /* 5th, 1990s */
                } else if (x == '%') {
                    e++; /* 63% */
                } else if (x == ',' || x == '.' || x == ':' || x == '/' || x == '-') {
                    if (next_digit) return 0;                       /* 37,000 1.5 10:30 */
                    if ((x == '.' || x == '-') && next_word) return 0; /* 17-year */
                } else if (!(bx & BC_END)) {
                    return 0;
                }
            }
        }
        *end = e;
        return cls;
    }
    if (c < 0x80) {
        if (ascii_cls[c]) {
            *end = p + 1;
            return ascii_cls[c];
        }
        if (c == '.' && !(p + 1 < len && s[p + 1] == '.')) {
            *end = p + 1;
            return LEDE_TOK_PUNCT;
        }
        return 0;
    }
    if (c == 0xE2 && p + 2 < len && s[p + 1] == 0x80) {
        unsigned y = s[p + 2], before = p ? s[p - 1] : ' ';
        size_t e = p + 3;
        if (y == 0x9D && ((bclass[before] & BC_ALNUM) || before == '.' || before == ',' || before == '!'
                          || before == '?' || before == ';' || before == ':' || before == ')')) {
            *end = e; /* ” after a word or punctuation */
            return LEDE_TOK_CLOSE_QUOTE;
        }
        if (y == 0x9C && (bclass[before] & BC_SPACE)) {
            *end = e; /* “ after a space */
            return LEDE_TOK_OPEN_QUOTE;
        }
        if ((y == 0x93 || y == 0x94) && !(e < len && (s[e] == '-' || s[e] == 0xE2))) {
            *end = e; /* – — alone */
            return LEDE_TOK_DASH;
        }
    }
    return 0;
}

#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int next_token_full(scanner *sc, size_t *tstart, size_t *tend)
{
    return next_token(sc, tstart, tend);
}

int lede_tokenize(const char *text, size_t len, int flags, void *ctx, lede_token_fn fn)
{
    if (!fn || (len && !text) || len > INT_MAX) return LEDE_EUSAGE;
    const unsigned char *s = (const unsigned char *)text;
    scanner sc;
    scanner_init(&sc, text, len);
    lede_buf fold = LEDE_BUF_INIT;
    int rc = LEDE_OK, cls;
    size_t start, end;
    for (;;) {
        size_t p = skip_space(s, len, sc.p, &sc.single_open);
        if (p < len && (cls = fast_token(s, len, p, &end)) != 0) {
            start = p;
            sc.p = sc.prev_end = end;
            sc.prev_cls = cls;
        } else {
            sc.p = p;
            if ((cls = next_token_full(&sc, &start, &end)) == 0) break;
        }
        const char *tok = text + start;
        size_t ntok = end - start;
        if ((flags & LEDE_TOKENIZE_FOLD) && needs_fold((const unsigned char *)tok, ntok)) {
            lede_buf_reset(&fold);
            if (lede_fold(tok, ntok, &fold) != LEDE_OK) {
                rc = LEDE_ENOMEM;
                break;
            }
            tok = fold.p;
            ntok = fold.n;
        }
        rc = fn(ctx, cls, tok, (int)ntok, (int)start, (int)end);
        if (rc) break;
    }
    lede_buf_free(&fold);
    return rc;
}

static int tokens_grow(lede_tokens *t, size_t need)
{
    if (need <= t->cap) return LEDE_OK;
    size_t cap = t->cap ? t->cap : 64;
    while (cap < need) {
        if (cap > ((size_t)-1) / 2 / sizeof *t->v) return LEDE_ENOMEM;
        cap *= 2;
    }
    lede_token *v = realloc(t->v, cap * sizeof *v);
    if (!v) return LEDE_ENOMEM;
    t->v = v;
    t->cap = cap;
    return LEDE_OK;
}

int lede_tokens_fill(lede_tokens *out, const char *text, size_t len)
{
    if (len && !text) return LEDE_EUSAGE;
    if (len > INT32_MAX) return LEDE_EUSAGE;
    /* News text averages about six bytes a token: one allocation, mostly. */
    if (tokens_grow(out, out->n + len / 5 + 16) != LEDE_OK) return LEDE_ENOMEM;
    const unsigned char *s = (const unsigned char *)text;
    scanner sc;
    scanner_init(&sc, text, len);
    /* Few values live across the loop, none with its address taken, so
    ** that they all stay in registers. */
    lede_token *w = out->v + out->n, *wend = out->v + out->cap;
    size_t p = 0, prev_end = 0;
    for (;;) {
        size_t ts, te;
        p = skip_space(s, len, p, &sc.single_open);
        int cls = p < len ? fast_token(s, len, p, &te) : 0;
        if (LIKELY(cls)) {
            ts = p;
        } else {
            /* the full scanner resumes here and needs the token before */
            sc.p = p;
            sc.prev_end = prev_end;
            if ((cls = next_token_full(&sc, &sc.tok_start, &sc.tok_end)) == 0) break;
            ts = sc.tok_start;
            te = sc.tok_end;
        }
        if (UNLIKELY(w == wend)) {
            size_t n = (size_t)(w - out->v);
            out->n = n;
            if (tokens_grow(out, n + 1) != LEDE_OK) return LEDE_ENOMEM;
            w = out->v + n;
            wend = out->v + out->cap;
        }
        w->start = (int32_t)ts;
        w->end = (int32_t)te;
        w->cls = (uint8_t)cls;
        w++;
        sc.prev_cls = cls;
        p = prev_end = te;
    }
    out->n = (size_t)(w - out->v);
    return LEDE_OK;
}

void lede_tokens_free(lede_tokens *t)
{
    free(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}

/* ------------------------------------------------------------- packing */

/*
** The packed form (format 1): the header PACK_HEADER, then per token its
** gap (start minus the previous token's end, or minus 0 for the first),
** length and class. Nineteen tokens in twenty of news text have a gap of 0
** or 1, a length of 1 to 16 and one of the four first classes; they take
** one byte, 0GCCLLLL (G the gap, CC the class - 1, LLLL the length - 1).
** Any other token takes a byte 1000CCCC (the class) and two varints, gap
** and length. About 1.1 bytes a token, a third of format 0.
**
** Format 0, the first lede wrote, had no header: three varints per token,
** gap, length and class. It is still read, so older stores need no
** migration and a merge may bring blobs of either format. Its first
** token can never be three zero bytes (there is no class 0), which makes
** the header unambiguous, and a reader that knows only format 0 refuses a
** format 1 blob as bad input instead of misreading it.
*/
static const unsigned char PACK_HEADER[4] = {0, 0, 0, 1};
#define SHORT_CLASSES 4 /* word, number, punct, open quote */

/* Writes v as a varint at p (at most 5 bytes); returns the byte after it. */
static unsigned char *put_varint(unsigned char *p, uint32_t v)
{
    while (v >= 0x80) {
        *p++ = (unsigned char)(0x80 | (v & 0x7F));
        v >>= 7;
    }
    *p++ = (unsigned char)v;
    return p;
}

static int get_varint(const unsigned char *p, size_t len, size_t *i, uint32_t *v)
{
    uint32_t r = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        if (*i >= len) return 0;
        unsigned c = p[(*i)++];
        if (shift == 28 && (c & 0x70)) return 0; /* more than 32 bits */
        r |= (uint32_t)(c & 0x7F) << shift;
        if (!(c & 0x80)) {
            *v = r;
            return 1;
        }
    }
    return 0;
}

/* A long token takes a class byte and two varints of at most 5 bytes. */
#define LONG_TOKEN_MAX 11

/*
** Written in place (appending varint by varint through lede_buf_add was a
** sixth of an ingest): room for every token as a short one is reserved at
** once, and a long token makes sure of its own room, which also covers the
** short ones after it. A blob is thus never reserved much beyond its size.
*/
int lede_tokens_pack(const lede_token *t, size_t n, lede_buf *out)
{
    if (n && !t) return LEDE_EUSAGE;
    if (n == 0) return LEDE_OK; /* no tokens: an empty blob, in any format */
    size_t had = out->n;
    if (n > (size_t)-1 - had - sizeof PACK_HEADER - LONG_TOKEN_MAX ||
        lede_buf_reserve(out, sizeof PACK_HEADER + n + LONG_TOKEN_MAX) != LEDE_OK)
        return LEDE_ENOMEM;
    unsigned char *p = (unsigned char *)out->p + had;
    memcpy(p, PACK_HEADER, sizeof PACK_HEADER);
    p += sizeof PACK_HEADER;
    int32_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t start = t[i].start, end = t[i].end;
        uint32_t gap = (uint32_t)start - (uint32_t)prev, len1 = (uint32_t)end - (uint32_t)start - 1,
                 cls1 = t[i].cls - 1u;
        /* A short token is valid by construction: tokens out of order or
        ** empty make gap or len1 wrap around and take the checked path. */
        if (((gap >> 1) | (len1 >> 4) | (cls1 >> 2)) == 0) {
            *p++ = (unsigned char)(gap << 6 | cls1 << 4 | len1);
        } else {
            if (start < prev || end < start || cls1 >= LEDE_TOK_POSSESSIVE) {
                out->n = had;
                out->p[had] = '\0';
                return LEDE_EUSAGE;
            }
            /* room for this token and, one byte each, the rest */
            size_t used = (size_t)((char *)p - out->p), rest = n - i - 1;
            if (out->cap - 1 - used < LONG_TOKEN_MAX + rest) {
                out->n = used;
                int rc = lede_buf_reserve(out, LONG_TOKEN_MAX + rest + rest / 8);
                out->n = had;
                if (rc != LEDE_OK) {
                    out->p[had] = '\0';
                    return LEDE_ENOMEM;
                }
                p = (unsigned char *)out->p + used;
            }
            *p++ = (unsigned char)(0x80 | (cls1 + 1));
            p = put_varint(p, gap);
            p = put_varint(p, len1 + 1);
        }
        prev = end;
    }
    out->n = (size_t)((char *)p - out->p);
    out->p[out->n] = '\0';
    return LEDE_OK;
}

static int add_token(lede_tokens *out, int64_t *prev, uint32_t gap, uint32_t len, uint32_t cls)
{
    int64_t start = *prev + gap, end = start + len;
    if (end > INT32_MAX || cls < LEDE_TOK_WORD || cls > LEDE_TOK_POSSESSIVE) return 0;
    lede_token *t = &out->v[out->n++];
    t->start = (int32_t)start;
    t->end = (int32_t)end;
    t->cls = (uint8_t)cls;
    *prev = end;
    return 1;
}

static int unpack_v1(const unsigned char *p, size_t len, lede_tokens *out)
{
    int64_t prev = 0;
    size_t i = sizeof PACK_HEADER;
    /* A byte at least per token: reserve for all of them at once. */
    if (tokens_grow(out, out->n + (len - i) + 1) != LEDE_OK) return LEDE_ENOMEM;
    while (i < len) {
        unsigned b = p[i++];
        if (b < 0x80) {
            /* a short token: in range by construction, no checks but the end */
            int64_t start = prev + (b >> 6), end = start + (b & 15) + 1;
            if (end > INT32_MAX) return LEDE_EINPUT;
            lede_token *t = &out->v[out->n++];
            t->start = (int32_t)start;
            t->end = (int32_t)end;
            t->cls = (uint8_t)(((b >> 4) & 3) + 1);
            prev = end;
            continue;
        }
        uint32_t gap, l;
        if ((b & 0x70) || !get_varint(p, len, &i, &gap) || !get_varint(p, len, &i, &l) ||
            !add_token(out, &prev, gap, l, b & 0x0F))
            return LEDE_EINPUT;
    }
    return LEDE_OK;
}

static int unpack_v0(const unsigned char *p, size_t len, lede_tokens *out)
{
    int64_t prev = 0;
    size_t i = 0;
    /* Three bytes at least per token: reserve for all of them at once. */
    if (tokens_grow(out, out->n + len / 3 + 1) != LEDE_OK) return LEDE_ENOMEM;
    while (i < len) {
        uint32_t d, l, c;
        if (!get_varint(p, len, &i, &d) || !get_varint(p, len, &i, &l) || !get_varint(p, len, &i, &c) ||
            !add_token(out, &prev, d, l, c))
            return LEDE_EINPUT;
    }
    return LEDE_OK;
}

/* Either format; on failure *out holds what it held before. */
int lede_tokens_unpack(const void *blob, size_t len, lede_tokens *out)
{
    const unsigned char *p = blob;
    if (len && !blob) return LEDE_EUSAGE;
    size_t had = out->n;
    int rc = len >= sizeof PACK_HEADER && memcmp(p, PACK_HEADER, sizeof PACK_HEADER) == 0
                 ? unpack_v1(p, len, out)
                 : unpack_v0(p, len, out);
    if (rc != LEDE_OK) out->n = had;
    return rc;
}
