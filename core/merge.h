/*
** merge.h -- merging lede stores made on several machines (lede_merge in
** lede.h is the public entry; this header holds the rules it keeps).
**
** Promises of lede_merge(out, IN, stats):
**   - IN is read, never written (it is attached to OUT's connection).
**   - IN's schema version (PRAGMA user_version) must equal this lede's
**     (LEDE_SCHEMA_VERSION); otherwise nothing is merged and the error
**     names IN and both versions. An older IN is refused rather than
**     migrated here: `lede --db IN extract` migrates it in place and brings
**     its spans up to this lede's extractors, which a merged copy of old
**     spans would not be.
**   - A document of IN whose text OUT already holds (same content hash,
**     then the same bytes, as ingest decides) is skipped with everything
**     attached to it: OUT's copy and its spans win.
**   - Any other document is copied with its metadata, packed tokens,
**     sentences, spans (layout and extracted), `extracted` rows and FTS row;
**     its id is kept unless OUT has it, then it becomes ID-2, ID-3 ... as
**     ingest would name it. Documents keep IN's order (rowid order), so
**     merging partitions in corpus order gives the single store's order.
**   - Runs are copied only when a copied span or `extracted` row refers to
**     one, and a run equal to one of OUT's in script, version, started and
**     finished is taken to be that run.
**   - All of this happens in one transaction per input: an input is merged
**     wholly or not at all, and merging the same input again adds nothing.
*/
#ifndef LEDE_MERGE_H
#define LEDE_MERGE_H

#include "lede.h"

/* The schema name IN is attached under while it is merged. */
#define LEDE_MERGE_SCHEMA "lede_merge_in"

#endif
