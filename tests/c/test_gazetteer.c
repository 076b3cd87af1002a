/*
** test_gazetteer.c -- the gazetteer matcher as an extractor sees it: which
** words of a sentence are reported, with which entry, and what happens on
** the edges (case, apostrophes, possessives, sentence ends, memory).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "gazetteer.h"
#include "tap.h"

/* ------------------------------------------------------------ helpers */

static int add(lede_gaz *g, const char *s, int flags)
{
    int32_t id = -99;
    int rc = lede_gaz_add(g, s, strlen(s), flags, &id);
    return rc == LEDE_OK ? id : -100 - rc;
}

typedef struct collect {
    const char *text;
    lede_buf out;
} collect;

static int on_hit(void *ctx, const lede_gaz_hit *m)
{
    collect *c = ctx;
    if (c->out.n) lede_buf_addc(&c->out, '|');
    lede_buf_printf(&c->out, "%.*s#%d", (int)(m->end - m->start), c->text + m->start,
                    (int)m->entry);
    return 0;
}

/* The matches in text as "surface#id|surface#id"; the caller frees. */
static char *scan(const lede_gaz *g, const char *text, int flags)
{
    collect c = {text, LEDE_BUF_INIT};
    int rc = lede_gaz_match(g, text, strlen(text), flags, &c, on_hit);
    if (rc != LEDE_OK) lede_buf_printf(&c.out, "(rc %d)", rc);
    char *s = strdup(lede_buf_cstr(&c.out));
    lede_buf_free(&c.out);
    return s;
}

static void is_scan(tap *t, const lede_gaz *g, const char *text, int flags, const char *want,
                    const char *name)
{
    char *got = scan(g, text, flags);
    TAP_IS_STR(t, got, want, name);
    free(got);
}

static lede_gaz *fresh(void)
{
    lede_gaz *g = NULL;
    if (lede_gaz_new(&g) != LEDE_OK) {
        printf("Bail out! lede_gaz_new failed\n");
        exit(1);
    }
    return g;
}

/* -------------------------------------------------------------- tests */

static void test_longest(tap *t)
{
    lede_gaz *g = fresh();
    TAP_IS_INT(t, add(g, "Gaza", 0), 0, "first entry gets id 0");
    TAP_IS_INT(t, add(g, "Gaza Strip", 0), 1, "second entry gets id 1");
    TAP_IS_INT(t, add(g, "Gaza Strip border", 0), 2, "third entry gets id 2");
    TAP_IS_INT(t, lede_gaz_count(g), 3, "three entries");
    is_scan(t, g, "Trucks at the Gaza Strip border waited.", 0, "Gaza Strip border#2",
            "the longest of three nested entries wins");
    is_scan(t, g, "Aid reached the Gaza Strip on Monday.", 0, "Gaza Strip#1",
            "two-token entry when the third token differs");
    is_scan(t, g, "Gaza Strip borders were shut.", 0, "Gaza Strip#1",
            "a partial walk falls back to the longest entry it passed");
    is_scan(t, g, "In Gaza, and in Gaza City.", 0, "Gaza#0|Gaza#0", "single-token entry");
    lede_gaz_free(g);

    g = fresh();
    add(g, "Gaza", 0);
    add(g, "Gaza Strip border", 0);
    add(g, "Strip", 0);
    is_scan(t, g, "the Gaza Strip crossing", 0, "Gaza#0|Strip#2",
            "no entry for the middle prefix: back off to the shorter one, then go on");
    lede_gaz_free(g);
}

static void test_leftmost(tap *t)
{
    lede_gaz *g = fresh();
    add(g, "New York", 0);            /* 0 */
    add(g, "York University", 0);     /* 1 */
    add(g, "New York University", 0); /* 2 */
    add(g, "Toronto", 0);             /* 3 */
    is_scan(t, g, "She studied at New York University in Toronto.", 0,
            "New York University#2|Toronto#3", "the longest entry at the leftmost start");
    is_scan(t, g, "from New York to York University", 0, "New York#0|York University#1",
            "matches side by side");
    is_scan(t, g, "New York York University", 0, "New York#0|York University#1",
            "a match resumes right after the previous one");
    is_scan(t, g, "New York University", LEDE_GAZ_ALL,
            "New York#0|New York University#2|York University#1",
            "LEDE_GAZ_ALL: overlapping matches by start, then length");
    lede_gaz_free(g);

    g = fresh();
    add(g, "New York", 0);      /* 0 */
    add(g, "York University", 0); /* 1 */
    is_scan(t, g, "New York University", 0, "New York#0",
            "leftmost wins over a longer overlapping match further right");
    lede_gaz_free(g);
}

