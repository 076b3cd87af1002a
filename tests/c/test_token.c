/*
** test_token.c -- the tokenizer as a user of lede_tokenize, the store and
** the Lua binding would see it: classes and byte offsets of the examples
** the tokenizer promises, the folded matching form, the packed blob, and
** invariants (offsets map back to the bytes, tokens cover every non-space
** byte once, in order) over invalid bytes, random input and the seeds.
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lede.h"
#include "tap.h"
#include "token.h"

static const char *cls_name(int cls)
{
    static const char *names[] = {"?", "W", "N", "P", "OQ", "CQ", "D", "S", "U", "POS"};
    return cls >= 1 && cls <= 9 ? names[cls] : "?";
}

/* Renders tokens as "CLS:start-end:text ..." */
typedef struct render { lede_buf out; int flags_fold; } render;

static int render_token(void *ctx, int cls, const char *tok, int n, int start, int end)
{
    render *r = ctx;
    if (r->out.n) lede_buf_addc(&r->out, ' ');
    lede_buf_printf(&r->out, "%s:%d-%d:%.*s", cls_name(cls), start, end, n, tok);
    return 0;
}

static void expect(tap *t, const char *text, const char *want, int flags)
{
    render r = {LEDE_BUF_INIT, flags};
    int rc = lede_tokenize(text, strlen(text), flags, &r, render_token);
    const char *got = lede_buf_cstr(&r.out);
    if (!tap_ok(t, rc == LEDE_OK && strcmp(got, want) == 0, "%s%s", flags ? "fold: " : "", text))
        printf("#   got:  %s\n#   want: %s\n", got, want);
    lede_buf_free(&r.out);
}

#define TOK(t, text, want) expect((t), (text), (want), 0)
#define FOLD(t, text, want) expect((t), (text), (want), LEDE_TOKENIZE_FOLD)

