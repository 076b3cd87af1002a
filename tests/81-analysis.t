#!/bin/sh
# 81-analysis.t -- lede.analysis, the model behind the reports, through
# tests/lua/analysis_test.lua: on own articles with hand-placed spans
# (entity resolution, quotes, timeline, disagreements against the span
# contract), on examples/corpus ingested and extracted (against
# examples/EXPECTED.json), and on the seed articles when present.
set -u
LEDE=${LEDE_BIN:-build/lede}
if [ ! -x "$LEDE" ]; then
    echo "1..0 # SKIP no lede binary at $LEDE"
    exit 0
fi
ROOT=${LEDE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
SEEDS=${LEDE_SEEDS:-$ROOT/../shared/seeds}
. "$ROOT/tests/tap.sh"
TEST="$ROOT/tests/lua/analysis_test.lua"

# run NAME DB ARGS...: the script's TAP lines, renumbered into this plan
run() {
    name=$1 db=$2
    shift 2
    "$LEDE" --db "$db" run "$TEST" "$@" > "$T/$name.out" 2> "$T/$name.err"
    st=$?
    tap_merge "$name" "$st" "$T/$name.out" "$T/$name.err"
}

# store NAME PATH: ingest and extract PATH into $T/NAME.db
store() {
    "$LEDE" --db "$T/$1.db" ingest "$2" > /dev/null 2> "$T/$1.ingest" &&
        "$LEDE" --db "$T/$1.db" extract > /dev/null 2> "$T/$1.extract"
    st=$?
    ok "$st" "$1: ingest and extract"
    if [ "$st" -ne 0 ]; then sed 's/^/# /' "$T/$1.ingest" "$T/$1.extract"; fi
    return "$st"
}

run synthetic :memory: synthetic

if store corpus "$ROOT/examples/corpus"; then
    run corpus "$T/corpus.db" corpus "$ROOT/examples/EXPECTED.json"
fi

if [ -d "$SEEDS" ]; then
    if store seeds "$SEEDS"; then
        run seeds "$T/seeds.db" seeds
    fi
else
    skip "no seed articles at $SEEDS"
fi

tap_done