static void test_case(tap *t)
{
    lede_gaz *g = fresh();
    add(g, "WHO", 0);                                  /* 0 */
    add(g, "US", 0);                                   /* 1 */
    add(g, "ceasefire", LEDE_GAZ_FOLD);                /* 2 */
    add(g, "Carnegie Endowment for International Peace", LEDE_GAZ_FOLD); /* 3 */
    is_scan(t, g, "who told us that the WHO and the US disagree", 0, "WHO#0|US#1",
            "case-sensitive by default: WHO and US, not who and us");
    is_scan(t, g, "Ceasefire talks; CEASEFIRE now; a ceasefire", 0,
            "Ceasefire#2|CEASEFIRE#2|ceasefire#2", "a folded entry matches any case");
    is_scan(t, g, "the CARNEGIE endowment for international peace said", 0,
            "CARNEGIE endowment for international peace#3", "folded multi-token entry");
    lede_gaz_free(g);

    g = fresh();
    add(g, "WHO", 0);             /* 0 */
    add(g, "who", LEDE_GAZ_FOLD); /* 1 */
    add(g, "Who Knows", 0);       /* 2 */
    is_scan(t, g, "WHO said; Who said; who said", 0, "WHO#0|Who#1|who#1",
            "same tokens in both modes: the case-sensitive entry is preferred");
    is_scan(t, g, "Who Knows", 0, "Who Knows#2", "a longer exact entry beats a folded one");
    is_scan(t, g, "WHO", LEDE_GAZ_ALL, "WHO#0|WHO#1", "LEDE_GAZ_ALL reports both modes");
    TAP_IS_INT(t, add(g, "who", 0), 3, "the same surface case-sensitively is another entry");
    TAP_IS_INT(t, add(g, "WHO", LEDE_GAZ_FOLD), 1, "folded duplicates collapse");
    lede_gaz_free(g);
}

static void test_normalisation(tap *t)
{
    lede_gaz *g = fresh();
    add(g, "Prime Minister\xe2\x80\x99s Office", 0); /* 0, curly apostrophe */
    add(g, "Israel's Knesset", 0);                   /* 1, straight */
    add(g, "Al-Aqsa", 0);                             /* 2 */
    is_scan(t, g, "the Prime Minister's Office said", 0, "Prime Minister's Office#0",
            "curly apostrophe in the entry matches a straight one in the text");
    is_scan(t, g, "Israel\xe2\x80\x99s Knesset voted", 0,
            "Israel\xe2\x80\x99s Knesset#1", "straight in the entry matches curly in the text");
    is_scan(t, g, "at Al-Aqsa today", 0, "Al-Aqsa#2", "entry with an inner hyphen");
    is_scan(t, g, "at Al\xe2\x80\x90" "Aqsa today", 0, "Al\xe2\x80\x90" "Aqsa#2",
            "U+2010 hyphen in the text matches the ASCII one");
    TAP_IS_INT(t, add(g, "Prime Minister's Office", 0), 0,
               "the straight-apostrophe surface is the same entry");
    lede_gaz_free(g);

    /* The tokenizer keeps a hyphenated compound whole but cuts one written
    ** with an en or em dash; both must be the same entry. */
    g = fresh();
    add(g, "Israel-Hamas war", 0);       /* 0 */
    add(g, "Guinea\xe2\x80\x93" "Bissau", 0); /* 1, en dash */
    add(g, "Hamas", 0);                  /* 2 */
    is_scan(t, g, "the Israel\xe2\x80\x93" "Hamas war began", 0,
            "Israel\xe2\x80\x93" "Hamas war#0", "en dash in the text, hyphen in the entry");
    add(g, "Qatar", 0); /* 3 */
    is_scan(t, g, "Qatar\xe2\x80\x94" "a mediator\xe2\x80\x94" "hosted the talks", 0, "Qatar#3",
            "an unspaced em dash sets off a clause: it joins nothing");
    is_scan(t, g, "Guinea-Bissau and Guinea\xe2\x80\x93" "Bissau", 0,
            "Guinea-Bissau#1|Guinea\xe2\x80\x93" "Bissau#1", "en dash in the entry, either in the text");
    is_scan(t, g, "an Israel-Hamas truce, an Israel\xe2\x80\x93" "Hamas truce", 0, "",
            "no match inside a compound, however its dash is written");
    is_scan(t, g, "Israel \xe2\x80\x93 Hamas war; Hamas", 0, "Hamas#2|Hamas#2",
            "a spaced dash separates words: no compound there");
    is_scan(t, g, "Israel\xe2\x80\x93" "Hamas war", LEDE_GAZ_ALL, "Israel\xe2\x80\x93" "Hamas war#0",
            "LEDE_GAZ_ALL does not start inside a compound either");
    TAP_IS_INT(t, add(g, "Israel\xe2\x80\x93" "Hamas war", 0), 0,
               "the en-dash surface is the same entry as the hyphen one");
    lede_gaz_free(g);
}

