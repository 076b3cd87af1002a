#!/bin/sh
# make bench: speed and memory of lede on a large corpus, with the sqlite3
# shell loading the same documents into a plain FTS5 table as the baseline.
#
#   BENCH_CORPUS=FILE.jsonl  use this corpus instead of a generated one
#   BENCH_MB=100             size of the generated corpus
#
# Figures go to stdout and to build/bench/results.txt.
set -eu
cd "$(dirname "$0")/../.."
build=${LEDE_BUILD:-build}
out=$build/bench
mkdir -p "$out"
lede=$build/lede
corpus=${BENCH_CORPUS:-$out/corpus-${BENCH_MB:-100}mb.jsonl}
results=$out/results.txt

if [ ! -s "$corpus" ]; then
    echo "generating $corpus ..." >&2
    lua5.4 tests/bench/gen_corpus.lua "$corpus" "${BENCH_MB:-100}" 1
fi
mb=$(awk -v b="$(wc -c < "$corpus")" 'BEGIN { printf "%.1f", b / 1e6 }')

# GNU time gives wall time and peak resident memory in one line.
run() { # NAME COMMAND... -> "NAME  SECONDS  PEAK_KB"
    name=$1; shift
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" > /dev/null
    read -r secs kb < "$out/time.txt"
    echo "$name $secs $kb"
}

{
    echo "machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
    echo "corpus: $corpus ($mb MB of JSONL)"

    rm -f "$out/lede.db" "$out/lede.db-wal" "$out/lede.db-shm"
    set -- $(run ingest "$lede" --db "$out/lede.db" ingest "$corpus")
    ingest_s=$2; ingest_kb=$3
    text_mb=$(sqlite3 "$out/lede.db" "select printf('%.1f', sum(length(cast(text as blob))) / 1e6) from documents")

    sqlite3 "$out/lede.db" "select text from documents" > "$out/corpus.txt"
    "$build/tokbench" "$out/corpus.txt" > "$out/tok.txt"
    "$build/gazbench" "$out/corpus.txt" data/places.txt data/orgs.txt > "$out/gaz.txt"
    set -- $(run tokbench "$build/tokbench" "$out/corpus.txt")
    tok_kb=$3

    rm -f "$out/fts.db"
    cat > "$out/fts.sql" <<SQL
CREATE TEMP TABLE raw(line TEXT);
.mode ascii
.separator "\037" "\n"
.import $corpus raw
CREATE VIRTUAL TABLE docs USING fts5(id, text, tokenize='unicode61');
INSERT INTO docs(id, text) SELECT line->>'id', line->>'text' FROM raw;
SQL
    set -- $(run baseline sh -c "sqlite3 '$out/fts.db' < '$out/fts.sql'")
    base_s=$2; base_kb=$3

    echo "document text: $text_mb MB"
    echo "tokenize + sentences: $(cat "$out/tok.txt") (peak $((tok_kb / 1024)) MB)"
    echo "gazetteer matching (places + orgs):"
    sed 's/^/    /' "$out/gaz.txt"
    echo "lede ingest: $ingest_s s, $(awk -v m="$text_mb" -v s="$ingest_s" 'BEGIN { printf "%.1f", m / s }') MB/s, peak $((ingest_kb / 1024)) MB"
    echo "sqlite3 shell into FTS5 (unicode61): $base_s s, peak $((base_kb / 1024)) MB"
    echo "lede ingest / baseline: $(awk -v a="$ingest_s" -v b="$base_s" 'BEGIN { printf "%.2f", a / b }')x (target <= 1.3x)"
} | tee "$results"
