/*
** gazetteer.h -- a gazetteer matcher: a trie of token sequences, scanned
** leftmost-longest over text or over a token array.
**
** What it promises:
**   - An entry is its surface string cut into tokens by lede's tokenizer;
**     a match is a run of text tokens equal to an entry's tokens, one for
**     one ("Gaza Strip" is two tokens and matches "Gaza  Strip" and
**     "Gaza\nStrip", never "Gaza. Strip" or "GazaStrip").
**   - Tokens compare case-sensitively ("WHO" is not "who", "US" not "us")
**     unless the entry was added with LEDE_GAZ_FOLD (then lede_fold decides).
**     Curly and straight apostrophes, the double quote marks and the dashes
**     (hyphen, en/em dash, minus) are always equal, in every entry (the
**     equivalences of lede_fold). Words joined by a hyphen or an en dash
**     without spaces are one unit however the tokenizer cut them, so
**     "Israel-Hamas" and "Israel–Hamas" are the same and no match starts or
**     ends inside either (an unspaced em dash joins nothing: "Qatar—a
**     mediator—said" has the unit Qatar).
**   - An entry never ends with a possessive token: a trailing 's/’s on a
**     surface is dropped, so "Hamas" matches the first token of "Hamas’s"
**     and the match stops before the possessive. Inside an entry a
**     possessive is an ordinary token ("Prime Minister’s Office").
**   - A match never crosses a blank line (two newlines between tokens);
**     punctuation, sentence ends included, is matched only where the entry
**     has it ("U.S.", "St. Petersburg").
**   - The scan reports, from left to right, the longest entry starting at
**     each token not inside an earlier match (leftmost-longest, no
**     overlaps). When a case-sensitive and a folded entry cover the same
**     tokens, the case-sensitive one is reported. With LEDE_GAZ_ALL every
**     entry occurrence is reported instead, overlapping ones included,
**     ordered by first token, then by length, the case-sensitive entry
**     before the folded one of equal length.
**   - Entry ids are dense: 0, 1, 2 ... in the order surfaces were first
**     added. Adding a surface already present (same tokens after
**     normalisation, same fold mode) gives back its id and adds nothing, so
**     one matcher is one gazetteer; use one matcher per list.
**   - Offsets are 0-based half-open byte ranges into the text given.
**   - Every allocation goes through the allocator given at creation (the
**     Lua binding passes the lua_State's, so a memory cap covers the trie);
**     on LEDE_ENOMEM the matcher stays valid and usable and the entry being
**     added is absent. No global state: a matcher may be scanned by several
**     threads at once once nobody adds to it.
*/
#ifndef LEDE_GAZETTEER_H
#define LEDE_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "lede.h"
#include "token.h"

typedef struct lede_gaz lede_gaz;

/* Entry flag (lede_gaz_add, lede_gaz_lookup): compare case-insensitively. */
#define LEDE_GAZ_FOLD 0x1
/* Scan flag: report every occurrence of every entry, overlaps included. */
#define LEDE_GAZ_ALL 0x2

/*
** The allocator, with lua_Alloc's contract: nsize 0 frees ptr (osize is the
** size it was allocated with) and returns NULL; otherwise it returns a block
** of nsize bytes holding the first min(osize, nsize) bytes of ptr, or NULL
** leaving ptr untouched.
*/
typedef void *(*lede_gaz_alloc_fn)(void *ud, void *ptr, size_t osize, size_t nsize);

/* A new empty matcher using malloc. LEDE_OK or LEDE_ENOMEM (*out NULL). */
int lede_gaz_new(lede_gaz **out);
/* The same with the allocator `alloc` (called with `ud`). */
int lede_gaz_new_alloc(lede_gaz_alloc_fn alloc, void *ud, lede_gaz **out);
/* Frees the matcher and all it holds (NULL is a no-op). */
void lede_gaz_free(lede_gaz *g);