static void check_examples(tap *t)
{
    /* words keep inner hyphens and apostrophes */
    TOK(t, "al-Sisi post-conflict cease-fire", "W:0-7:al-Sisi W:8-21:post-conflict W:22-32:cease-fire");
    TOK(t, "don't O\xE2\x80\x99" "Brien", "W:0-5:don't W:6-15:O\xE2\x80\x99" "Brien");
    TOK(t, "Israel-Hezbollah three-phase 17-year", "W:0-16:Israel-Hezbollah W:17-28:three-phase W:29-36:17-year");
    /* possessives */
    TOK(t, "Blinken\xE2\x80\x99s", "W:0-7:Blinken POS:7-11:\xE2\x80\x99s");
    TOK(t, "Hamas\xE2\x80\x99s reply", "W:0-5:Hamas POS:5-9:\xE2\x80\x99s W:10-15:reply");
    TOK(t, "Blinken's visit", "W:0-7:Blinken POS:7-9:'s W:10-15:visit");
    TOK(t, "the officials\xE2\x80\x99 statement", "W:0-3:the W:4-13:officials POS:13-16:\xE2\x80\x99 W:17-26:statement");
    TOK(t, "the officials' statement", "W:0-3:the W:4-13:officials POS:13-14:' W:15-24:statement");
    TOK(t, "BLINKEN'S", "W:0-7:BLINKEN POS:7-9:'S");
    TOK(t, "the U.S.\xE2\x80\x99s role", "W:0-3:the W:4-8:U.S. POS:8-12:\xE2\x80\x99s W:13-17:role");
    /* contractions with 's stay whole */
    TOK(t, "it\xE2\x80\x99s There's what's", "W:0-6:it\xE2\x80\x99s W:7-14:There's W:15-21:what's");
    /* numbers */
    TOK(t, "37,000 1.5 63% 2024-10-29 10:30", "N:0-6:37,000 N:7-10:1.5 N:11-14:63% N:15-25:2024-10-29 N:26-31:10:30");
    TOK(t, "1,200.50 9/11 3-2", "N:0-8:1,200.50 N:9-13:9/11 N:14-17:3-2");
    TOK(t, "$1.2 billion", "S:0-1:$ N:1-4:1.2 W:5-12:billion");
    TOK(t, "\xE2\x82\xAC" "5", "S:0-3:\xE2\x82\xAC N:3-4:5");
    TOK(t, "1990s 5th", "W:0-5:1990s W:6-9:5th");
    TOK(t, "63 %", "N:0-2:63 S:3-4:%");
    TOK(t, "1,200.", "N:0-5:1,200 P:5-6:.");
    TOK(t, "2024\xE2\x80\x99s", "N:0-4:2024 POS:4-8:\xE2\x80\x99s");
    /* abbreviations and initials keep their period */
    TOK(t, "U.S. U.N. Dr. Jan. Sept. Gov.", "W:0-4:U.S. W:5-9:U.N. W:10-13:Dr. W:14-18:Jan. W:19-24:Sept. W:25-29:Gov.");
    TOK(t, "Lt. Col. Smith", "W:0-3:Lt. W:4-8:Col. W:9-14:Smith");
    TOK(t, "A. B. Yehoshua", "W:0-2:A. W:3-5:B. W:6-14:Yehoshua");
    TOK(t, "5 p.m. and 6 a.m.", "N:0-1:5 W:2-6:p.m. W:7-10:and N:11-12:6 W:13-17:a.m.");
    TOK(t, "e.g. i.e. Ph.D. N.A.T.O.", "W:0-4:e.g. W:5-9:i.e. W:10-15:Ph.D. W:16-24:N.A.T.O.");
    TOK(t, "the U.S.-brokered deal", "W:0-3:the W:4-17:U.S.-brokered W:18-22:deal");
    TOK(t, "No. 3", "W:0-3:No. N:4-5:3");
    /* an ordinary sentence-final period is punctuation */
    TOK(t, "It ended.", "W:0-2:It W:3-8:ended P:8-9:.");
    TOK(t, "ended.The", "W:0-5:ended P:5-6:. W:6-9:The");
    TOK(t, "Ah... so\xE2\x80\xA6", "W:0-2:Ah P:2-5:... W:6-8:so P:8-11:\xE2\x80\xA6");
    TOK(t, "Why?! (yes)", "W:0-3:Why P:3-4:? P:4-5:! P:6-7:( W:7-10:yes P:10-11:)");
    /* URLs and e-mail */
    TOK(t, "see http://example.org/a?b=1.", "W:0-3:see U:4-28:http://example.org/a?b=1 P:28-29:.");
    TOK(t, "(https://x.example/path_(1))", "P:0-1:( U:1-27:https://x.example/path_(1) P:27-28:)");
    TOK(t, "www.example.com, ok", "U:0-15:www.example.com P:15-16:, W:17-19:ok");
    TOK(t, "mail news.desk@example.co.uk.", "W:0-4:mail U:5-28:news.desk@example.co.uk P:28-29:.");
    TOK(t, "www. is not", "W:0-3:www P:3-4:. W:5-7:is W:8-11:not");
    TOK(t, "a@b", "W:0-1:a S:1-2:@ W:2-3:b");
    /* quotes */
    TOK(t, "\"Hi,\" she said", "OQ:0-1:\" W:1-3:Hi P:3-4:, CQ:4-5:\" W:6-9:she W:10-14:said");
    TOK(t, "(\"x\") -\"y\"", "P:0-1:( OQ:1-2:\" W:2-3:x CQ:3-4:\" P:4-5:) D:6-7:- OQ:7-8:\" W:8-9:y CQ:9-10:\"");
    TOK(t, "\xE2\x80\x9Cyes\xE2\x80\x9D \xE2\x80\x98no\xE2\x80\x99",
        "OQ:0-3:\xE2\x80\x9C W:3-6:yes CQ:6-9:\xE2\x80\x9D OQ:10-13:\xE2\x80\x98 W:13-15:no CQ:15-18:\xE2\x80\x99");
    TOK(t, "the \xE2\x80\x99" "90s", "W:0-3:the W:4-10:\xE2\x80\x99" "90s");
    TOK(t, "the '90s", "W:0-3:the W:4-8:'90s");
    TOK(t, "\xC2\xAB" "oui\xC2\xBB", "OQ:0-2:\xC2\xAB W:2-5:oui CQ:5-7:\xC2\xBB");
    TOK(t, "\xE2\x80\x9E" "ja\xE2\x80\x9C", "OQ:0-3:\xE2\x80\x9E W:3-5:ja CQ:5-8:\xE2\x80\x9C");
    TOK(t, "\xE2\x80\x98the issues\xE2\x80\x99 remain", "OQ:0-3:\xE2\x80\x98 W:3-6:the W:7-13:issues CQ:13-16:\xE2\x80\x99 W:17-23:remain");
    /* dashes */
    TOK(t, "a - b -- c", "W:0-1:a D:2-3:- W:4-5:b D:6-8:-- W:9-10:c");
    TOK(t, "Qatar\xE2\x80\x94" "both \xE2\x80\x93 x", "W:0-5:Qatar D:5-8:\xE2\x80\x94 W:8-12:both D:13-16:\xE2\x80\x93 W:17-18:x");
    /* symbols */
    TOK(t, "\xC2\xA9 Getty & Co #1", "S:0-2:\xC2\xA9 W:3-8:Getty S:9-10:& W:11-13:Co S:14-15:# N:15-16:1");
    /* other scripts */
    TOK(t, "caf\xC3\xA9 ni\xC3\xB1o Stra\xC3\x9F" "e", "W:0-5:caf\xC3\xA9 W:6-11:ni\xC3\xB1o W:12-19:Stra\xC3\x9F" "e");
    TOK(t, "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D, \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85.",
        "W:0-8:\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D P:8-9:, W:10-18:\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 P:18-19:.");
    TOK(t, "\xD0\x9C\xD0\xB8\xD1\x80", "W:0-6:\xD0\x9C\xD0\xB8\xD1\x80");
    /* Devanagari with vowel signs and virama: one word */
    TOK(t, "\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\xA8\xE0\xA5\x8D\xE0\xA4\xA6\xE0\xA5\x80 \xE0\xA5\xA4",
        "W:0-18:\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\xA8\xE0\xA5\x8D\xE0\xA4\xA6\xE0\xA5\x80 P:19-22:\xE0\xA5\xA4");
    /* combining accent stays in the word */
    TOK(t, "Cafe\xCC\x81 x", "W:0-6:Cafe\xCC\x81 W:7-8:x");
    /* CJK ideographs: one token each; kana runs stay together */
    TOK(t, "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xAB\xE3\x81\xA6",
        "W:0-3:\xE6\x9D\xB1 W:3-6:\xE4\xBA\xAC W:6-12:\xE3\x81\xAB\xE3\x81\xA6");
    /* Arabic-Indic digits are a number */
    TOK(t, "\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA4", "N:0-8:\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA4");
    /* no-break space and zero-width space separate words */
    TOK(t, "a\xC2\xA0" "b\xE2\x80\x8B" "c", "W:0-1:a W:3-4:b W:7-8:c");
    /* invalid bytes become one-byte symbols and do not join words */
    TOK(t, "ab\xFF" "cd \xC3", "W:0-2:ab S:2-3:\xFF W:3-5:cd S:6-7:\xC3");
    TOK(t, "\xED\xA0\x80", "S:0-1:\xED S:1-2:\xA0 S:2-3:\x80");
}

