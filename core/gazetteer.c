/*
** gazetteer.c -- the gazetteer matcher (see gazetteer.h): token keys
** interned once, a trie whose edges live in one open-addressing table keyed
** by (parent node, token key), and a leftmost-longest scan that hashes each
** text token once.
**
** The trie has two roots, one for case-sensitive entries and one for
** folded ones; the two subtries never share a node, so a walk from a
** position follows both in lockstep and compares depths at the end. Edges
** out of the roots are kept in the interned key itself, because almost
** every text token is looked up at the root and nowhere else: one probe
** per token for most of the text.
*/
#include "gazetteer.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"

enum { NODE_NONE = 0, ROOT_EXACT = 1, ROOT_FOLD = 2, FIRST_NODE = 3 };
enum { KEY_ABSENT = -1, KEY_UNKNOWN = -2 };

typedef struct gaz_word {  /* an interned token key */
    size_t off;            /* in g->bytes */
    uint32_t len;
    uint32_t root[2];      /* child of each root along this key, NODE_NONE if none */
} gaz_word;

typedef struct gaz_slot {  /* key table: word index + 1 (0 empty) and its hash */
    uint32_t hash, word1;
} gaz_slot;

typedef struct gaz_edge {  /* parent NODE_NONE marks an empty slot */
    uint32_t parent, word, child;
} gaz_edge;

typedef struct gaz_node {
    int32_t entry;         /* entry id ending here, -1 if none */
    uint32_t nkids;        /* edges out of it (for non-roots: the walk may stop at 0) */
} gaz_node;

struct lede_gaz {
    lede_gaz_alloc_fn alloc;
    void *ud;
    char *bytes;           /* key bytes, back to back */
    size_t nbytes, capbytes;
    gaz_word *words;
    size_t nwords, capwords;
    gaz_slot *slots;       /* capacity nslots, a power of two, at most half full */
    size_t nslots;
    gaz_edge *edges;       /* likewise */
    size_t nedges, capedges;
    gaz_node *nodes;
    size_t nnodes, capnodes;
    size_t nentries, nfold;
};

/* ------------------------------------------------------------ memory */

static void *default_alloc(void *ud, void *p, size_t osize, size_t nsize)
{
    (void)ud;
    (void)osize;
    if (nsize == 0) {
        free(p);
        return NULL;
    }
    return realloc(p, nsize);
}

static void gfree(lede_gaz *g, void *p, size_t size)
{
    if (p) g->alloc(g->ud, p, size, 0);
}

/* Makes room for `need` elements in *p (capacity *cap), doubling. */
static int grow(lede_gaz *g, void **p, size_t *cap, size_t need, size_t elsize)
{
    if (need <= *cap) return LEDE_OK;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elsize) return LEDE_ENOMEM;
        ncap *= 2;
    }
    void *q = g->alloc(g->ud, *p, *p ? *cap * elsize : 0, ncap * elsize);
    if (!q) return LEDE_ENOMEM;
    *p = q;
    *cap = ncap;
    return LEDE_OK;
}

int lede_gaz_new_alloc(lede_gaz_alloc_fn alloc, void *ud, lede_gaz **out)
{
    *out = NULL;
    if (!alloc) alloc = default_alloc;
    lede_gaz *g = alloc(ud, NULL, 0, sizeof *g);
    if (!g) return LEDE_ENOMEM;
    memset(g, 0, sizeof *g);
    g->alloc = alloc;
    g->ud = ud;
    if (grow(g, (void **)&g->nodes, &g->capnodes, FIRST_NODE, sizeof *g->nodes) != LEDE_OK) {
        alloc(ud, g, sizeof *g, 0);
        return LEDE_ENOMEM;
    }
    for (size_t i = 0; i < FIRST_NODE; i++) g->nodes[i] = (gaz_node){-1, 0};
    g->nnodes = FIRST_NODE;
    *out = g;
    return LEDE_OK;
}

int lede_gaz_new(lede_gaz **out)
{
    return lede_gaz_new_alloc(default_alloc, NULL, out);
}

