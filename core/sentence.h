/*
** sentence.h -- sentence boundaries over a document's tokens.
*/
#ifndef LEDE_SENTENCE_H
#define LEDE_SENTENCE_H

#include "lede.h"
#include "token.h"

/*
** Calls fn once per sentence of text[0..len), in order, with [start, end)
** trimmed of surrounding white space; `t` are the tokens of the same text.
** Sentences never cross a blank line, a list item or a line that is a
** headline or subhead. Returns LEDE_OK, fn's non-zero return, or
** LEDE_EUSAGE when the tokens are out of order or outside the text.
*/
int lede_sentences_tok(const char *text, size_t len, const lede_token *t, size_t n,
                       void *ctx, lede_range_fn fn);

#endif
