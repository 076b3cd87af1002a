#!/bin/sh
# 70-extract-entities.t -- the entity extractors: lede.extract.places
# (place, org, demonym) and lede.extract.people (person), and the shared
# scan of lede.extract.context, through their
# `lede run` TAP scripts in tests/lua/ (sentences written for the tests, and
# the seed articles when $LEDE_SEEDS or ../shared/seeds exists).
set -u

LEDE=${LEDE_BIN:-build/lede}
if [ ! -x "$LEDE" ]; then
    echo "1..0 # SKIP no lede binary at $LEDE"
    exit 0
fi
ROOT=${LEDE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
SEEDS=${LEDE_SEEDS:-$ROOT/../shared/seeds}
. "$ROOT/tests/tap.sh"
export LEDE_SEEDS="$SEEDS"

# each TEST.lua: its TAP lines, renumbered into this file's plan
for t in extract_context_test extract_places_test extract_people_test; do
    "$LEDE" --db :memory: run "$ROOT/tests/lua/$t.lua" > "$T/$t.out" 2> "$T/$t.err"
    st=$?
    tap_merge "$t" "$st" "$T/$t.out" "$T/$t.err"
done

tap_done