static void check_fold(tap *t)
{
    FOLD(t, "Blinken\xE2\x80\x99s", "W:0-7:blinken POS:7-11:'s");
    FOLD(t, "\xE2\x80\x9CYes\xE2\x80\x9D", "OQ:0-3:\" W:3-6:yes CQ:6-9:\"");
    FOLD(t, "\xC2\xAB" "x\xC2\xBB \xE2\x80\x9E" "y", "OQ:0-2:\" W:2-3:x CQ:3-5:\" OQ:6-9:\" W:9-10:y");
    FOLD(t, "a \xE2\x80\x93 b \xE2\x80\x94 c \xE2\x88\x92" "5", "W:0-1:a D:2-5:- W:6-7:b D:8-11:- W:12-13:c D:14-17:- N:17-18:5");
    FOLD(t, "\xC3\x89" "COLE \xC3\x89t\xC3\xA9", "W:0-6:\xC3\xA9" "cole W:7-12:\xC3\xA9t\xC3\xA9");
    FOLD(t, "STRASSE Stra\xC3\x9F" "e \xE1\xBA\x9E", "W:0-7:strasse W:8-15:stra\xC3\x9F" "e W:16-19:\xC3\x9F");
    FOLD(t, "\xCE\xA3\xCE\x8F\xCE\xA3", "W:0-6:\xCF\x83\xCF\x8E\xCF\x83");
    FOLD(t, "U.S. O\xE2\x80\x99" "Brien", "W:0-4:u.s. W:5-14:o'brien");
    FOLD(t, "\xD0\x9C\xD0\x98\xD0\xA0", "W:0-6:\xD0\xBC\xD0\xB8\xD1\x80");
    FOLD(t, "co\xC2\xAD" "operate", "W:0-11:cooperate");
    FOLD(t, "ab\xFF", "W:0-2:ab S:2-3:\xEF\xBF\xBD");

    lede_buf b = LEDE_BUF_INIT;
    TAP_IS_INT(t, lede_fold("\xE2\x80\x98Hi\xE2\x80\x99", 8, &b), LEDE_OK, "lede_fold succeeds");
    TAP_IS_STR(t, lede_buf_cstr(&b), "'hi'", "lede_fold appends the matching form");
    TAP_IS_INT(t, lede_fold(" OK", 3, &b), LEDE_OK, "lede_fold appends again");
    TAP_IS_STR(t, lede_buf_cstr(&b), "'hi' ok", "lede_fold appends after earlier contents");
    lede_buf_free(&b);
}

