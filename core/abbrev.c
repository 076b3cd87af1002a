/*
** abbrev.c -- lookups in the generated word lists (see abbrev.h). Both are
** binary searches over sorted constant tables: no allocation, no state.
** The tokenizer calls them only for a word followed by a period or an
** apostrophe-s, the splitter only at candidate boundaries, so their cost
** does not show in the tokenizer's throughput.
*/
#include "abbrev.h"
#include "abbrev_tab.h"

#include <stdint.h>
#include <string.h>

/* Byte order, shorter first on a common prefix: the generator's order. */
static int cmp(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c) return c;
    return an < bn ? -1 : an > bn;
}

int lede_abbrev_kind(const char *s, size_t n)
{
    size_t lo = 0, hi = sizeof lede_abbr_tab / sizeof lede_abbr_tab[0];
    if (n < 2 || n > LEDE_ABBREV_MAXWORD) return LEDE_ABBR_NONE;
    if (!(lede_abbr_mask[(unsigned char)s[0]] & (UINT32_C(1) << n))) return LEDE_ABBR_NONE;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp(lede_abbr_tab[mid].s, lede_abbr_tab[mid].n, s, n);
        if (c == 0) return lede_abbr_tab[mid].kind;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return LEDE_ABBR_NONE;
}

int lede_word_flags(const char *s, size_t n)
{
    char low[LEDE_ABBREV_MAXWORD];
    if (n == 0 || n > sizeof low) return 0;
    unsigned c0 = (unsigned char)s[0];
    if (c0 >= 'A' && c0 <= 'Z') c0 += 32;
    if (!(lede_word_mask[c0] & (UINT32_C(1) << n))) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        low[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    size_t lo = 0, hi = sizeof lede_word_tab / sizeof lede_word_tab[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp(lede_word_tab[mid].s, lede_word_tab[mid].n, low, n);
        if (c == 0) return lede_word_tab[mid].flags;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}
