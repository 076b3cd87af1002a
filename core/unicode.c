/*
** unicode.c -- general category, ideograph flag and simple case folding of
** any code point, from tables generated out of the Unicode Character
** Database (see unicode.h). Lookups are constant time for categories (two
** array reads) and a binary search for foldings; nothing is allocated.
*/
#include "unicode.h"
#include "unicode_tab.h"

#include <stddef.h>

_Static_assert(LEDE_UNI_NCATS == LEDE_UC_CO + 1, "unicode_tab.h does not match enum lede_ucat");

static int prop(uint32_t cp)
{
    if (cp > 0x10FFFF) return 0;
    return lede_uni_stage2[(size_t)lede_uni_stage1[cp >> LEDE_UNI_SHIFT] * LEDE_UNI_BLOCK
                           + (cp & (LEDE_UNI_BLOCK - 1))];
}

int lede_unicode_category(uint32_t cp)
{
    return prop(cp) & (LEDE_UNI_IDEO - 1);
}

int lede_unicode_is_ideograph(uint32_t cp)
{
    return (prop(cp) & LEDE_UNI_IDEO) != 0;
}

uint32_t lede_unicode_fold(uint32_t cp)
{
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    size_t lo = 0, hi = sizeof lede_uni_fold / sizeof lede_uni_fold[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lede_uni_fold[mid][0] < cp) lo = mid + 1;
        else hi = mid;
    }
    if (lo < sizeof lede_uni_fold / sizeof lede_uni_fold[0] && lede_uni_fold[lo][0] == cp)
        return lede_uni_fold[lo][1];
    return cp;
}

const char *lede_unicode_category_name(int cat)
{
    static const char names[][3] = {
        "Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No",
        "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So",
        "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co"};
    if (cat < 0 || cat > LEDE_UC_CO) return "??";
    return names[cat];
}
