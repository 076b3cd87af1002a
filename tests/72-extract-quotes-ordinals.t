#!/bin/sh
# 72-extract-quotes-ordinals.t -- the quote and ordinal_event extractors:
# attribution patterns and ordinal events on sentences written for the
# tests (tests/lua/extract_quotes_test.lua, extract_ordinals_test.lua, TAP
# scripts run by `lede run`), and the issue's acceptance cases on the seed
# articles when they are there.
set -u
ROOT=${LEDE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
. "$ROOT/tests/tap.sh"
need_lede
SEEDS=${LEDE_SEEDS:-$ROOT/../shared/seeds}
[ -d "$SEEDS" ] || SEEDS=""

# each script's TAP lines, renumbered into this file's plan
for script in extract_quotes_test extract_ordinals_test; do
    "$LEDE" --db :memory: run "$ROOT/tests/lua/$script.lua" "$SEEDS" > "$T/$script.out" 2> "$T/$script.err"
    tap_merge "$script" $? "$T/$script.out" "$T/$script.err"
done
tap_done
