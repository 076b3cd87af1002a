/*
** article.h -- the layout of a plain-text news article: which lines are the
** headline, the byline, photo credits and captions, subheads, list items
** and paragraphs.
*/
#ifndef LEDE_ARTICLE_H
#define LEDE_ARTICLE_H

#include <stddef.h>

enum lede_block_kind {
    LEDE_BLOCK_HEADLINE = 1,
    LEDE_BLOCK_BYLINE,
    LEDE_BLOCK_CAPTION,   /* photo credits and captions */
    LEDE_BLOCK_SUBHEAD,
    LEDE_BLOCK_PARAGRAPH,
    LEDE_BLOCK_ITEM       /* a list item ("- ", "• ", "1. ") */
};

/* The span kind a block is stored as: "headline", "byline", "caption",
** "subhead", "paragraph" (list items are paragraphs with attribute item). */
const char *lede_block_kind_name(int kind);

/* Called per block in text order; [start, end) trimmed of white space. */
typedef int (*lede_block_fn)(void *ctx, int kind, int start, int end);

/* Returns LEDE_OK or fn's non-zero return. */
int lede_article_blocks(const char *text, size_t len, void *ctx, lede_block_fn fn);

#endif
