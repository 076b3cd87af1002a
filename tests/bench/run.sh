#!/bin/sh
# make bench: speed and memory of lede on a large corpus, with the sqlite3
# shell loading the same documents into a plain FTS5 table as the baseline.
#
#   BENCH_CORPUS=FILE.jsonl  use this corpus instead of a generated one
#   BENCH_MB=100             size of the generated corpus
#   BENCH_RUNS=3             lede ingest and the baseline run this many times,
#                            taking turns; the best CPU time of each is kept
#   BENCH_EXTRACT_MB=20      text for the extraction figures (see below)
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
# CPU time (user + system) is reported beside wall time: on a shared
# machine it is the steadier figure.
run() { # NAME COMMAND... -> "NAME SECONDS PEAK_KB CPU_SECONDS"
    name=$1; shift
    /usr/bin/time -f "%e %M %U %S" -o "$out/time.txt" "$@" > /dev/null
    read -r secs kb user sys < "$out/time.txt"
    echo "$name $secs $kb $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
}

{
    echo "machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
    echo "corpus: $corpus ($mb MB of JSONL)"

    rm -f "$out/fts.db"
    cat > "$out/fts.sql" <<SQL
CREATE TEMP TABLE raw(line TEXT);
.mode ascii
.separator "\037" "\n"
.import $corpus raw
CREATE VIRTUAL TABLE docs USING fts5(id, text, tokenize='unicode61');
INSERT INTO docs(id, text) SELECT line->>'id', line->>'text' FROM raw;
SQL
    # Taking turns, so that a busy spell on a shared machine weighs on both;
    # the run with the least CPU time of each is reported.
    ingest_cpu=; base_cpu=
    for r in $(seq "${BENCH_RUNS:-3}"); do
        rm -f "$out/lede.db" "$out/lede.db-wal" "$out/lede.db-shm"
        set -- $(run ingest "$lede" --db "$out/lede.db" ingest "$corpus")
        if [ -z "$ingest_cpu" ] || awk -v a="$4" -v b="$ingest_cpu" 'BEGIN { exit !(a < b) }'; then
            ingest_s=$2; ingest_kb=$3; ingest_cpu=$4
        fi
        rm -f "$out/fts.db"
        set -- $(run baseline sh -c "sqlite3 '$out/fts.db' < '$out/fts.sql'")
        if [ -z "$base_cpu" ] || awk -v a="$4" -v b="$base_cpu" 'BEGIN { exit !(a < b) }'; then
            base_s=$2; base_kb=$3; base_cpu=$4
        fi
    done
    text_mb=$(sqlite3 "$out/lede.db" "select printf('%.1f', sum(length(cast(text as blob))) / 1e6) from documents")

    sqlite3 "$out/lede.db" "select text from documents" > "$out/corpus.txt"
    # Best of three: the first pass over a freshly written file is slower.
    for i in 1 2 3; do "$build/tokbench" "$out/corpus.txt"; done |
        sort -t= -k2 -n -r | sed -n 1p > "$out/tok.txt"
    "$build/gazbench" "$out/corpus.txt" data/places.txt data/orgs.txt > "$out/gaz.txt"
    set -- $(run tokbench "$build/tokbench" "$out/corpus.txt")
    tok_kb=$3

    echo "document text: $text_mb MB"
    echo "tokenize + sentences (best of 3): $(cat "$out/tok.txt") (peak $((tok_kb / 1024)) MB)"
    echo "gazetteer matching (places + orgs):"
    sed 's/^/    /' "$out/gaz.txt"
    echo "lede ingest (best CPU of ${BENCH_RUNS:-3} runs): $ingest_s s ($ingest_cpu s CPU), $(awk -v m="$text_mb" -v s="$ingest_s" 'BEGIN { printf "%.1f", m / s }') MB/s, peak $((ingest_kb / 1024)) MB"
    echo "sqlite3 shell into FTS5 (unicode61), best of ${BENCH_RUNS:-3}: $base_s s ($base_cpu s CPU), peak $((base_kb / 1024)) MB"
    echo "lede ingest / baseline: $(awk -v a="$ingest_s" -v b="$base_s" 'BEGIN { printf "%.2f", a / b }')x wall, $(awk -v a="$ingest_cpu" -v b="$base_cpu" 'BEGIN { printf "%.2f", a / b }')x CPU (target <= 1.3x)"
} | tee "$results"

# Extraction with the standard extractors, and lede map, on the first
# BENCH_EXTRACT_MB (default 20) MB of the corpus: `lede extract` with one and
# two workers (target: >= 10 MB/s on one, x1.7 on two), `lede map` as one
# process, as two processes on the two halves (how Hadoop Streaming runs
# it), and with --jobs 2.
timed() { # COMMAND... -> "WALL_S PEAK_KB CPU_S" (CPU: user + system)
    /usr/bin/time -f "%e %M %U %S" -o "$out/xtime.txt" "$@" > /dev/null 2> "$out/xerr.txt" || true
    read -r w k u s < "$out/xtime.txt"
    echo "$w $k $(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')"
}
rate() { awk -v m="$1" -v s="$2" 'BEGIN { printf "%.2f", (s > 0 ? m / s : 0) }'; }
{
    xmb=${BENCH_EXTRACT_MB:-20}
    head -c $((xmb * 1000000)) "$corpus" | sed '$d' > "$out/extract.jsonl"
    split -n l/2 "$out/extract.jsonl" "$out/half."
    for j in 1 2; do
        rm -f "$out/x$j.db" "$out/x$j.db-wal" "$out/x$j.db-shm"
        "$lede" --db "$out/x$j.db" ingest "$out/extract.jsonl" 2> /dev/null
    done
    x_mb=$(sqlite3 "$out/x1.db" "select printf('%.1f', sum(length(cast(text as blob))) / 1e6) from documents")
    echo "extraction text: $x_mb MB ($(sqlite3 "$out/x1.db" "select count(*) from documents") documents)"
    set -- $(timed "$lede" --db "$out/x1.db" extract --jobs 1); x1_s=$1
    echo "lede extract --jobs 1: $1 s ($3 s CPU), $(rate "$x_mb" "$1") MB/s, $(rate "$x_mb" "$3") MB per CPU second, peak $(($2 / 1024)) MB"
    set -- $(timed "$lede" --db "$out/x2.db" extract --jobs 2); x2_s=$1
    echo "lede extract --jobs 2: $1 s ($3 s CPU), $(rate "$x_mb" "$1") MB/s, peak $(($2 / 1024)) MB; speed-up $(rate "$x1_s" "$x2_s")x (target >= 1.7x)"
    set -- $(timed "$lede" map --extract < "$out/extract.jsonl")
    echo "lede map --extract, one process: $1 s ($3 s CPU), $(rate "$x_mb" "$1") MB/s, peak $(($2 / 1024)) MB"
    set -- $(timed sh -c "'$lede' map --extract < '$out/half.aa' > /dev/null & '$lede' map --extract < '$out/half.ab' > /dev/null; wait")
    echo "lede map --extract, two processes on halves: $1 s ($3 s CPU), $(rate "$x_mb" "$1") MB/s"
    set -- $(timed "$lede" map --extract --jobs 2 < "$out/extract.jsonl")
    echo "lede map --extract --jobs 2: $1 s ($3 s CPU), $(rate "$x_mb" "$1") MB/s, peak $(($2 / 1024)) MB"
} | tee -a "$results"