void lede_gaz_free(lede_gaz *g)
{
    if (!g) return;
    gfree(g, g->bytes, g->capbytes);
    gfree(g, g->words, g->capwords * sizeof *g->words);
    gfree(g, g->slots, g->nslots * sizeof *g->slots);
    gfree(g, g->edges, g->capedges * sizeof *g->edges);
    gfree(g, g->nodes, g->capnodes * sizeof *g->nodes);
    g->alloc(g->ud, g, sizeof *g, 0);
}

size_t lede_gaz_count(const lede_gaz *g)
{
    return g->nentries;
}

/* ------------------------------------------------------- token keys */

/*
** The case-sensitive key of a token: its bytes with every apostrophe,
** double quote mark and dash variant replaced by the ASCII one (the same
** classes lede_fold maps). Writes at most LEDE_GAZ_MAXTOK bytes to out;
** returns the length, or -1 when the key would be longer (such a key can be
** in no entry). The mapping only shortens, so a token of <= MAXTOK bytes
** always fits.
*/
static int key_exact(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char r = 0;
        size_t skip = 0;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
            unsigned char c2 = (unsigned char)s[i + 2];
            if (c2 >= 0x90 && c2 <= 0x95) r = '-';           /* U+2010..2015 hyphens, dashes */
            else if (c2 == 0x98 || c2 == 0x99 || c2 == 0x9B) r = '\''; /* ‘ ’ ‛ */
            else if (c2 >= 0x9C && c2 <= 0x9F) r = '"';     /* “ ” „ ‟ */
            skip = 2;
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x88 &&
                   (unsigned char)s[i + 2] == 0x92) {
            r = '-';                                          /* U+2212 minus */
            skip = 2;
        } else if (c == 0xC2 && i + 1 < n &&
                   ((unsigned char)s[i + 1] == 0xAB || (unsigned char)s[i + 1] == 0xBB)) {
            r = '"';                                          /* « » */
            skip = 1;
        } else if (c == 0xCA && i + 1 < n && (unsigned char)s[i + 1] == 0xBC) {
            r = '\'';                                         /* U+02BC modifier apostrophe */
            skip = 1;
        }
        if (o >= LEDE_GAZ_MAXTOK) return -1;
        if (r) {
            out[o++] = r;
            i += skip;
        } else {
            out[o++] = (char)c;
        }
    }
    return (int)o;
}