static void test_possessive(tap *t)
{
    lede_gaz *g = fresh();
    add(g, "Hamas", 0);     /* 0 */
    add(g, "Gaza Strip", 0); /* 1 */
    is_scan(t, g, "Hamas\xe2\x80\x99s leaders and Hamas's rivals", 0, "Hamas#0|Hamas#0",
            "a possessive after a match is not part of it");
    is_scan(t, g, "the Gaza Strip's south", 0, "Gaza Strip#1", "after a multi-token match");
    TAP_IS_INT(t, add(g, "Hamas\xe2\x80\x99s", 0), 0, "a trailing possessive on a surface is dropped");
    TAP_IS_INT(t, lede_gaz_count(g), 2, "so no entry was added");
    TAP_IS_INT(t, add(g, "United Arab Emirates", 0), 2, "another entry");
    is_scan(t, g, "the United Arab Emirates\xe2\x80\x99 ministers", 0, "United Arab Emirates#2",
            "a plural possessive after a match is not part of it either");
    lede_gaz_free(g);
}

static void test_punctuation(tap *t)
{
    lede_gaz *g = fresh();
    add(g, "U.S.", 0);          /* 0 */
    add(g, "Gaza Strip", 0);    /* 1 */
    add(g, "U.S. Congress", 0); /* 2 */
    is_scan(t, g, "the U.S. said on Monday", 0, "U.S.#0", "an abbreviation with periods");
    is_scan(t, g, "the U.S. Congress met", 0, "U.S. Congress#2", "abbreviation inside an entry");
    is_scan(t, g, "Aid for Gaza. Strip clubs closed.", 0, "",
            "no match across a sentence end");
    is_scan(t, g, "Aid for Gaza, Strip", 0, "", "no match across a comma");
    is_scan(t, g, "Gaza\nStrip", 0, "Gaza\nStrip#1", "a line break inside a match is fine");
    is_scan(t, g, "Gaza\n\nStrip", 0, "", "no match across a blank line");
    is_scan(t, g, "GazaStrip", 0, "", "no match inside a word");
    lede_gaz_free(g);
}

static void test_unicode(tap *t)
{
    lede_gaz *g = fresh();
    add(g, "T\xc5\x8dky\xc5\x8d", 0);       /* 0 Tōkyō */
    add(g, "Z\xc3\xbcrich", LEDE_GAZ_FOLD); /* 1 Zürich */
    add(g, "S\xc3\xa3o Paulo", 0);          /* 2 São Paulo */
    is_scan(t, g, "from Z\xc3\xbcrich to T\xc5\x8dky\xc5\x8d via S\xc3\xa3o Paulo", 0,
            "Z\xc3\xbcrich#1|T\xc5\x8dky\xc5\x8d#0|S\xc3\xa3o Paulo#2", "non-ASCII entries");
    is_scan(t, g, "Z\xc3\x9c" "RICH", 0, "Z\xc3\x9c" "RICH#1", "folding covers non-ASCII letters");
    is_scan(t, g, "Tokyo and t\xc5\x8dky\xc5\x8d", 0, "",
            "case-sensitive non-ASCII entry: no match without the macrons or in lower case");
    lede_gaz_free(g);
}