/*
** Adds the surface s[0..n) with `flags` (0 or LEDE_GAZ_FOLD) and stores its
** entry id in *id_out (may be NULL): a new id (== the previous count) for a
** new entry, the existing id when the surface was already there.
** LEDE_EUSAGE when the surface has no tokens (empty or blank) or a unit
** longer than LEDE_GAZ_MAXTOK bytes; LEDE_ENOMEM.
*/
#define LEDE_GAZ_MAXTOK 255
int lede_gaz_add(lede_gaz *g, const char *s, size_t n, int flags, int32_t *id_out);

/*
** The id of the entry whose surface is s[0..n) (tokenized and normalised
** like an added surface, looked up among entries of the same fold mode) in
** *id_out, -1 when there is none. LEDE_OK, LEDE_ENOMEM (tokenizing).
*/
int lede_gaz_lookup(const lede_gaz *g, const char *s, size_t n, int flags, int32_t *id_out);

/* Number of entries. */
size_t lede_gaz_count(const lede_gaz *g);

/* One match: bytes [start, end) of the text, tokens [tok, tok + ntok). */
typedef struct lede_gaz_hit {
    int32_t start, end;
    int32_t entry;
    int32_t tok, ntok;
} lede_gaz_hit;

/*
** A scan in progress, for callers that pull matches one at a time (the Lua
** iterator). Lives wherever the caller likes; the fields are private. The
** matcher, text and tokens must outlive it. Entries added to the matcher
** during a scan may or may not be seen by it, but the scan stays safe.
*/
#define LEDE_GAZ_RING 32 /* token keys remembered while a match is extended */
typedef struct lede_gaz_scan {
    const lede_gaz *g;
    const char *text;
    size_t len;
    const lede_token *tok;
    size_t ntok;
    int flags;
    size_t i, depth;     /* start token; tokens walked from it (LEDE_GAZ_ALL) */
    size_t step;         /* tokens in the unit at i (LEDE_GAZ_ALL) */
    uint32_t node[2];    /* the walk's nodes, case-sensitive and folded */
    unsigned pending;    /* matches at the current depth still to report */
    struct { size_t pos; int32_t key[2]; uint32_t unit; } ring[LEDE_GAZ_RING];
    char keys[2][LEDE_GAZ_MAXTOK]; /* where keys that are not the text itself are built */
    lede_buf fold;       /* scratch for folding non-ASCII tokens */
} lede_gaz_scan;

/* Starts a scan of `tok` (ntok tokens of text[0..len)). flags 0 or
** LEDE_GAZ_ALL. Tokens with ranges outside the text never match. */
void lede_gaz_scan_init(lede_gaz_scan *sc, const lede_gaz *g, const char *text, size_t len,
                        const lede_token *tok, size_t ntok, int flags);
/* LEDE_ROW with *m filled, LEDE_DONE at the end (and after), LEDE_ENOMEM
** (folding a token; the scan may be retried). */
int lede_gaz_scan_next(lede_gaz_scan *sc, lede_gaz_hit *m);
/* Frees the scan's scratch memory; the scan may be initialised again. */
void lede_gaz_scan_done(lede_gaz_scan *sc);

/* Called per match, in scan order; a non-zero return stops the scan and is
** returned by the matching call. *m is valid during the call only. */
typedef int (*lede_gaz_fn)(void *ctx, const lede_gaz_hit *m);

/* Scans ntok tokens of text[0..len) (as from lede_tokens_fill on the same
** text). LEDE_OK, fn's non-zero return, or LEDE_ENOMEM. */
int lede_gaz_match_tokens(const lede_gaz *g, const char *text, size_t len,
                          const lede_token *tok, size_t ntok, int flags, void *ctx,
                          lede_gaz_fn fn);

/* Tokenizes text[0..len) and scans it. LEDE_OK, fn's return, LEDE_ENOMEM. */
int lede_gaz_match(const lede_gaz *g, const char *text, size_t len, int flags, void *ctx,
                   lede_gaz_fn fn);

/* The Lua module "lede.gazetteer" (core/luagaz.c); its API is described there. */
int luaopen_lede_gazetteer(lua_State *L);

#endif
