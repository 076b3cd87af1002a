/*
** test_utf8.c -- UTF-8 checking, decoding and encoding (utf8.c) and the
** Unicode tables (unicode.c): hand-picked code points, every code point
** round-tripped, and, when Debian's unicode-data is installed, every
** category and simple folding compared with the Unicode files themselves.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "unicode.h"
#include "utf8.h"

#define CHECK(t, s, want) \
    TAP_IS_INT((t), lede_utf8_check((s), sizeof(s) - 1), (want), "check " #s)

static void check_validation(tap *t)
{
    CHECK(t, "", 0);
    CHECK(t, "plain ASCII text that is longer than eight bytes", 48);
    CHECK(t, "caf\xC3\xA9", 5);
    CHECK(t, "\xE2\x80\x9CQuote\xE2\x80\x9D", 11);
    CHECK(t, "\xF0\x9F\x8E\x89", 4);               /* U+1F389 */
    CHECK(t, "\xF4\x8F\xBF\xBF", 4);               /* U+10FFFF, the last */
    CHECK(t, "ab\x80", 2);                         /* lone continuation byte */
    CHECK(t, "ab\xC0\x80", 2);                     /* overlong NUL */
    CHECK(t, "ab\xC1\xBF", 2);                     /* overlong 2-byte */
    CHECK(t, "ab\xE0\x80\x80", 2);                 /* overlong 3-byte */
    CHECK(t, "ab\xE0\x9F\xBF", 2);                 /* overlong 3-byte, top */
    CHECK(t, "ab\xF0\x80\x80\x80", 2);             /* overlong 4-byte */
    CHECK(t, "ab\xED\xA0\x80", 2);                 /* surrogate U+D800 */
    CHECK(t, "ab\xED\xBF\xBF", 2);                 /* surrogate U+DFFF */
    CHECK(t, "ab\xED\x9F\xBF", 5);                 /* U+D7FF is fine */
    CHECK(t, "ab\xF4\x90\x80\x80", 2);             /* above U+10FFFF */
    CHECK(t, "ab\xF5\x80\x80\x80", 2);             /* F5 never appears */
    CHECK(t, "ab\xFF", 2);
    CHECK(t, "ab\xC3", 2);                         /* truncated at the end */
    CHECK(t, "ab\xE2\x80", 2);
    CHECK(t, "ab\xE2\x80z", 2);                    /* truncated mid-text */
    CHECK(t, "12345678\xC3\xA9\x80", 10);          /* after the 8-byte path */

    uint32_t cp;
    TAP_IS_INT(t, lede_utf8_decode("\xC3\xA9", 2, 0, &cp), 2, "decode e-acute: 2 bytes");
    TAP_IS_INT(t, cp, 0xE9, "decode e-acute: U+00E9");
    TAP_IS_INT(t, lede_utf8_decode("x\xE2\x80\x94", 4, 1, &cp), 3, "decode em dash at offset 1: 3 bytes");
    TAP_IS_INT(t, cp, 0x2014, "decode em dash: U+2014");
    TAP_IS_INT(t, lede_utf8_decode("\xE2\x80", 2, 0, &cp), 1, "truncated sequence decodes as one byte");
    TAP_IS_INT(t, cp, 0xFFFD, "truncated sequence decodes as U+FFFD");
    TAP_IS_INT(t, lede_utf8_decode("\xED\xA0\x80", 3, 0, &cp), 1, "surrogate decodes as one byte");
    TAP_IS_INT(t, cp, 0xFFFD, "surrogate decodes as U+FFFD");

    char out[4];
    TAP_IS_INT(t, lede_utf8_encode(0xD800, out), 3, "a surrogate encodes as U+FFFD (3 bytes)");
    TAP_OK(t, memcmp(out, "\xEF\xBF\xBD", 3) == 0, "U+FFFD bytes");
    TAP_IS_INT(t, lede_utf8_encode(0x110000, out), 3, "past U+10FFFF encodes as U+FFFD");

    /* Every scalar value: encode, check, decode back. */
    long bad = 0;
    for (uint32_t c = 0; c <= 0x10FFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        int n = lede_utf8_encode(c, out);
        int want = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        uint32_t back;
        if (n != want || lede_utf8_check(out, (size_t)n) != (size_t)n
            || lede_utf8_decode(out, (size_t)n, 0, &back) != n || back != c)
            bad++;
    }
    TAP_IS_INT(t, bad, 0, "every scalar value encodes, checks and decodes back");
}