/* ------------------------------------------------------------- invariants */

typedef struct inv {
    const char *text;
    size_t len;
    int prev_end, overlap, mismatch, ntok, bad_cls;
    unsigned char *covered;
} inv;

static int check_token(void *ctx, int cls, const char *tok, int n, int start, int end)
{
    inv *v = ctx;
    v->ntok++;
    if (start < v->prev_end || end <= start || (size_t)end > v->len) v->overlap++;
    else if (n != end - start || memcmp(tok, v->text + start, (size_t)n) != 0) v->mismatch++;
    else memset(v->covered + start, 1, (size_t)n);
    if (cls < LEDE_TOK_WORD || cls > LEDE_TOK_POSSESSIVE) v->bad_cls++;
    v->prev_end = end;
    return 0;
}

/* Bytes outside every token must be white space (ASCII, or the Unicode
** spaces and invisible format characters). */
static size_t uncovered_nonspace(const inv *v)
{
    size_t bad = 0;
    for (size_t i = 0; i < v->len; i++) {
        if (v->covered[i]) continue;
        unsigned char c = (unsigned char)v->text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c >= 0x80) continue;
        bad++;
    }
    return bad;
}

static int invariants(tap *t, const char *what, const char *text, size_t len)
{
    inv v = {text, len, 0, 0, 0, 0, 0, calloc(len + 1, 1)};
    if (!v.covered) return TAP_OK(t, 0, "%s: memory", what);
    int rc = lede_tokenize(text, len, 0, &v, check_token);
    size_t unc = uncovered_nonspace(&v);
    int ok = rc == LEDE_OK && !v.overlap && !v.mismatch && !v.bad_cls && unc == 0;
    if (!tap_ok(t, ok, "%s: %d tokens map back to their bytes, in order, covering every non-space byte", what, v.ntok))
        printf("#   rc %d, overlap %d, mismatch %d, bad class %d, uncovered %zu\n", rc, v.overlap, v.mismatch,
               v.bad_cls, unc);

    /* The array form agrees with the callback form. */
    lede_tokens a = {NULL, 0, 0};
    int same = lede_tokens_fill(&a, text, len) == LEDE_OK && a.n == (size_t)v.ntok;
    free(v.covered);
    lede_tokens_free(&a);
    return tap_ok(t, same, "%s: lede_tokens_fill gives the same count", what);
}

