/*
** gazetteer.c -- the gazetteer matcher (see gazetteer.h): token keys
** interned once, a trie whose edges live in one open-addressing table keyed
** by (parent node, token key), and a leftmost-longest scan that hashes each
** text token once.
**
** The trie has two roots, one for case-sensitive entries and one for
** folded ones; the two subtries never share a node, so a walk from a
** position follows both in lockstep and compares depths at the end. Almost
** every text token is looked up at the roots and nowhere else, so that
** case is made cheap twice over: a bitmap of the first two bytes of every
** entry's first key turns most tokens away without hashing them, and the
** edges out of the roots live in the interned key itself (one probe).
*/
#include "gazetteer.h"

#include <stdlib.h>
#include <string.h>

#include "unicode.h"
#include "utf8.h"

enum { NODE_NONE = 0, ROOT_EXACT = 1, ROOT_FOLD = 2, FIRST_NODE = 3 };
enum { KEY_ABSENT = -1, KEY_UNKNOWN = -2 };

typedef struct gaz_word {  /* an interned token key */
    uint32_t off, len;     /* in g->bytes */
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
    /* Which first two bytes start an entry's key, per root: most tokens of
    ** a text start none, and this says so without hashing them. */
    uint64_t first[2][65536 / 64];
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
** Keys follow lede_fold's equivalences (token.c) so that folded and
** case-sensitive entries agree on what is "the same character": the
** apostrophe, double quote and dash variants become ', " and -, and
** invisible format characters (soft hyphen, joiners) are dropped.
*/
static char punct_class(uint32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2039: case 0x203A:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB:
        return '"';
    default:
        break;
    }
    if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0x2E3A || cp == 0x2E3B ||
        cp == 0xFE58 || cp == 0xFE63 || cp == 0xFF0D)
        return '-';
    return 0;
}

/* Up to 7 bytes as one word, all of them seen: two overlapping loads, or
** first, middle and last byte (which are all the bytes when n < 4). */
static inline uint64_t load_tail(const unsigned char *p, size_t n)
{
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + n - 4, 4);
        return ((uint64_t)a << 32) | b;
    }
    if (n) return ((uint64_t)p[0] << 16) | ((uint64_t)p[n >> 1] << 8) | p[n - 1];
    return 0;
}

/*
** The hash of a key, and whether its bytes are all ASCII (*ascii), in one
** pass: keys are words, so eight bytes per multiply and no call beat a
** general-purpose hash, and most text tokens need nothing else.
*/
static inline uint32_t key_hash(const char *s, size_t n, int *ascii)
{
    const unsigned char *p = (const unsigned char *)s;
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, seen = 0;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        seen |= w;
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    uint64_t w = load_tail(p, n);
    seen |= w;
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 29;
    h *= 0x9E3779B97F4A7C15ULL;
    *ascii = !(seen & 0x8080808080808080ULL);
    return (uint32_t)(h >> 32);
}

/* Writes the case-sensitive key of s[0..n) to out (cap bytes): its length,
** or -1 when it does not fit. */
static int key_exact_into(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (o >= cap) return -1;
            out[o++] = (char)c;
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = (size_t)lede_utf8_decode(s, n, i, &cp);
        char r = punct_class(cp);
        if (r) {
            if (o >= cap) return -1;
            out[o++] = r;
        } else if (lede_unicode_category(cp) != LEDE_UC_CF) {
            if (o + k > cap) return -1;
            memcpy(out + o, s + i, k);
            o += k;
        }
        i += k;
    }
    return (int)o;
}

static int in_text(const lede_token *t, size_t len)
{
    return t->start >= 0 && t->end >= t->start && (size_t)t->end <= len;
}

/* A lone hyphen or en dash (U+2010..2013): the dashes that join words. */
static int joining_dash(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    if (n == 1) return p[0] == '-';
    return n == 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0x93;
}

/*
** Does token k run on into k + 2 through a joining dash, with no space
** between? The tokenizer keeps "Israel-Hamas" one word but cuts
** "Israel–Hamas" in three; keys glue the three back together, so both
** spellings of a compound are one key. An em dash is not glued: unspaced,
** it sets off a clause ("Qatar—a mediator—said"), and Qatar must match.
*/
static int glued(const char *text, size_t len, const lede_token *t, size_t ntok, size_t k)
{
    if (k + 2 >= ntok || t[k + 1].cls != LEDE_TOK_DASH) return 0;
    const lede_token *a = &t[k], *d = &t[k + 1], *b = &t[k + 2];
    if ((a->cls != LEDE_TOK_WORD && a->cls != LEDE_TOK_NUMBER) ||
        (b->cls != LEDE_TOK_WORD && b->cls != LEDE_TOK_NUMBER))
        return 0;
    if (a->end != d->start || d->end != b->start || !in_text(d, len) || !in_text(b, len)) return 0;
    return joining_dash(text + d->start, (size_t)(d->end - d->start));
}