static void test_empty(tap *t)
{
    lede_gaz *g = fresh();
    is_scan(t, g, "Nothing to find here.", 0, "", "an empty matcher finds nothing");
    add(g, "Gaza", 0);
    is_scan(t, g, "", 0, "", "empty text");
    is_scan(t, g, "   \n\n  ", 0, "", "blank text");
    TAP_IS_INT(t, add(g, "", 0), -100 - LEDE_EUSAGE, "an empty surface is refused");
    TAP_IS_INT(t, add(g, " \t ", 0), -100 - LEDE_EUSAGE, "a blank surface is refused");
    char longword[400];
    memset(longword, 'a', sizeof longword - 1);
    longword[sizeof longword - 1] = '\0';
    TAP_IS_INT(t, add(g, longword, 0), -100 - LEDE_EUSAGE, "a token over LEDE_GAZ_MAXTOK is refused");
    TAP_IS_INT(t, lede_gaz_count(g), 1, "refused surfaces add nothing");
    is_scan(t, g, longword, 0, "", "a very long text token matches nothing");
    lede_gaz_free(g);
    lede_gaz_free(NULL);
    TAP_OK(t, 1, "lede_gaz_free(NULL) is a no-op");
}

static void test_lookup(tap *t)
{
    lede_gaz *g = fresh();
    add(g, "Gaza Strip", 0);                   /* 0 */
    add(g, "East Jerusalem", LEDE_GAZ_FOLD);   /* 1 */
    int32_t id = -5;
    lede_gaz_lookup(g, "Gaza  Strip", 11, 0, &id);
    TAP_IS_INT(t, id, 0, "lookup by surface (spacing does not matter)");
    lede_gaz_lookup(g, "Gaza", 4, 0, &id);
    TAP_IS_INT(t, id, -1, "a prefix of an entry is not an entry");
    lede_gaz_lookup(g, "gaza strip", 10, 0, &id);
    TAP_IS_INT(t, id, -1, "case-sensitive lookup");
    lede_gaz_lookup(g, "EAST JERUSALEM", 14, LEDE_GAZ_FOLD, &id);
    TAP_IS_INT(t, id, 1, "folded lookup");
    lede_gaz_lookup(g, "East Jerusalem", 14, 0, &id);
    TAP_IS_INT(t, id, -1, "a folded entry is not found by a case-sensitive lookup");
    lede_gaz_lookup(g, "", 0, 0, &id);
    TAP_IS_INT(t, id, -1, "empty lookup");
    lede_gaz_free(g);
}

static int stop_at_first(void *ctx, const lede_gaz_hit *m)
{
    *(int *)ctx += 1;
    (void)m;
    return 7;
}

static void test_api(tap *t)
{
    lede_gaz *g = fresh();
    add(g, "Rafah", 0);
    add(g, "Khan Younis", 0);
    const char *text = "From Rafah to Khan Younis and back to Rafah.";
    int calls = 0;
    TAP_IS_INT(t, lede_gaz_match(g, text, strlen(text), 0, &calls, stop_at_first), 7,
               "a callback's non-zero return stops the scan and is returned");
    TAP_IS_INT(t, calls, 1, "after one call");

    lede_tokens tok = {NULL, 0, 0};
    lede_tokens_fill(&tok, text, strlen(text));
    lede_gaz_scan sc;
    lede_gaz_hit m;
    lede_gaz_scan_init(&sc, g, text, strlen(text), tok.v, tok.n, 0);
    int n = 0, ok = 1;
    const int32_t want[3][4] = {{5, 10, 0, 1}, {14, 25, 1, 2}, {38, 43, 0, 1}};
    while (lede_gaz_scan_next(&sc, &m) == LEDE_ROW) {
        if (n >= 3 || m.start != want[n][0] || m.end != want[n][1] || m.entry != want[n][2] ||
            m.ntok != want[n][3] || tok.v[m.tok].start != m.start)
            ok = 0;
        n++;
    }
    TAP_OK(t, ok && n == 3, "pulled one at a time: byte ranges, entries, token index and count");
    TAP_IS_INT(t, lede_gaz_scan_next(&sc, &m), LEDE_DONE, "a finished scan stays finished");
    lede_gaz_scan_done(&sc);

    /* Tokens that lie about their range must not be followed out of the text. */
    lede_token bad[3] = {{0, 4, LEDE_TOK_WORD}, {5, 100000, LEDE_TOK_WORD}, {-3, 2, LEDE_TOK_WORD}};
    collect c = {text, LEDE_BUF_INIT};
    TAP_IS_INT(t, lede_gaz_match_tokens(g, text, strlen(text), bad, 3, 0, &c, on_hit), LEDE_OK,
               "tokens outside the text are skipped");
    TAP_IS_INT(t, c.out.n, 0, "and never match");
    lede_buf_free(&c.out);
    lede_tokens_free(&tok);
    lede_gaz_free(g);
}