static void check_random(tap *t)
{
    /* Random mixes of the characters that steer the tokenizer, valid or not. */
    static const char *atoms[] = {"a", "Z", "7", ".", ",", "'", "\"", "-", " ", "\n", "\n\n", "U.S.", "s",
                                  "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x94", "\xC3\xA9",
                                  "\xE6\x9D\xB1", "\xCC\x81", "http://", "www.", "@", "%", "$", "\xFF", "\xC3",
                                  "\xE2\x80", "\xF0\x9F\x8E\x89", "\xE2\x80\x8D", "\xC2\xAD", "(", ")", ":", "/"};
    const size_t natoms = sizeof atoms / sizeof atoms[0];
    unsigned long seed = 12345;
    int fails = 0;
    for (int round = 0; round < 2000; round++) {
        lede_buf b = LEDE_BUF_INIT;
        int n = (int)(seed % 40) + 1;
        for (int i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            lede_buf_adds(&b, atoms[(seed >> 33) % natoms]);
        }
        inv v = {b.p, b.n, 0, 0, 0, 0, 0, calloc(b.n + 1, 1)};
        if (!v.covered || lede_tokenize(b.p, b.n, 0, &v, check_token) != LEDE_OK || v.overlap || v.mismatch
            || v.bad_cls || uncovered_nonspace(&v)) {
            if (fails++ < 3) printf("#   failed on [%s]\n", b.p);
        }
        free(v.covered);
        lede_buf_free(&b);
    }
    TAP_IS_INT(t, fails, 0, "2000 random inputs keep the invariants");
}

/* ------------------------------------------------------------- packing */