/*
** The folded key: the exact key passed through lede_fold (ASCII is folded
** here directly, which is what lede_fold does to it). Returns the length and
** points *key at it (in out or in scratch), -1 when too long, or
** -LEDE_ENOMEM - 1 on memory failure.
*/
static int key_fold(const char *s, size_t n, char *out, lede_buf *scratch, const char **key)
{
    size_t i = 0;
    while (i < n && (unsigned char)s[i] < 0x80) i++;
    if (i == n) {
        if (n > LEDE_GAZ_MAXTOK) return -1;
        for (i = 0; i < n; i++) {
            char c = s[i];
            out[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        *key = out;
        return (int)n;
    }
    int k = key_exact(s, n, out);
    if (k < 0) return -1;
    scratch->n = 0;
    if (lede_fold(out, (size_t)k, scratch) != LEDE_OK) return -LEDE_ENOMEM - 1;
    if (scratch->n > LEDE_GAZ_MAXTOK) return -1;
    *key = scratch->n ? scratch->p : out;
    return (int)scratch->n;
}

static uint32_t key_hash(const char *s, size_t n)
{
    uint64_t h = lede_hash64(s, n);
    return (uint32_t)(h ^ (h >> 32));
}

/* The word index of key s[0..n), or KEY_ABSENT. */
static int32_t word_find(const lede_gaz *g, const char *s, size_t n)
{
    if (!g->nslots) return KEY_ABSENT;
    uint32_t h = key_hash(s, n);
    size_t mask = g->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const gaz_slot *sl = &g->slots[i];
        if (!sl->word1) return KEY_ABSENT;
        if (sl->hash == h) {
            const gaz_word *w = &g->words[sl->word1 - 1];
            if (w->len == n && memcmp(g->bytes + w->off, s, n) == 0) return (int32_t)(sl->word1 - 1);
        }
    }
}

static void slot_put(gaz_slot *slots, size_t nslots, uint32_t h, uint32_t word1)
{
    size_t mask = nslots - 1;
    size_t i = h & mask;
    while (slots[i].word1) i = (i + 1) & mask;
    slots[i].hash = h;
    slots[i].word1 = word1;
}

/* The word index of key s[0..n), interned if new; -1 on ENOMEM. */
static int32_t word_intern(lede_gaz *g, const char *s, size_t n)
{
    int32_t w = word_find(g, s, n);
    if (w >= 0) return w;
    if (g->nwords >= INT32_MAX - 1) return -1;
    if ((g->nwords + 1) * 2 > g->nslots) {
        size_t ns = g->nslots ? g->nslots * 2 : 256;
        if (ns > SIZE_MAX / sizeof(gaz_slot)) return -1;
        gaz_slot *slots = g->alloc(g->ud, NULL, 0, ns * sizeof *slots);
        if (!slots) return -1;
        memset(slots, 0, ns * sizeof *slots);
        for (size_t i = 0; i < g->nslots; i++)
            if (g->slots[i].word1) slot_put(slots, ns, g->slots[i].hash, g->slots[i].word1);
        gfree(g, g->slots, g->nslots * sizeof *g->slots);
        g->slots = slots;
        g->nslots = ns;
    }
    if (grow(g, (void **)&g->words, &g->capwords, g->nwords + 1, sizeof *g->words) != LEDE_OK ||
        grow(g, (void **)&g->bytes, &g->capbytes, g->nbytes + n + 1, 1) != LEDE_OK)
        return -1;
    memcpy(g->bytes + g->nbytes, s, n);
    g->words[g->nwords] = (gaz_word){g->nbytes, (uint32_t)n, {NODE_NONE, NODE_NONE}};
    g->nbytes += n;
    slot_put(g->slots, g->nslots, key_hash(s, n), (uint32_t)g->nwords + 1);
    return (int32_t)g->nwords++;
}

/* ------------------------------------------------------------ the trie */

static size_t edge_home(uint32_t parent, uint32_t word, size_t mask)
{
    uint64_t h = (((uint64_t)parent << 32) | word) * 0x9E3779B97F4A7C15ULL;
    return (size_t)(h >> 32) & mask;
}

static uint32_t child(const lede_gaz *g, uint32_t parent, int32_t word)
{
    if (word < 0) return NODE_NONE;
    if (parent < FIRST_NODE) return g->words[word].root[parent - ROOT_EXACT];
    if (!g->nodes[parent].nkids) return NODE_NONE;
    size_t mask = g->capedges - 1;
    for (size_t i = edge_home(parent, (uint32_t)word, mask);; i = (i + 1) & mask) {
        const gaz_edge *e = &g->edges[i];
        if (e->parent == NODE_NONE) return NODE_NONE;
        if (e->parent == parent && e->word == (uint32_t)word) return e->child;
    }
}

/* The child of parent along word, created if absent; NODE_NONE on ENOMEM. */
static uint32_t child_add(lede_gaz *g, uint32_t parent, int32_t word)
{
    uint32_t c = child(g, parent, word);
    if (c != NODE_NONE) return c;
    if (g->nnodes >= UINT32_MAX - 1) return NODE_NONE;
    if (grow(g, (void **)&g->nodes, &g->capnodes, g->nnodes + 1, sizeof *g->nodes) != LEDE_OK)
        return NODE_NONE;
    if (parent >= FIRST_NODE && (g->nedges + 1) * 2 > g->capedges) {
        size_t nc = g->capedges ? g->capedges * 2 : 256;
        if (nc > SIZE_MAX / sizeof(gaz_edge)) return NODE_NONE;
        gaz_edge *edges = g->alloc(g->ud, NULL, 0, nc * sizeof *edges);
        if (!edges) return NODE_NONE;
        memset(edges, 0, nc * sizeof *edges);
        for (size_t i = 0; i < g->capedges; i++) {
            const gaz_edge *e = &g->edges[i];
            if (e->parent == NODE_NONE) continue;
            size_t j = edge_home(e->parent, e->word, nc - 1);
            while (edges[j].parent != NODE_NONE) j = (j + 1) & (nc - 1);
            edges[j] = *e;
        }
        gfree(g, g->edges, g->capedges * sizeof *g->edges);
        g->edges = edges;
        g->capedges = nc;
    }
    c = (uint32_t)g->nnodes++;
    g->nodes[c] = (gaz_node){-1, 0};
    g->nodes[parent].nkids++;
    if (parent < FIRST_NODE) {
        g->words[word].root[parent - ROOT_EXACT] = c;
    } else {
        size_t mask = g->capedges - 1;
        size_t i = edge_home(parent, (uint32_t)word, mask);
        while (g->edges[i].parent != NODE_NONE) i = (i + 1) & mask;
        g->edges[i] = (gaz_edge){parent, (uint32_t)word, c};
        g->nedges++;
    }
    return c;
}

/* The tokens of a surface, without trailing possessives. */
static int surface_tokens(const char *s, size_t n, lede_tokens *t)
{
    int rc = lede_tokens_fill(t, s, n);
    if (rc != LEDE_OK) return rc;
    while (t->n && t->v[t->n - 1].cls == LEDE_TOK_POSSESSIVE) t->n--;
    return LEDE_OK;
}

/* The key of token `t` of s for a walk of kind 0 (exact) or 1 (fold):
** length (>= 0) with *key set, -1 too long, < -1 ENOMEM. */
static int token_key(const char *s, const lede_token *t, int kind, char *out, lede_buf *scratch,
                     const char **key)
{
    const char *p = s + t->start;
    size_t n = (size_t)(t->end - t->start);
    if (kind) return key_fold(p, n, out, scratch, key);
    *key = out;
    return key_exact(p, n, out);
}

int lede_gaz_add(lede_gaz *g, const char *s, size_t n, int flags, int32_t *id_out)
{
    if (id_out) *id_out = -1;
    int kind = (flags & LEDE_GAZ_FOLD) ? 1 : 0;
    lede_tokens t = {NULL, 0, 0};
    lede_buf scratch = LEDE_BUF_INIT;
    char out[LEDE_GAZ_MAXTOK];
    const char *key;
    int rc = surface_tokens(s, n, &t);
    if (rc == LEDE_OK && t.n == 0) rc = LEDE_EUSAGE;
    /* Checked before anything is created, so a refused surface leaves no trace. */
    for (size_t i = 0; rc == LEDE_OK && i < t.n; i++) {
        int k = token_key(s, &t.v[i], kind, out, &scratch, &key);
        if (k < -1) rc = LEDE_ENOMEM;
        else if (k < 0) rc = LEDE_EUSAGE;
    }
    uint32_t node = kind ? ROOT_FOLD : ROOT_EXACT;
    for (size_t i = 0; rc == LEDE_OK && i < t.n; i++) {
        int k = token_key(s, &t.v[i], kind, out, &scratch, &key);
        int32_t w = k < 0 ? -1 : word_intern(g, key, (size_t)k);
        node = w < 0 ? NODE_NONE : child_add(g, node, w);
        if (node == NODE_NONE) rc = LEDE_ENOMEM;
    }
    if (rc == LEDE_OK && g->nodes[node].entry < 0) {
        if (g->nentries >= INT32_MAX) {
            rc = LEDE_ENOMEM;
        } else {
            g->nodes[node].entry = (int32_t)g->nentries++;
            if (kind) g->nfold++;
        }
    }
    if (rc == LEDE_OK && id_out) *id_out = g->nodes[node].entry;
    lede_tokens_free(&t);
    lede_buf_free(&scratch);
    return rc;
}

int lede_gaz_lookup(const lede_gaz *g, const char *s, size_t n, int flags, int32_t *id_out)
{
    *id_out = -1;
    int kind = (flags & LEDE_GAZ_FOLD) ? 1 : 0;
    lede_tokens t = {NULL, 0, 0};
    lede_buf scratch = LEDE_BUF_INIT;
    char out[LEDE_GAZ_MAXTOK];
    const char *key;
    int rc = surface_tokens(s, n, &t);
    uint32_t node = t.n ? (kind ? ROOT_FOLD : ROOT_EXACT) : NODE_NONE;
    for (size_t i = 0; rc == LEDE_OK && node != NODE_NONE && i < t.n; i++) {
        int k = token_key(s, &t.v[i], kind, out, &scratch, &key);
        if (k < -1) rc = LEDE_ENOMEM;
        else node = child(g, node, k < 0 ? KEY_ABSENT : word_find(g, key, (size_t)k));
    }
    if (rc == LEDE_OK && node != NODE_NONE) *id_out = g->nodes[node].entry;
    lede_tokens_free(&t);
    lede_buf_free(&scratch);
    return rc;
}

/* ------------------------------------------------------------ scanning */

void lede_gaz_scan_init(lede_gaz_scan *sc, const lede_gaz *g, const char *text, size_t len,
                        const lede_token *tok, size_t ntok, int flags)
{
    sc->g = g;
    sc->text = text;
    sc->len = len;
    sc->tok = tok;
    sc->ntok = ntok;
    sc->flags = flags;
    sc->i = 0;
    sc->depth = 0;
    sc->node[0] = ROOT_EXACT;
    sc->node[1] = g->nfold ? ROOT_FOLD : NODE_NONE; /* folded keys only when needed */
    sc->pending = 0;
    for (size_t r = 0; r < LEDE_GAZ_RING; r++) sc->ring[r].pos = SIZE_MAX;
    sc->fold = (lede_buf)LEDE_BUF_INIT;
}

void lede_gaz_scan_done(lede_gaz_scan *sc)
{
    lede_buf_free(&sc->fold);
}

/* The word index of token j's key of `kind` in *w (KEY_ABSENT when no
** entry has it); remembered in the ring while the walk extends. */
static int scan_key(lede_gaz_scan *sc, size_t j, int kind, int32_t *w)
{
    size_t r = j % LEDE_GAZ_RING;
    if (sc->ring[r].pos != j) {
        sc->ring[r].pos = j;
        sc->ring[r].key[0] = sc->ring[r].key[1] = KEY_UNKNOWN;
    }
    if (sc->ring[r].key[kind] == KEY_UNKNOWN) {
        const lede_token *t = &sc->tok[j];
        int32_t found = KEY_ABSENT;
        if (t->start >= 0 && t->end >= t->start && (size_t)t->end <= sc->len) {
            char out[LEDE_GAZ_MAXTOK];
            const char *key;
            int k = token_key(sc->text, t, kind, out, &sc->fold, &key);
            if (k < -1) return LEDE_ENOMEM;
            if (k >= 0) found = word_find(sc->g, key, (size_t)k);
        }
        sc->ring[r].key[kind] = found;
    }
    *w = sc->ring[r].key[kind];
    return LEDE_OK;
}

/* May a match run on from token j - 1 to token j? Not across a blank line. */
static int joins(const lede_gaz_scan *sc, size_t j)
{
    int32_t a = sc->tok[j - 1].end, b = sc->tok[j].start;
    if (a < 0 || b < a || (size_t)b > sc->len) return 0;
    int nl = 0;
    for (int32_t p = a; p < b; p++)
        if (sc->text[p] == '\n' && ++nl == 2) return 0;
    return 1;
}

/* One step of the lockstep walk: moves both nodes along token j. */
static int walk(lede_gaz_scan *sc, size_t j, uint32_t node[2])
{
    for (int kind = 0; kind < 2; kind++) {
        if (node[kind] == NODE_NONE) continue;
        if (node[kind] >= FIRST_NODE && !sc->g->nodes[node[kind]].nkids) {
            node[kind] = NODE_NONE; /* a leaf: no need to look at token j */
            continue;
        }
        int32_t w;
        int rc = scan_key(sc, j, kind, &w);
        if (rc != LEDE_OK) return rc;
        node[kind] = child(sc->g, node[kind], w);
    }
    return LEDE_OK;
}

static void fill(const lede_gaz_scan *sc, size_t i, size_t n, int32_t entry, lede_gaz_hit *m)
{
    m->start = sc->tok[i].start;
    m->end = sc->tok[i + n - 1].end;
    m->entry = entry;
    m->tok = (int32_t)i;
    m->ntok = (int32_t)n;
}

static int next_longest(lede_gaz_scan *sc, lede_gaz_hit *m)
{
    const lede_gaz *g = sc->g;
    while (sc->i < sc->ntok) {
        size_t i = sc->i, best = 0;
        int32_t entry = -1;
        uint32_t node[2] = {ROOT_EXACT, g->nfold ? ROOT_FOLD : NODE_NONE};
        for (size_t j = i; j < sc->ntok; j++) {
            if (j > i && !joins(sc, j)) break;
            int rc = walk(sc, j, node);
            if (rc != LEDE_OK) return rc;
            if (node[0] == NODE_NONE && node[1] == NODE_NONE) break;
            if (node[0] != NODE_NONE && g->nodes[node[0]].entry >= 0) {
                best = j - i + 1;
                entry = g->nodes[node[0]].entry;
            } else if (node[1] != NODE_NONE && g->nodes[node[1]].entry >= 0) {
                best = j - i + 1;
                entry = g->nodes[node[1]].entry;
            }
        }
        if (best) {
            fill(sc, i, best, entry, m);
            sc->i = i + best;
            return LEDE_ROW;
        }
        sc->i = i + 1;
    }
    return LEDE_DONE;
}

/* Resumable: sc->depth tokens walked from sc->i to sc->node, with the
** matches found there (bit 0 exact, bit 1 folded) in sc->pending. */
static int next_all(lede_gaz_scan *sc, lede_gaz_hit *m)
{
    const lede_gaz *g = sc->g;
    for (;;) {
        for (int kind = 0; kind < 2; kind++) {
            if (!(sc->pending & (1u << kind))) continue;
            sc->pending &= ~(1u << kind);
            fill(sc, sc->i, sc->depth, g->nodes[sc->node[kind]].entry, m);
            return LEDE_ROW;
        }
        if (sc->i >= sc->ntok) return LEDE_DONE;
        size_t j = sc->i + sc->depth;
        if ((sc->node[0] == NODE_NONE && sc->node[1] == NODE_NONE) || j >= sc->ntok ||
            (sc->depth && !joins(sc, j))) {
            sc->i++;
            sc->depth = 0;
            sc->node[0] = ROOT_EXACT;
            sc->node[1] = g->nfold ? ROOT_FOLD : NODE_NONE;
            continue;
        }
        /* Committed only on success, so a failed step can be retried. */
        uint32_t node[2] = {sc->node[0], sc->node[1]};
        int rc = walk(sc, j, node);
        if (rc != LEDE_OK) return rc;
        sc->node[0] = node[0];
        sc->node[1] = node[1];
        sc->depth++;
        for (int kind = 0; kind < 2; kind++)
            if (sc->node[kind] != NODE_NONE && g->nodes[sc->node[kind]].entry >= 0)
                sc->pending |= 1u << kind;
    }
}

int lede_gaz_scan_next(lede_gaz_scan *sc, lede_gaz_hit *m)
{
    return (sc->flags & LEDE_GAZ_ALL) ? next_all(sc, m) : next_longest(sc, m);
}

int lede_gaz_match_tokens(const lede_gaz *g, const char *text, size_t len,
                          const lede_token *tok, size_t ntok, int flags, void *ctx,
                          lede_gaz_fn fn)
{
    lede_gaz_scan sc;
    lede_gaz_hit m;
    int rc;
    lede_gaz_scan_init(&sc, g, text, len, tok, ntok, flags);
    while ((rc = lede_gaz_scan_next(&sc, &m)) == LEDE_ROW) {
        int r = fn(ctx, &m);
        if (r) {
            rc = r;
            break;
        }
    }
    lede_gaz_scan_done(&sc);
    return rc == LEDE_DONE ? LEDE_OK : rc;
}

int lede_gaz_match(const lede_gaz *g, const char *text, size_t len, int flags, void *ctx,
                   lede_gaz_fn fn)
{
    lede_tokens t = {NULL, 0, 0};
    int rc = lede_tokens_fill(&t, text, len);
    if (rc == LEDE_OK) rc = lede_gaz_match_tokens(g, text, len, t.v, t.n, flags, ctx, fn);
    lede_tokens_free(&t);
    return rc;
}