/* A deterministic word made of syllables, so that generated names share
** tokens the way real place names do. */
static void gen_name(unsigned k, char *out, size_t outn)
{
    static const char *const syl[] = {"al", "ka", "ber", "sa", "dor", "mi", "ta", "lin",
                                      "ro", "ve", "nu", "shi", "zan", "po", "el", "gar"};
    unsigned a = k % 16, b = (k / 16) % 16, c = (k / 256) % 16, d = (k / 4096) % 16;
    snprintf(out, outn, "%c%s%s %c%s%s%s", 'A' + (int)(k % 26), syl[a], syl[b], 'B' + (int)(d % 20),
             syl[c], syl[d], (k / 65536) ? syl[(k / 65536) % 16] : "");
}

static void test_many(tap *t)
{
    enum { N = 50000 };
    lede_gaz *g = fresh();
    char name[64];
    int ok = 1;
    for (unsigned k = 0; k < N; k++) {
        gen_name(k, name, sizeof name);
        int32_t id;
        if (lede_gaz_add(g, name, strlen(name), 0, &id) != LEDE_OK) ok = 0;
    }
    TAP_OK(t, ok, "50000 generated entries added");
    size_t count = lede_gaz_count(g);
    TAP_OK(t, count > 45000 && count <= N, "with few collisions among the generated names (%zu)",
           count);
    int found = 1;
    for (unsigned k = 0; k < N; k += 7) {
        gen_name(k, name, sizeof name);
        int32_t id = -1, id2 = -2;
        lede_gaz_lookup(g, name, strlen(name), 0, &id);
        lede_gaz_add(g, name, strlen(name), 0, &id2);
        if (id < 0 || id != id2) found = 0;
    }
    TAP_OK(t, found, "every generated name is found again with its id");
    TAP_IS_INT(t, lede_gaz_count(g), count, "re-adding added nothing");

    lede_buf text = LEDE_BUF_INIT;
    unsigned picks[] = {17, 4095, 4096, 49999, 31337};
    int32_t want[5];
    for (int i = 0; i < 5; i++) {
        gen_name(picks[i], name, sizeof name);
        lede_gaz_lookup(g, name, strlen(name), 0, &want[i]);
        lede_buf_printf(&text, "Officials in %s said, ", name);
    }
    collect c = {text.p, LEDE_BUF_INIT};
    lede_gaz_match(g, text.p, text.n, 0, &c, on_hit);
    lede_buf expect = LEDE_BUF_INIT;
    for (int i = 0; i < 5; i++) {
        gen_name(picks[i], name, sizeof name);
        lede_buf_printf(&expect, "%s%s#%d", i ? "|" : "", name, (int)want[i]);
    }
    TAP_IS_STR(t, lede_buf_cstr(&c.out), lede_buf_cstr(&expect),
               "names from a 50000-entry gazetteer found in running text");
    lede_buf_free(&c.out);
    lede_buf_free(&expect);
    lede_buf_free(&text);
    lede_gaz_free(g);
}

/* An allocator that fails on the n-th call and checks the sizes it is told. */
typedef struct failing {
    long calls, fail_at;
    long long live; /* bytes outstanding by the sizes the matcher reports */
} failing;

static void *failing_alloc(void *ud, void *p, size_t osize, size_t nsize)
{
    failing *f = ud;
    if (nsize == 0) {
        if (p) f->live -= (long long)osize;
        free(p);
        return NULL;
    }
    if (++f->calls == f->fail_at) return NULL;
    void *q = realloc(p, nsize);
    if (q) f->live += (long long)nsize - (p ? (long long)osize : 0);
    return q;
}