/* A key's first two bytes as an index into lede_gaz.first. */
static inline unsigned first_index(const char *key, size_t n)
{
    const unsigned char *p = (const unsigned char *)key;
    return n ? ((unsigned)p[0] << 8) | (n > 1 ? p[1] : 0u) : 0u;
}

/* Where a unit's keys are built. */
typedef struct keybuf {
    char *exact, *fold; /* LEDE_GAZ_MAXTOK bytes each */
    lede_buf *scratch;  /* for lede_fold of non-ASCII keys */
} keybuf;

/*
** The key of `kind` (0 case-sensitive, 1 folded) of the unit starting at
** token j: one token, or words glued by dashes. *unit gets the unit's
** token count (always, so a scan can step over it). Returns the key length
** with *key and *hash set, -1 when no entry can have it (too long, out of
** the text), or < -1 on ENOMEM.
*/
static int unit_key(const char *text, size_t len, const lede_token *tok, size_t ntok, size_t j,
                    int kind, keybuf *kb, const char **key, uint32_t *hash, size_t *unit)
{
    *unit = 1;
    if (!in_text(&tok[j], len)) return -1;
    size_t last = j;
    while (glued(text, len, tok, ntok, last)) last += 2;
    *unit = last - j + 1;
    const char *ek;
    int n, ascii;
    if (last == j) {
        const char *p = text + tok[j].start;
        size_t pn = (size_t)(tok[j].end - tok[j].start);
        uint32_t h = key_hash(p, pn, &ascii);
        if (ascii) {
            if (pn > LEDE_GAZ_MAXTOK) return -1;
            if (!kind) { /* the common case: the text is its own key */
                *key = p;
                *hash = h;
                return (int)pn;
            }
            ek = p;
            n = (int)pn;
        } else {
            ek = kb->exact;
            n = key_exact_into(p, pn, kb->exact, LEDE_GAZ_MAXTOK);
        }
    } else {
        size_t o = 0;
        for (size_t k = j; k <= last; k += 2) {
            if (k > j) {
                if (o >= LEDE_GAZ_MAXTOK) return -1;
                kb->exact[o++] = '-';
            }
            int m = key_exact_into(text + tok[k].start, (size_t)(tok[k].end - tok[k].start),
                                   kb->exact + o, LEDE_GAZ_MAXTOK - o);
            if (m < 0) return -1;
            o += (size_t)m;
        }
        ek = kb->exact;
        n = (int)o;
    }
    if (n < 0) return -1;
    uint32_t h = key_hash(ek, (size_t)n, &ascii);
    if (!kind) {
        *key = ek;
        *hash = h;
        return n;
    }
    if (ascii) {
        for (int i = 0; i < n; i++) {
            char c = ek[i];
            kb->fold[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        *key = kb->fold;
    } else {
        kb->scratch->n = 0;
        if (lede_fold(ek, (size_t)n, kb->scratch) != LEDE_OK) return -LEDE_ENOMEM - 1;
        if (kb->scratch->n > LEDE_GAZ_MAXTOK) return -1;
        *key = kb->scratch->p ? kb->scratch->p : "";
        n = (int)kb->scratch->n;
    }
    *hash = key_hash(*key, (size_t)n, &ascii);
    return n;
}

/* The word index of key s[0..n) whose hash is h, or KEY_ABSENT. */
static inline int32_t word_find(const lede_gaz *g, const char *s, size_t n, uint32_t h)
{
    if (!g->nslots) return KEY_ABSENT;
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
static int32_t word_intern(lede_gaz *g, const char *s, size_t n, uint32_t h)
{
    int32_t w = word_find(g, s, n, h);
    if (w >= 0) return w;
    if (g->nwords >= INT32_MAX - 1 || g->nbytes + n > UINT32_MAX) return -1;
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
    g->words[g->nwords] = (gaz_word){(uint32_t)g->nbytes, (uint32_t)n, {NODE_NONE, NODE_NONE}};
    g->nbytes += n;
    slot_put(g->slots, g->nslots, h, (uint32_t)g->nwords + 1);
    return (int32_t)g->nwords++;
}

/* ------------------------------------------------------------ the trie */

static size_t edge_home(uint32_t parent, uint32_t word, size_t mask)
{
    uint64_t h = (((uint64_t)parent << 32) | word) * 0x9E3779B97F4A7C15ULL;
    return (size_t)(h >> 32) & mask;
}

static inline uint32_t child(const lede_gaz *g, uint32_t parent, int32_t word)
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

int lede_gaz_add(lede_gaz *g, const char *s, size_t n, int flags, int32_t *id_out)
{
    if (id_out) *id_out = -1;
    int kind = (flags & LEDE_GAZ_FOLD) ? 1 : 0;
    lede_tokens t = {NULL, 0, 0};
    lede_buf scratch = LEDE_BUF_INIT;
    char exact[LEDE_GAZ_MAXTOK], fold[LEDE_GAZ_MAXTOK];
    keybuf kb = {exact, fold, &scratch};
    const char *key;
    uint32_t h;
    size_t unit;
    int rc = surface_tokens(s, n, &t);
    if (rc == LEDE_OK && t.n == 0) rc = LEDE_EUSAGE;
    /* Checked before anything is created, so a refused surface leaves no trace. */
    for (size_t i = 0; rc == LEDE_OK && i < t.n; i += unit) {
        int k = unit_key(s, n, t.v, t.n, i, kind, &kb, &key, &h, &unit);
        if (k < -1) rc = LEDE_ENOMEM;
        else if (k < 0) rc = LEDE_EUSAGE;
    }
    uint32_t node = kind ? ROOT_FOLD : ROOT_EXACT;
    for (size_t i = 0; rc == LEDE_OK && i < t.n; i += unit) {
        int k = unit_key(s, n, t.v, t.n, i, kind, &kb, &key, &h, &unit);
        if (i == 0 && k >= 0) {
            unsigned x = first_index(key, (size_t)k);
            g->first[kind][x / 64] |= 1ULL << (x % 64);
        }
        int32_t w = k < 0 ? -1 : word_intern(g, key, (size_t)k, h);
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
    char exact[LEDE_GAZ_MAXTOK], fold[LEDE_GAZ_MAXTOK];
    keybuf kb = {exact, fold, &scratch};
    const char *key;
    uint32_t h;
    size_t unit;
    int rc = surface_tokens(s, n, &t);
    uint32_t node = t.n ? (kind ? ROOT_FOLD : ROOT_EXACT) : NODE_NONE;
    for (size_t i = 0; rc == LEDE_OK && node != NODE_NONE && i < t.n; i += unit) {
        int k = unit_key(s, n, t.v, t.n, i, kind, &kb, &key, &h, &unit);
        if (k < -1) rc = LEDE_ENOMEM;
        else node = child(g, node, k < 0 ? KEY_ABSENT : word_find(g, key, (size_t)k, h));
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
    sc->step = 1;
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

/* The word index of the key of `kind` of the unit at token j in *w
** (KEY_ABSENT when no entry has it) and the unit's token count in *unit;
** remembered in the ring while a walk extends over it. */
static inline int scan_key(lede_gaz_scan *sc, size_t j, int kind, int32_t *w, size_t *unit)
{
    size_t r = j % LEDE_GAZ_RING;
    if (sc->ring[r].pos != j) {
        sc->ring[r].pos = j;
        sc->ring[r].key[0] = sc->ring[r].key[1] = KEY_UNKNOWN;
    }
    if (sc->ring[r].key[kind] == KEY_UNKNOWN) {
        const lede_token *t = &sc->tok[j];
        int ascii = 0;
        if (!kind && in_text(t, sc->len) &&
            (j + 1 >= sc->ntok || sc->tok[j + 1].cls != LEDE_TOK_DASH)) {
            /* Most of the text: one ASCII token that is its own key. */
            const char *p = sc->text + t->start;
            size_t n = (size_t)(t->end - t->start);
            uint32_t h = key_hash(p, n, &ascii);
            if (ascii) {
                sc->ring[r].key[0] = n > LEDE_GAZ_MAXTOK ? KEY_ABSENT : word_find(sc->g, p, n, h);
                sc->ring[r].unit = 1;
            }
        }
        if (!ascii) {
            keybuf kb = {sc->keys[0], sc->keys[1], &sc->fold};
            const char *key;
            uint32_t h;
            size_t u;
            int k = unit_key(sc->text, sc->len, sc->tok, sc->ntok, j, kind, &kb, &key, &h, &u);
            if (k < -1) return LEDE_ENOMEM;
            sc->ring[r].key[kind] = k < 0 ? KEY_ABSENT : word_find(sc->g, key, (size_t)k, h);
            sc->ring[r].unit = (uint32_t)u;
        }
    }
    *w = sc->ring[r].key[kind];
    *unit = sc->ring[r].unit;
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

/* One step of the lockstep walk: moves both nodes along the unit at token
** j and sets *unit to its token count (left alone when neither walk needed
** the unit, which ends the walk anyway). */
static int walk(lede_gaz_scan *sc, size_t j, uint32_t node[2], size_t *unit)
{
    for (int kind = 0; kind < 2; kind++) {
        if (node[kind] == NODE_NONE) continue;
        if (node[kind] >= FIRST_NODE && !sc->g->nodes[node[kind]].nkids) {
            node[kind] = NODE_NONE; /* a leaf: no need to look at token j */
            continue;
        }
        int32_t w;
        int rc = scan_key(sc, j, kind, &w, unit);
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

/*
** May an entry start at token i? A cheap, conservative test: a lone token
** whose first two bytes are ASCII has them as the first two bytes of its
** key (folded: in lower case), which lede_gaz.first knows. Everything else
** goes the long way.
*/
static inline int may_start(const lede_gaz_scan *sc, size_t i)
{
    const lede_token *t = &sc->tok[i];
    if (!in_text(t, sc->len) || t->end == t->start) return 1;
    if (i + 1 < sc->ntok && sc->tok[i + 1].cls == LEDE_TOK_DASH) return 1;
    const unsigned char *p = (const unsigned char *)sc->text + t->start;
    unsigned b0 = p[0], b1 = t->end - t->start > 1 ? p[1] : 0;
    if ((b0 | b1) & 0x80) return 1;
    const lede_gaz *g = sc->g;
    unsigned x = (b0 << 8) | b1;
    if (g->first[0][x / 64] & (1ULL << (x % 64))) return 1;
    if (!g->nfold) return 0;
    if (b0 >= 'A' && b0 <= 'Z') b0 += 32;
    if (b1 >= 'A' && b1 <= 'Z') b1 += 32;
    x = (b0 << 8) | b1;
    return (g->first[1][x / 64] & (1ULL << (x % 64))) != 0;
}

static int next_longest(lede_gaz_scan *sc, lede_gaz_hit *m)
{
    const lede_gaz *g = sc->g;
    while (sc->i < sc->ntok) {
        if (!may_start(sc, sc->i)) {
            sc->i++; /* a lone token, so one step is its unit */
            continue;
        }
        size_t i = sc->i, best = 0, step = 1;
        int32_t entry = -1;
        uint32_t node[2] = {ROOT_EXACT, g->nfold ? ROOT_FOLD : NODE_NONE};
        for (size_t j = i; j < sc->ntok;) {
            if (j > i && !joins(sc, j)) break;
            size_t unit = 1;
            int rc = walk(sc, j, node, &unit);
            if (rc != LEDE_OK) return rc;
            if (j == i) step = unit;
            j += unit;
            if (node[0] == NODE_NONE && node[1] == NODE_NONE) break;
            if (node[0] != NODE_NONE && g->nodes[node[0]].entry >= 0) {
                best = j - i;
                entry = g->nodes[node[0]].entry;
            } else if (node[1] != NODE_NONE && g->nodes[node[1]].entry >= 0) {
                best = j - i;
                entry = g->nodes[node[1]].entry;
            }
        }
        if (best) {
            fill(sc, i, best, entry, m);
            sc->i = i + best;
            return LEDE_ROW;
        }
        sc->i = i + step; /* never into the middle of a glued compound */
    }
    return LEDE_DONE;
}

/* Resumable: sc->depth tokens walked from sc->i to sc->node, with the
** matches found there (bit 0 exact, bit 1 folded) in sc->pending; sc->step
** is the size of the first unit, where the next start is. */
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
        if (!sc->depth && !may_start(sc, sc->i)) {
            sc->i++;
            continue;
        }
        size_t j = sc->i + sc->depth;
        if ((sc->node[0] == NODE_NONE && sc->node[1] == NODE_NONE) || j >= sc->ntok ||
            (sc->depth && !joins(sc, j))) {
            sc->i += sc->depth ? sc->step : 1;
            sc->depth = 0;
            sc->node[0] = ROOT_EXACT;
            sc->node[1] = g->nfold ? ROOT_FOLD : NODE_NONE;
            continue;
        }
        /* Committed only on success, so a failed step can be retried. */
        uint32_t node[2] = {sc->node[0], sc->node[1]};
        size_t unit = 1;
        int rc = walk(sc, j, node, &unit);
        if (rc != LEDE_OK) return rc;
        sc->node[0] = node[0];
        sc->node[1] = node[1];
        if (!sc->depth) sc->step = unit;
        sc->depth += unit;
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