static void check_categories(tap *t)
{
    static const struct { uint32_t cp; int cat; const char *what; } cases[] = {
        {'A', LEDE_UC_LU, "A"}, {'z', LEDE_UC_LL, "z"}, {'5', LEDE_UC_ND, "5"},
        {' ', LEDE_UC_ZS, "space"}, {'\n', LEDE_UC_CC, "newline"}, {'.', LEDE_UC_PO, "period"},
        {'(', LEDE_UC_PS, "("}, {'$', LEDE_UC_SC, "$"}, {'+', LEDE_UC_SM, "+"},
        {0xE9, LEDE_UC_LL, "e-acute"}, {0xC9, LEDE_UC_LU, "E-acute"}, {0xDF, LEDE_UC_LL, "sharp s"},
        {0xF1, LEDE_UC_LL, "n-tilde"}, {0xA9, LEDE_UC_SO, "copyright"}, {0xA0, LEDE_UC_ZS, "no-break space"},
        {0xAD, LEDE_UC_CF, "soft hyphen"}, {0x0301, LEDE_UC_MN, "combining acute"},
        {0x0627, LEDE_UC_LO, "Arabic alef"}, {0x064E, LEDE_UC_MN, "Arabic fatha"},
        {0x0663, LEDE_UC_ND, "Arabic-Indic three"}, {0x05D0, LEDE_UC_LO, "Hebrew alef"},
        {0x0416, LEDE_UC_LU, "Cyrillic Zhe"}, {0x0915, LEDE_UC_LO, "Devanagari ka"},
        {0x093F, LEDE_UC_MC, "Devanagari vowel sign i"}, {0x094D, LEDE_UC_MN, "Devanagari virama"},
        {0x0964, LEDE_UC_PO, "danda"}, {0x2014, LEDE_UC_PD, "em dash"}, {0x2013, LEDE_UC_PD, "en dash"},
        {0x201C, LEDE_UC_PI, "left double quote"}, {0x201D, LEDE_UC_PF, "right double quote"},
        {0x2019, LEDE_UC_PF, "right single quote"}, {0x2026, LEDE_UC_PO, "ellipsis"},
        {0x20AC, LEDE_UC_SC, "euro"}, {0x2212, LEDE_UC_SM, "minus"}, {0x2028, LEDE_UC_ZL, "line separator"},
        {0x2029, LEDE_UC_ZP, "paragraph separator"}, {0x200B, LEDE_UC_CF, "zero width space"},
        {0x3042, LEDE_UC_LO, "hiragana a"}, {0x4E00, LEDE_UC_LO, "CJK one"}, {0x9FFF, LEDE_UC_LO, "CJK U+9FFF"},
        {0x20000, LEDE_UC_LO, "CJK ext B first"}, {0xAC00, LEDE_UC_LO, "Hangul syllable"},
        {0x1F389, LEDE_UC_SO, "party popper"}, {0xE000, LEDE_UC_CO, "private use"},
        {0xD800, LEDE_UC_CS, "surrogate"}, {0x0378, LEDE_UC_CN, "unassigned U+0378"},
        {0x10FFFF, LEDE_UC_CN, "U+10FFFF"}, {0x110000, LEDE_UC_CN, "past the end"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = lede_unicode_category(cases[i].cp);
        if (!tap_ok(t, got == cases[i].cat, "category of U+%04X %s is %s", (unsigned)cases[i].cp, cases[i].what,
                    lede_unicode_category_name(cases[i].cat)))
            printf("#   got %s\n", lede_unicode_category_name(got));
    }
    TAP_OK(t, lede_unicode_is_ideograph(0x4E00) && lede_unicode_is_ideograph(0x20000)
                  && lede_unicode_is_ideograph(0xF900),
           "CJK unified, extension and compatibility ideographs are ideographs");
    TAP_OK(t, !lede_unicode_is_ideograph(0x3042) && !lede_unicode_is_ideograph(0xAC00)
                  && !lede_unicode_is_ideograph('A'),
           "kana, Hangul and Latin are not");

    static const struct { uint32_t from, to; const char *what; } folds[] = {
        {'A', 'a', "A"}, {'a', 'a', "a"}, {0xC9, 0xE9, "E-acute"}, {0xDF, 0xDF, "sharp s stays (only full folding expands it)"},
        {0x1E9E, 0xDF, "capital sharp s -> sharp s"}, {0x3A3, 0x3C3, "Sigma"}, {0x3C2, 0x3C3, "final sigma"},
        {0x130, 0x130, "dotted capital I has no simple folding"}, {0x212A, 'k', "Kelvin sign"},
        {0x410, 0x430, "Cyrillic A"}, {0x5D0, 0x5D0, "Hebrew alef"}, {0x10400, 0x10428, "Deseret"},
        {0x13A0, 0x13A0, "Cherokee capital (folds to itself)"}, {0xAB70, 0x13A0, "Cherokee small -> capital"},
    };
    for (size_t i = 0; i < sizeof folds / sizeof folds[0]; i++)
        TAP_IS_INT(t, lede_unicode_fold(folds[i].from), folds[i].to, folds[i].what);
}

/* Every code point's category against UnicodeData.txt. */
static void check_against_ucd(tap *t, const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/UnicodeData.txt", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        t->n++;
        printf("ok %d # SKIP %s not installed (Debian package unicode-data)\n", t->n, path);
        t->n++;
        printf("ok %d # SKIP no CaseFolding.txt either\n", t->n);
        return;
    }
    unsigned char *want = calloc(0x110000, 1); /* LEDE_UC_CN = 0 where unlisted */
    if (!want) {
        fclose(f);
        TAP_OK(t, 0, "memory for the comparison");
        return;
    }
    char line[512];
    long range_first = -1;
    while (fgets(line, sizeof line, f)) {
        char *f1 = strchr(line, ';');
        char *f2 = f1 ? strchr(f1 + 1, ';') : NULL;
        if (!f2) continue;
        long cp = strtol(line, NULL, 16);
        int cat = -1;
        for (int c = 0; c <= LEDE_UC_CO; c++)
            if (memcmp(f2 + 1, lede_unicode_category_name(c), 2) == 0) cat = c;
        if (cat < 0) continue;
        if (strstr(f1, ", First>")) {
            range_first = cp;
            continue;
        }
        long lo = strstr(f1, ", Last>") && range_first >= 0 ? range_first : cp;
        for (long c = lo; c <= cp; c++) want[c] = (unsigned char)cat;
        range_first = -1;
    }
    fclose(f);
    long diff = 0;
    for (uint32_t c = 0; c <= 0x10FFFF; c++)
        if (lede_unicode_category(c) != want[c] && diff++ < 5)
            printf("#   U+%04X: got %s want %s\n", (unsigned)c, lede_unicode_category_name(lede_unicode_category(c)),
                   lede_unicode_category_name(want[c]));
    TAP_IS_INT(t, diff, 0, "all 1,114,112 categories agree with UnicodeData.txt");
    free(want);

    snprintf(path, sizeof path, "%s/CaseFolding.txt", dir);
    f = fopen(path, "r");
    if (!f) {
        t->n++;
        printf("ok %d # SKIP %s not installed\n", t->n, path);
        return;
    }
    long pairs = 0, wrong = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned from, to;
        char status;
        if (line[0] == '#' || sscanf(line, "%x; %c; %x;", &from, &status, &to) != 3) continue;
        if (status != 'C' && status != 'S') continue;
        pairs++;
        if (lede_unicode_fold(from) != to) wrong++;
    }
    fclose(f);
    TAP_OK(t, pairs > 1000 && wrong == 0, "all %ld simple foldings (C and S) agree with CaseFolding.txt", pairs);
}

int main(void)
{
    tap t = {0, 0};
    check_validation(&t);
    check_categories(&t);
    check_against_ucd(&t, "/usr/share/unicode");
    return tap_done(&t);
}
