/*
** store.h -- the SQLite store: schema and migrations, documents with their
** tokens, sentences and layout spans, runs and spans, the FTS5 index.
**
** Writes are batched: lede_store_batch_begin opens a transaction that
** lede_store_add_doc commits and reopens every few megabytes, so a killed
** process loses at most the open batch and a re-run (deduplicating by
** content hash) completes it without doubling anything.
*/
#ifndef LEDE_STORE_H
#define LEDE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "lede.h"

struct sqlite3_stmt;

#define LEDE_SCHEMA_VERSION 2

int lede_store_open(lede *db, const char *path);
void lede_store_close(lede *db);

int lede_store_batch_begin(lede *db);
int lede_store_batch_end(lede *db);   /* commits */
void lede_store_batch_abort(lede *db); /* rolls back the open batch */

/*
** Stores one document (text already validated as UTF-8 without NUL, BOM
** stripped). *added is 1 when stored, 0 when the same text was already
** there. When id_out is not NULL it receives the id (malloc'ed).
*/
int lede_store_add_doc(lede *db, const char *text, size_t len, const lede_doc_meta *meta,
                       char **id_out, int *added);

/* Steps a prepared statement that returns no rows (or ignores them), then
** resets it and clears its bindings. */
int lede_store_step(lede *db, struct sqlite3_stmt *st, const char *what);

/* Records a run (a script and its version) and its end; spans carry its id. */
int lede_store_begin_run(lede *db, const char *script, const char *version, int64_t *run);
int lede_store_finish_run(lede *db, int64_t run);

/* Registers lede's tokenizer with the connection's FTS5 as "lede". */
int lede_fts_register(lede *db);

#endif
