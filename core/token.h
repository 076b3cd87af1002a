/*
** token.h -- the tokenizer's internal interface.
**
** lede_tokenize (lede.h) delivers tokens through a callback; the core's own
** consumers (sentence splitter, store, Lua binding) want them as one array
** per document, filled here without an allocation per token.
*/
#ifndef LEDE_TOKEN_H
#define LEDE_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "lede.h"

typedef struct lede_token {
    int32_t start, end; /* [start, end) bytes */
    uint8_t cls;        /* enum lede_token_class */
} lede_token;

typedef struct lede_tokens {
    lede_token *v;
    size_t n, cap;
} lede_tokens;

/* Appends the tokens of text[0..len) to *out. LEDE_OK or LEDE_ENOMEM. */
int lede_tokens_fill(lede_tokens *out, const char *text, size_t len);
void lede_tokens_free(lede_tokens *t);

/*
** Appends the matching form of s[0..n) to *out: Unicode simple case folding,
** curly apostrophes to ', curly/guillemet double quotes to ", en/em dashes
** and minus signs to -; format characters (soft hyphen, zero-width and bidi
** marks) are dropped, ‹› fold to ', invalid bytes to U+FFFD. Offsets are not
** kept: callers fold one token at a time and keep the token's own range.
*/
int lede_fold(const char *s, size_t n, lede_buf *out);

/*
** Packs tokens into a compact blob (varints: start delta, length, class) and
** back. Used by the store: one blob per document, not a row per token.
*/
int lede_tokens_pack(const lede_token *t, size_t n, lede_buf *out);
int lede_tokens_unpack(const void *blob, size_t len, lede_tokens *out);

#endif
