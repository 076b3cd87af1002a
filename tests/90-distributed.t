#!/bin/sh
# 90-distributed.t -- lede beyond one machine: over a generated corpus of
# 2,000 documents (tests/bench/gen_corpus.lua, about 10 MB), the same spans
# and the same store come out of
#   (a) one machine: lede ingest -, lede extract --no-corpus --jobs 2, then
#       lede extract --no-corpus --format jsonl (the reference);
#   (b) GNU parallel --pipe --keep-order into lede map --extract, in blocks
#       of a tenth of the corpus (examples/parallel/lede-parallel.sh map);
#   (c) Dask: a scheduler and two workers started here on 127.0.0.1, each
#       partition piped into lede map --extract (examples/dask/lede_dask.py);
#   (d) one store per block of a fifth of the corpus (parallel) and per
#       partition (Dask, four), merged with lede merge, printed by
#       lede extract --no-corpus --format jsonl.
# What is compared, byte for byte (cmp): the span JSON Lines of (b), (c) and
# (d) with (a)'s, in the order printed (corpus order: the runs put the
# partitions back in order, so no sorting is needed); and for (d) a dump of
# the stores: documents (id, hash, metadata, SHA3 of the text) in rowid
# order, packed tokens (count, SHA3), sentences, every span (layout ones
# too) with its run's script and version, extraction records, and search
# results (lede search --format jsonl, bm25 scores included). Not compared:
# run ids and times, `added` timestamps. The corpus-wide step of lede
# extract is left out everywhere (--no-corpus): lede map cannot do it and
# per-partition stores must not (see README.md, "When one machine is not enough").
# The Dask checks are skipped when python3-distributed is missing, the
# parallel ones when GNU parallel is.
set -u
LEDE=${LEDE_BIN:-build/lede}
ROOT=${LEDE_ROOT:-.}
. "$ROOT/tests/tap.sh"
export LC_ALL=C
DOCS=2000
# Under the sanitizers (make check-asan) lede runs several times slower: a
# tenth of the corpus still crosses every partition boundary.
case ${LEDE_LDFLAGS:-} in *sanitize*) DOCS=200 ;; esac
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2> /dev/null; done
    for p in $pids; do wait "$p" 2> /dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT
started=$(date +%s)
took() { echo "# $1: $(($(date +%s) - started)) s so far"; }

# Whatever a store holds that a user could see, in a stable order.
dump() {
    sqlite3 "$1" "
      SELECT 'doc', id, hash, source, title, date, url, meta, hex(sha3(text)) FROM documents ORDER BY rowid;
      SELECT 'tokens', d.id, t.count, hex(sha3(t.data)) FROM tokens t JOIN documents d ON d.rowid = t.doc
        ORDER BY d.rowid;
      SELECT 'sentence', d.id, s.start, s.end FROM sentences s JOIN documents d ON d.rowid = s.doc
        ORDER BY d.rowid, s.start;
      SELECT 'span', d.id, s.start, s.end, s.kind, s.attrs, r.script, r.version FROM spans s
        JOIN documents d ON d.rowid = s.doc LEFT JOIN runs r ON r.id = s.run
        ORDER BY d.rowid, s.start, s.end, s.kind, s.attrs;
      SELECT 'extracted', d.id, e.extractor, e.version, r.script, r.version FROM extracted e
        JOIN documents d ON d.rowid = e.doc LEFT JOIN runs r ON r.id = e.run ORDER BY d.rowid, e.extractor;" &&
    for q in ceasefire '"aid trucks"' 'hostage*'; do "$LEDE" --db "$1" search -n 0 --format jsonl "$q"; done
}

lua5.4 "$ROOT/tests/bench/gen_corpus.lua" "$T/gen.jsonl" $((DOCS * 11 / 2000 + 1)) 90 2> /dev/null
head -n "$DOCS" "$T/gen.jsonl" > "$T/corpus.jsonl"
size=$(wc -c < "$T/corpus.jsonl" | tr -d ' ')
is "$(wc -l < "$T/corpus.jsonl" | tr -d ' ')" "$DOCS" "a generated corpus of $DOCS documents ($size bytes)"

# (a) one machine
# From standard input, as the partitions are: a document's source is where
# lede read it from ("-"), and must not differ for that reason alone.
"$LEDE" --db "$T/one.db" ingest - < "$T/corpus.jsonl" > /dev/null 2>&1
"$LEDE" --db "$T/one.db" extract --no-corpus --jobs 2 > /dev/null 2>&1
"$LEDE" --db "$T/one.db" extract --no-corpus --format jsonl > "$T/a.jsonl" 2> /dev/null
is "$(cut -d, -f1 "$T/a.jsonl" | sort -u | wc -l | tr -d ' ')" "$DOCS" \
    "one machine: spans of every document ($(wc -l < "$T/a.jsonl" | tr -d ' ') lines)"
dump "$T/one.db" > "$T/one.dump"
like "$(grep -c '^span|' "$T/one.dump")" '^[0-9]{5,}$' "... and a store dump to compare with"
took "one machine"

