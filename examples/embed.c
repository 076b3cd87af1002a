/*
** embed.c -- lede inside your own C program.
**
** Build against an installed lede:
**   cc embed.c $(pkg-config --cflags --libs lede) -o embed
** Run:
**   ./embed [STORE]        (default: an in-memory store)
**
** It ingests two short articles from memory, reads them back, tokenizes a
** sentence through a callback and runs a line of Lua against the store.
*/
#include <lede.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const articles[][2] = {
    {"talks-day1",
     "Envoys return to Doha\n\nBy Sam Ortiz\n\n"
     "Mediators met in Doha on Tuesday, officials said.\n"},
    {"talks-day2",
     "Second round ends without a deal\n\n"
     "“We are not there yet,” the envoy told reporters in Cairo.\n"},
};

static int print_token(void *ctx, int cls, const char *tok, int n, int start, int end)
{
    (void)ctx;
    printf("  [%d,%d) class %d  %.*s\n", start, end, cls, n, tok);
    return 0;
}

static int fail(lede *db, const char *what)
{
    fprintf(stderr, "embed: %s: %s\n", what, lede_errmsg(db));
    lede_close(db);
    return 1;
}

int main(int argc, char **argv)
{
    lede *db;
    if (lede_open(argc > 1 ? argv[1] : ":memory:", &db) != LEDE_OK) return fail(db, "open");
    printf("lede %s\n", lede_version());

    for (size_t i = 0; i < sizeof articles / sizeof articles[0]; i++) {
        lede_doc_meta meta = {0};
        meta.id = articles[i][0];
        char *id = NULL;
        if (lede_ingest_buffer(db, articles[i][1], strlen(articles[i][1]), &meta, &id) != LEDE_OK)
            return fail(db, "ingest");
        printf("stored %s\n", id);
        free(id);
    }

    lede_cursor *cur;
    lede_doc doc;
    if (lede_docs_open(db, NULL, &cur) != LEDE_OK) return fail(db, "documents");
    int rc;
    while ((rc = lede_docs_next(cur, &doc)) == LEDE_ROW)
        printf("%s (%zu bytes): %s", doc.id, doc.len, doc.text);
    lede_docs_close(cur);
    if (rc != LEDE_DONE) return fail(db, "documents");

    const char *s = "The U.S. envoy’s 8th visit cost $1.2m.";
    printf("tokens of: %s\n", s);
    lede_tokenize(s, strlen(s), LEDE_TOKENIZE_FOLD, NULL, print_token);

    if (lede_run_string(db,
                        "local db = require('lede').open()\n"
                        "for d in db:docs() do print(d.id, #d.text) end\n",
                        "embed") != LEDE_OK)
        return fail(db, "lua");
    return lede_close(db) == LEDE_OK ? 0 : 1;
}
