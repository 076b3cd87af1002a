/*
** utf8.c -- UTF-8 checking, decoding and encoding (see utf8.h).
**
** Well-formed means exactly the shapes of Table 3-7 of the Unicode
** standard: no overlong forms, no surrogates, nothing above U+10FFFF. The
** check reads ASCII eight bytes at a time, since most news text is ASCII.
*/
#include "utf8.h"

#include <string.h>

/* Length of the well-formed sequence at s[i] (i < len), or 0 if ill-formed. */
static int seq_len(const unsigned char *s, size_t len, size_t i, uint32_t *cp)
{
    unsigned c = s[i];
    size_t left = len - i;
    if (c < 0x80) { *cp = c; return 1; }
    if (c < 0xC2) return 0; /* continuation byte or overlong 2-byte lead */
    if (c < 0xE0) {
        if (left < 2 || (s[i + 1] & 0xC0) != 0x80) return 0;
        *cp = ((uint32_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
        return 2;
    }
    if (c < 0xF0) {
        if (left < 3) return 0;
        unsigned c1 = s[i + 1];
        unsigned lo = c == 0xE0 ? 0xA0 : 0x80; /* E0 80..9F would be overlong */
        unsigned hi = c == 0xED ? 0x9F : 0xBF; /* ED A0..BF would be surrogates */
        if (c1 < lo || c1 > hi || (s[i + 2] & 0xC0) != 0x80) return 0;
        *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(c1 & 0x3F) << 6) | (s[i + 2] & 0x3F);
        return 3;
    }
    if (c < 0xF5) {
        if (left < 4) return 0;
        unsigned c1 = s[i + 1];
        unsigned lo = c == 0xF0 ? 0x90 : 0x80; /* F0 80..8F would be overlong */
        unsigned hi = c == 0xF4 ? 0x8F : 0xBF; /* F4 90.. would pass U+10FFFF */
        if (c1 < lo || c1 > hi || (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
            return 0;
        *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(c1 & 0x3F) << 12)
              | ((uint32_t)(s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
        return 4;
    }
    return 0;
}

size_t lede_utf8_check(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        if (len - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & 0x8080808080808080ull)) { i += 8; continue; }
        }
        if (s[i] < 0x80) { i++; continue; }
        uint32_t cp;
        int n = seq_len(s, len, i, &cp);
        if (!n) return i;
        i += (size_t)n;
    }
    return len;
}

int lede_utf8_decode(const char *s, size_t len, size_t i, uint32_t *cp)
{
    int n = seq_len((const unsigned char *)s, len, i, cp);
    if (!n) { *cp = 0xFFFD; return 1; }
    return n;
}

int lede_utf8_encode(uint32_t cp, char out[4])
{
    /* Surrogates and values past U+10FFFF cannot be encoded: U+FFFD instead. */
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}
