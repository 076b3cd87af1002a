/*
** load.h -- reading documents from files, directories, JSONL and stdin.
** lede_ingest_path and lede_ingest_buffer (lede.h) are implemented here:
** format detection, UTF-8 validation, BOM stripping, document ids from
** file names, metadata from JSONL, and one rejection line per bad input.
*/
#ifndef LEDE_LOAD_H
#define LEDE_LOAD_H

#include <stddef.h>

/* The id a file gets: its base name without the last extension. Writes into
** out (NUL-terminated, truncated to outlen). */
void lede_load_id_from_path(const char *path, char *out, size_t outlen);

#endif