static void check_pack(tap *t, const char *text)
{
    lede_tokens a = {NULL, 0, 0}, b = {NULL, 0, 0};
    lede_buf blob = LEDE_BUF_INIT;
    TAP_IS_INT(t, lede_tokens_fill(&a, text, strlen(text)), LEDE_OK, "fill");
    TAP_IS_INT(t, lede_tokens_pack(a.v, a.n, &blob), LEDE_OK, "pack");
    TAP_OK(t, blob.n <= 4 + a.n * 2, "packed blob is compact (%zu bytes for %zu tokens)", blob.n, a.n);
    TAP_IS_INT(t, lede_tokens_unpack(blob.p, blob.n, &b), LEDE_OK, "unpack");
    int same = a.n == b.n;
    for (size_t i = 0; same && i < a.n; i++)
        same = a.v[i].start == b.v[i].start && a.v[i].end == b.v[i].end && a.v[i].cls == b.v[i].cls;
    TAP_OK(t, same, "round trip gives back all %zu tokens", a.n);

    /* Packing appends; tokens out of order are refused and leave the
    ** buffer as it was. */
    lede_buf two = LEDE_BUF_INIT;
    lede_buf_adds(&two, "head");
    TAP_IS_INT(t, lede_tokens_pack(a.v, a.n, &two), LEDE_OK, "pack after other bytes");
    TAP_OK(t, two.n == blob.n + 4 && memcmp(two.p, "head", 4) == 0 && memcmp(two.p + 4, blob.p, blob.n) == 0,
           "packing appends the same blob after what the buffer held");
    if (a.n >= 2) {
        lede_token bad[2] = {a.v[1], a.v[0]};
        size_t had = two.n;
        TAP_IS_INT(t, lede_tokens_pack(bad, 2, &two), LEDE_EUSAGE, "tokens out of order are refused");
        TAP_OK(t, two.n == had && two.p[had] == '\0', "a refused pack leaves the buffer as it was");
    }
    lede_buf_free(&two);

    /* A truncated or damaged blob is refused, not misread, and leaves the
    ** array as it was. Format 1: the header 00 00 00 01, then a byte
    ** 0GCCLLLL per short token or 1000CCCC and two varints (gap, length). */
    lede_tokens c = {NULL, 0, 0};
    static const struct { const char *blob; size_t n; int rc; const char *what; } bad[] = {
        {"\0\0\0\1\x81\x05", 6, LEDE_EINPUT, "a long token cut after its gap"},
        {"\0\0\0\1\x81", 5, LEDE_EINPUT, "a long token cut after its class"},
        {"\0\0\0\1\x80\x01\x01", 7, LEDE_EINPUT, "class 0"},
        {"\0\0\0\1\x8A\x01\x01", 7, LEDE_EINPUT, "an unknown class"},
        {"\0\0\0\1\x91\x01\x01", 7, LEDE_EINPUT, "reserved bits set"},
        {"\0\0\0\1\x81\xFF\xFF\xFF\xFF\x07\x01", 11, LEDE_EINPUT, "an offset past 2^31"},
        {"\0\0\0\1\x81\xFF\xFF\xFF\xFF\x7F\x01", 11, LEDE_EINPUT, "a varint past 32 bits"},
        {"\x05\x02", 2, LEDE_EINPUT, "format 0: a token cut before its class"},
        {"\x05\x02\x0F", 3, LEDE_EINPUT, "format 0: an unknown class"},
        {"\xFF\xFF\xFF\xFF\x7F\x01\x01", 7, LEDE_EINPUT, "format 0: an offset past 2^31"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        c.n = 0;
        lede_tokens_unpack("\x00\x03\x01", 3, &c); /* one good token first */
        TAP_IS_INT(t, lede_tokens_unpack(bad[i].blob, bad[i].n, &c), bad[i].rc, bad[i].what);
        TAP_OK(t, c.n == 1 && c.v[0].start == 0 && c.v[0].end == 3, "... and leaves the tokens as they were");
    }
    c.n = 0;
    TAP_IS_INT(t, lede_tokens_unpack("", 0, &c), LEDE_OK, "empty blob is no tokens");
    TAP_IS_INT(t, c.n, 0, "empty blob gives nothing");
    TAP_IS_INT(t, lede_tokens_unpack("\0\0\0\1", 4, &c), LEDE_OK, "a header alone is no tokens");
    TAP_IS_INT(t, c.n, 0, "... and gives nothing");

    /* Both formats decoded by hand: "Hi, 's" with a gap of 2 and a word of
    ** 17 bytes at 10 (short word, short punct, long gap, long length). */
    static const lede_token want[] = {{0, 2, LEDE_TOK_WORD}, {2, 3, LEDE_TOK_PUNCT}, {4, 6, LEDE_TOK_POSSESSIVE},
                                      {8, 9, LEDE_TOK_WORD}, {10, 27, LEDE_TOK_WORD}, {27, 28, LEDE_TOK_CLOSE_QUOTE}};
    static const char v1[] = "\0\0\0\1" "\x01" "\x20" "\x89\x01\x02" "\x81\x02\x01" "\x81\x01\x11" "\x85\x00\x01";
    static const char v0[] = "\x00\x02\x01" "\x00\x01\x03" "\x01\x02\x09" "\x02\x01\x01" "\x01\x11\x01" "\x00\x01\x05";
    lede_buf packed = LEDE_BUF_INIT;
    TAP_IS_INT(t, lede_tokens_pack(want, 6, &packed), LEDE_OK, "pack six tokens");
    TAP_OK(t, packed.n == sizeof v1 - 1 && memcmp(packed.p, v1, packed.n) == 0, "... into the format 1 bytes");
    lede_buf_free(&packed);
    for (int f = 0; f < 2; f++) {
        c.n = 0;
        int rc = f ? lede_tokens_unpack(v1, sizeof v1 - 1, &c) : lede_tokens_unpack(v0, sizeof v0 - 1, &c);
        int equal = rc == LEDE_OK && c.n == 6;
        for (size_t i = 0; equal && i < 6; i++)
            equal = c.v[i].start == want[i].start && c.v[i].end == want[i].end && c.v[i].cls == want[i].cls;
        TAP_OK(t, equal, "format %d unpacks to the six tokens", f);
    }
    /* Long tokens only (gaps of 3, 100 bytes long, offsets past 2^21): the
    ** blob grows beyond the byte a token first reserved, and round-trips. */
    lede_token *many = malloc(5000 * sizeof *many);
    for (int i = 0; many && i < 5000; i++) many[i] = (lede_token){i * 103 + 3, i * 103 + 103, LEDE_TOK_URL};
    lede_buf_adds(&packed, "x");
    TAP_IS_INT(t, many ? lede_tokens_pack(many, 5000, &packed) : -1, LEDE_OK, "pack 5000 long tokens");
    c.n = 0;
    int back = packed.n > 1 && lede_tokens_unpack(packed.p + 1, packed.n - 1, &c) == LEDE_OK && c.n == 5000;
    for (size_t i = 0; back && i < 5000; i++)
        back = c.v[i].start == many[i].start && c.v[i].end == many[i].end && c.v[i].cls == LEDE_TOK_URL;
    TAP_OK(t, back, "... and unpack them (%zu bytes)", packed.n);
    free(many);
    lede_buf_free(&packed);
    /* Classes are checked when packing too. */
    lede_token nocls = {0, 1, 0};
    TAP_IS_INT(t, lede_tokens_pack(&nocls, 1, &packed), LEDE_EUSAGE, "a token of class 0 is refused");
    lede_buf_free(&packed);

    /* fill appends */
    size_t before = a.n;
    TAP_IS_INT(t, lede_tokens_fill(&a, "one two", 7), LEDE_OK, "fill again");
    TAP_IS_INT(t, a.n, before + 2, "fill appends to the array");
    lede_tokens_free(&a);
    lede_tokens_free(&b);
    lede_tokens_free(&c);
    lede_buf_free(&blob);
}

static int stop_at_third(void *ctx, int cls, const char *tok, int n, int start, int end)
{
    (void)cls; (void)tok; (void)n; (void)start; (void)end;
    return ++*(int *)ctx == 3 ? 7 : 0;
}

static void check_api(tap *t)
{
    int calls = 0;
    TAP_IS_INT(t, lede_tokenize("a b c d", 7, 0, &calls, stop_at_third), 7, "a non-zero callback return stops tokenizing");
    TAP_IS_INT(t, calls, 3, "and nothing more is delivered");
    calls = 0;
    TAP_IS_INT(t, lede_tokenize("", 0, 0, &calls, stop_at_third), LEDE_OK, "empty text");
    TAP_IS_INT(t, calls, 0, "empty text has no token");
    TAP_IS_INT(t, lede_tokenize("a", 1, 0, NULL, NULL), LEDE_EUSAGE, "NULL callback is a usage error");
}

/* ------------------------------------------------------------- seeds */

static void check_seeds(tap *t)
{
    const char *dir = getenv("LEDE_SEEDS");
    if (!dir || !*dir) dir = "../shared/seeds";
    DIR *d = opendir(dir);
    int files = 0;
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            size_t l = strlen(e->d_name);
            if (l < 5 || strcmp(e->d_name + l - 4, ".txt") != 0) continue;
            lede_buf path = LEDE_BUF_INIT, text = LEDE_BUF_INIT;
            lede_buf_printf(&path, "%s/%s", dir, e->d_name);
            FILE *f = fopen(path.p, "rb");
            char chunk[8192];
            size_t got;
            while (f && (got = fread(chunk, 1, sizeof chunk, f)) > 0) lede_buf_add(&text, chunk, got);
            if (f) fclose(f);
            invariants(t, e->d_name, text.p ? text.p : "", text.n);
            files++;
            lede_buf_free(&path);
            lede_buf_free(&text);
        }
        closedir(d);
    }
    if (!files) {
        t->n++;
        printf("ok %d # SKIP no seed articles in %s\n", t->n, dir);
    }
}

int main(void)
{
    tap t = {0, 0};
    check_examples(&t);
    check_fold(&t);
    const char *sample = "GAZA CITY (AP) \xE2\x80\x94 U.S. envoy\xE2\x80\x99s 3-day visit, \xE2\x80\x9C" "essential,\xE2\x80\x9D "
                         "she said at 5 p.m. \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xE6\x9D\xB1 http://x.org \xFF.";
    invariants(&t, "mixed sample", sample, strlen(sample));
    check_random(&t);
    check_pack(&t, sample);
    check_api(&t);
    check_seeds(&t);
    return tap_done(&t);
}
