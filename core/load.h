/*
** load.h -- reading documents from files, directories, JSONL and stdin.
** lede_ingest_path and lede_ingest_buffer (lede.h) are implemented here:
** format detection, UTF-8 validation, BOM stripping, document ids from
** file names, metadata from JSONL, and one rejection line per bad input.
** The JSONL record rules are exported for `lede map`, so that it accepts
** and rejects exactly the lines `lede ingest` does, with the same reasons.
*/
#ifndef LEDE_LOAD_H
#define LEDE_LOAD_H

#include <stddef.h>

#include "buf.h"
#include "lede.h"

/* The id a file gets: its base name without the last extension. Writes into
** out (NUL-terminated, truncated to outlen). */
void lede_load_id_from_path(const char *path, char *out, size_t outlen);

/* A JSONL record's decoded fields: buffers reused from one record to the
** next (zero-initialise, lede_jsonl_free at the end). */
typedef struct lede_jsonl {
    lede_buf text, id, title, date, source, url, meta;
} lede_jsonl;

/* A record that passed: pointers into the lede_jsonl, valid until its next
** use. meta.id is NULL when the record has no id (or an empty one) and
** meta.source NULL without "source": the caller names them (ingest after
** the file, map "stdin"). meta.meta_json is the other fields as a JSON
** object ("{}" when none), meta_len its length. */
typedef struct lede_jsonl_doc {
    const char *text; /* validated UTF-8 without NUL, BOM stripped, not blank */
    size_t len;
    lede_doc_meta meta;
    size_t meta_len;
} lede_jsonl_doc;

/*
** One line of a JSONL input (without its '\n'; a final '\r' and, on line 1,
** a BOM are dropped). LEDE_OK with *doc filled; LEDE_DONE for a blank line;
** LEDE_EINPUT with the reason to reject it in why (e.g. "malformed JSON:
** expected ':' at column 12", "missing \"text\" field"); LEDE_ENOMEM.
*/
int lede_jsonl_parse(lede_jsonl *jl, long lineno, const char *s, size_t n, lede_jsonl_doc *doc, char *why,
                     size_t whylen);
void lede_jsonl_free(lede_jsonl *jl);

#endif
