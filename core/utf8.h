/*
** utf8.h -- UTF-8 checking, decoding and encoding.
*/
#ifndef LEDE_UTF8_H
#define LEDE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Offset of the first byte that is not part of well-formed UTF-8
** (overlongs, surrogates and > U+10FFFF are ill-formed), or len. */
size_t lede_utf8_check(const char *s, size_t len);

/* Decodes the code point at s[i] (i < len) into *cp and returns its length;
** an ill-formed byte decodes as U+FFFD with length 1. */
int lede_utf8_decode(const char *s, size_t len, size_t i, uint32_t *cp);

/* Encodes cp into out and returns the byte count (1..4). */
int lede_utf8_encode(uint32_t cp, char out[4]);

#endif
