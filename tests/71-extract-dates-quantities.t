#!/bin/sh
# 71-extract-dates-quantities.t -- lede.timex, lede.extract.dates and
# lede.extract.quantities on sentences written for the tests and on the
# seed articles: runs the TAP scripts tests/lua/extract_dates_test.lua and
# tests/lua/extract_quantities_test.lua (and the driver's,
# tests/lua/extract_driver_test.lua) through `lede run`, one subtest
# each.
set -u
LEDE=${LEDE_BIN:-build/lede}
if [ ! -x "$LEDE" ]; then
    echo "1..0 # SKIP no lede binary at $LEDE"
    exit 0
fi
ROOT=${LEDE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
. "$ROOT/tests/tap.sh"
cd "$ROOT" || exit 1
export LEDE_ROOT="$ROOT"

for script in tests/lua/extract_dates_test.lua tests/lua/extract_quantities_test.lua \
        tests/lua/extract_driver_test.lua; do
    "$LEDE" --db :memory: run "$script" > "$T/out" 2> "$T/err"
    st=$?
    grep '^not ok' "$T/out" | sed 's/^/# /'
    sed 's/^/# /' "$T/err"
    bad=$(grep -c '^not ok' "$T/out")
    total=$(grep -c '^ok\|^not ok' "$T/out")
    [ "$st" -eq 0 ] && [ "$bad" -eq 0 ] && [ "$total" -gt 0 ]
    ok $? "$script: $total checks, $bad failed"
done
tap_done
