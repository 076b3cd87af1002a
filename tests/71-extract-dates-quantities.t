#!/bin/sh
# 71-extract-dates-quantities.t -- lede.timex, lede.extract.dates and
# lede.extract.quantities on sentences written for the tests and on the
# seed articles: runs the TAP scripts tests/lua/extract_dates_test.lua and
# tests/lua/extract_quantities_test.lua (and the driver's,
# tests/lua/extract_driver_test.lua) through `lede run`, their checks
# renumbered into this file's plan.
set -u
ROOT=${LEDE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
. "$ROOT/tests/tap.sh"
need_lede
cd "$ROOT" || exit 1
export LEDE_ROOT="$ROOT"

for script in tests/lua/extract_dates_test.lua tests/lua/extract_quantities_test.lua \
        tests/lua/extract_driver_test.lua; do
    "$LEDE" --db :memory: run "$script" > "$T/out" 2> "$T/err"
    tap_merge "$script" $? "$T/out" "$T/err"
done
tap_done