static void test_memory(tap *t)
{
    int all_ok = 1, consistent = 1, balanced = 1;
    for (long fail_at = 1; fail_at < 60; fail_at++) {
        failing f = {0, fail_at, 0};
        lede_gaz *g = NULL;
        if (lede_gaz_new_alloc(failing_alloc, &f, &g) != LEDE_OK) {
            if (g) all_ok = 0;
            continue;
        }
        char name[64];
        size_t added = 0;
        for (unsigned k = 0; k < 300; k++) {
            gen_name(k * 97, name, sizeof name);
            int32_t id;
            int rc = lede_gaz_add(g, name, strlen(name), k % 3 ? 0 : LEDE_GAZ_FOLD, &id);
            if (rc == LEDE_OK) added++;
            else if (rc != LEDE_ENOMEM) all_ok = 0;
        }
        /* Whatever went in must be found, whatever failed must not half-exist. */
        if (lede_gaz_count(g) != added) consistent = 0;
        for (unsigned k = 0; k < 300; k++) {
            gen_name(k * 97, name, sizeof name);
            int32_t id;
            lede_gaz_lookup(g, name, strlen(name), k % 3 ? 0 : LEDE_GAZ_FOLD, &id);
            if (id >= (int32_t)added) consistent = 0;
        }
        lede_gaz_free(g);
        if (f.live != 0) balanced = 0;
    }
    TAP_OK(t, all_ok, "allocation failures give LEDE_ENOMEM, never another error");
    TAP_OK(t, consistent, "the matcher stays consistent after failed adds");
    TAP_OK(t, balanced, "every byte allocated is freed with the size it was allocated with");
}

/* A lua_Alloc with a cap, as a host limiting a script's memory has. */
typedef struct capped {
    size_t used, cap;
} capped;

static void *capped_alloc(void *ud, void *p, size_t osize, size_t nsize)
{
    capped *c = ud;
    size_t old = p ? osize : 0;
    if (nsize == 0) {
        c->used -= old;
        free(p);
        return NULL;
    }
    if (nsize > old && c->used + (nsize - old) > c->cap) return NULL;
    void *q = realloc(p, nsize);
    if (q) c->used = c->used - old + nsize;
    return q;
}

static const char *const lua_fill =
    "local G, n = ...\n"
    "local g = G.new()\n"
    "for i = 1, n do g:add('Place' .. i .. ' Town', i) end\n"
    "collectgarbage() collectgarbage()\n"
    "return g, collectgarbage('count') * 1024\n";

static const char *const lua_exhaust =
    "local g = ...\n"
    "local ok, err = pcall(function()\n"
    "  for i = 1, 1e7 do g:add('Town' .. i .. ' Quarter ' .. i, true) end\n"
    "end)\n"
    "local n = 0\n"
    "collectgarbage()\n"
    "for _, _, v in g:match('near Place7 Town today') do n = n + v end\n"
    "return ok, err, n\n";

static void test_lua_memory(tap *t)
{
    capped c = {0, 6u << 20};
    lua_State *L = lua_newstate(capped_alloc, &c);
    if (!L) {
        TAP_OK(t, 0, "a Lua state under a 6 MB cap");
        return;
    }
    luaL_openlibs(L);
    luaL_requiref(L, "lede.gazetteer", luaopen_lede_gazetteer, 0);
    int G = lua_gettop(L);
    int ok = luaL_loadstring(L, lua_fill) == LUA_OK;
    lua_pushvalue(L, G);
    lua_pushinteger(L, 20000);
    ok = ok && lua_pcall(L, 2, 2, 0) == LUA_OK;
    double lua_own = ok ? lua_tonumber(L, -1) : 0;
    TAP_OK(t, ok, "20000 entries added from Lua");
    /* Lua counts only its own objects; what the allocator holds beyond
    ** them is the trie, which must therefore be under the cap too. */
    TAP_OK(t, ok && (double)c.used - lua_own > 20000 * 16.0,
           "the trie is allocated through the state's allocator (%.0f KB beyond Lua's own)",
           ((double)c.used - lua_own) / 1024);
    lua_pop(L, 1);
    int g = lua_gettop(L);
    ok = ok && luaL_loadstring(L, lua_exhaust) == LUA_OK;
    lua_pushvalue(L, g);
    ok = ok && lua_pcall(L, 1, 3, 0) == LUA_OK;
    TAP_OK(t, ok && !lua_toboolean(L, -3) && strstr(lua_tostring(L, -2), "not enough memory"),
           "adding past the cap raises a memory error the script can catch");
    TAP_IS_INT(t, ok ? lua_tointeger(L, -1) : -1, 7, "and the gazetteer still matches afterwards");
    lua_close(L);
    TAP_IS_INT(t, c.used, 0, "closing the state frees everything, the trie included");
}

int main(void)
{
    tap t = {0, 0};
    test_longest(&t);
    test_leftmost(&t);
    test_case(&t);
    test_normalisation(&t);
    test_possessive(&t);
    test_punctuation(&t);
    test_unicode(&t);
    test_empty(&t);
    test_lookup(&t);
    test_api(&t);
    test_many(&t);
    test_memory(&t);
    test_lua_memory(&t);
    return tap_done(&t);
}