same_store() { # same_store DB NAME
    "$LEDE" --db "$1" extract --no-corpus --format jsonl > "$T/m.jsonl" 2> "$T/m.err"
    cmp -s "$T/m.jsonl" "$T/a.jsonl"
    ok $? "$2: the merged store prints the one-machine spans"
    is "$(cat "$T/m.err")" "" "... extracting nothing more"
    dump "$1" > "$T/m.dump"
    cmp -s "$T/m.dump" "$T/one.dump"
    same=$?
    ok $same "$2: documents, tokens, sentences, spans, extraction records and search as in the one-machine store"
    [ $same -eq 0 ] || diff "$T/one.dump" "$T/m.dump" | head -5 | sed 's/^/#   /'
}

# (b), (d) GNU parallel
if ! parallel --version 2> /dev/null | grep -q 'GNU parallel'; then
    skip "GNU parallel is not installed (apt-get install parallel)"
else
    PAR="$ROOT/examples/parallel/lede-parallel.sh"
    LEDE="$LEDE" JOBS=2 BLOCK=$((size / 10 + 1)) sh "$PAR" map "$T/corpus.jsonl" > "$T/b.jsonl" 2> "$T/b.err"
    is "$?:$(cat "$T/b.err")" "0:" "parallel map: exit 0, nothing on stderr"
    cmp -s "$T/b.jsonl" "$T/a.jsonl"
    ok $? "parallel --pipe --keep-order into lede map --extract: the one-machine spans, in order"
    took "parallel map"

    mkdir "$T/pparts"
    LEDE="$LEDE" JOBS=2 BLOCK=$((size / 5 + 1)) PARTS="$T/pparts" sh "$PAR" stores "$T/corpus.jsonl" "$T/pmerged.db" \
        > /dev/null 2> "$T/ps.err"
    is "$?:$(grep -v 'documents processed' "$T/ps.err")" "0:" "parallel stores: exit 0, no error"
    np=$(ls "$T/pparts" | grep -c '^part-[0-9]*\.db$')
    ok "$([ "$np" -ge 4 ] && echo 0 || echo 1)" "... $np stores made, one per block"
    same_store "$T/pmerged.db" "parallel stores + lede merge"
    # Idempotent at scale: the parts again, then the one-machine store.
    (cd "$T/pparts" && "$LEDE" merge "$T/pmerged.db" $(ls part-*.db | sort -t- -k2 -n)) 2> "$T/again.err"
    is "$?:$(tail -n 1 "$T/again.err")" "0:lede merge: $T/pmerged.db: 0 documents added, $DOCS already there, 0 spans" \
        "merging the parts again adds nothing"
    "$LEDE" merge "$T/pmerged.db" "$T/one.db" 2> "$T/again.err"
    like "$(cat "$T/again.err")" ": 0 documents added \(0 renamed\), $DOCS already in" \
        "merging the one-machine store adds nothing: every text is there"
    dump "$T/pmerged.db" | cmp -s - "$T/one.dump"
    ok $? "... and the store is unchanged"
    took "parallel stores"
fi

# (c), (d) Dask
PY=""
for p in "${LEDE_PYTHON:-}" python3 /usr/bin/python3; do
    [ -n "$p" ] && "$p" -c 'import distributed' 2> /dev/null && { PY=$p; break; }
done
if [ -z "$PY" ]; then
    skip "python3-distributed is not installed (apt-get install python3-distributed): Dask run not checked"
else
    mkdir "$T/dask"
    "$PY" -m distributed.cli.dask_scheduler --host 127.0.0.1 --port 0 --no-dashboard \
        --scheduler-file "$T/dask/scheduler.json" > "$T/dask/scheduler.log" 2>&1 &
    pids="$pids $!"
    i=0
    while [ ! -s "$T/dask/scheduler.json" ] && [ $i -lt 120 ]; do sleep 0.5; i=$((i + 1)); done
    for w in 1 2; do
        "$PY" -m distributed.cli.dask_worker --scheduler-file "$T/dask/scheduler.json" --host 127.0.0.1 \
            --nthreads 1 --no-dashboard --name "w$w" --local-directory "$T/dask" > "$T/dask/worker$w.log" 2>&1 &
        pids="$pids $!"
    done
    "$PY" "$ROOT/examples/dask/lede_dask.py" --scheduler-file "$T/dask/scheduler.json" --workers 2 \
        --lede "$LEDE" --partitions 4 --spans "$T/c.jsonl" --store "$T/dmerged.db" \
        --parts-dir "$T/dparts" "$T/corpus.jsonl" > /dev/null 2> "$T/c.err"
    st=$?
    # Dask itself may log warnings on stderr (slow garbage collection on a
    # loaded machine): only lede_dask's own lines are compared.
    is "$st:$(grep '^lede_dask' "$T/c.err")" "0:lede_dask: 4 partitions on 2 workers" \
        "Dask: 4 partitions on the 2 workers started on 127.0.0.1, exit 0"
    [ "$st" -ne 0 ] && sed 's/^/# /' "$T/c.err"
    like "$(cat "$T/dask/scheduler.log")" "tcp://127.0.0.1:" "... the scheduler listened on loopback"
    cmp -s "$T/c.jsonl" "$T/a.jsonl"
    ok $? "Dask workers piping partitions into lede map --extract: the one-machine spans, in order"
    is "$(ls "$T/dparts" | tr '\n' ' ')" "part-00001.db part-00002.db part-00003.db part-00004.db " \
        "Dask: one store per partition came back"
    same_store "$T/dmerged.db" "Dask stores + lede merge"
    took "Dask"
fi

tap_done
