/*
** abbrev.h -- the word lists shared by the tokenizer and the sentence
** splitter, generated from data/abbreviations.txt (see that file for what
** each list means).
*/
#ifndef LEDE_ABBREV_H
#define LEDE_ABBREV_H

#include <stddef.h>

/* Kinds of abbreviation: when the splitter may end a sentence after one. */
enum lede_abbr_kind {
    LEDE_ABBR_NONE = 0,   /* not listed */
    LEDE_ABBR_PLAIN = 1,  /* only before a capitalised sentence starter */
    LEDE_ABBR_TITLE = 2,  /* never */
    LEDE_ABBR_NUMBER = 3, /* not before a number; else as a full stop */
    LEDE_ABBR_TIME = 4    /* before a capitalised word that is not a timeword */
};

/* The kind of s[0..n), which includes the final period; exact match. */
int lede_abbrev_kind(const char *s, size_t n);

/* Lists a plain word can be on (bits), matched ignoring ASCII case. */
#define LEDE_WORD_STARTER 0x1
#define LEDE_WORD_CONTINUATION 0x2
#define LEDE_WORD_CONTRACTION 0x4
#define LEDE_WORD_TIMEWORD 0x8

/* The LEDE_WORD_* bits of s[0..n) (0 when on no list). */
int lede_word_flags(const char *s, size_t n);

#endif
