#!/bin/sh
# 72-extract-quotes-ordinals.t -- the quote and ordinal_event extractors:
# attribution patterns and ordinal events on sentences written for the
# tests (tests/lua/extract_quotes_test.lua, extract_ordinals_test.lua, TAP
# scripts run by `lede run`), and the issue's acceptance cases on the seed
# articles when they are there.
set -u

LEDE=${LEDE_BIN:-build/lede}
ROOT=${LEDE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
SEEDS=${LEDE_SEEDS:-$ROOT/../shared/seeds}
if [ ! -x "$LEDE" ]; then
    echo "1..0 # SKIP no lede binary at $LEDE"
    exit 0
fi
[ -d "$SEEDS" ] || SEEDS=""

# Both scripts print TAP; renumber them into one stream.
n=0
failed=0
for script in extract_quotes_test extract_ordinals_test; do
    out=$("$LEDE" --db :memory: run "$ROOT/tests/lua/$script.lua" "$SEEDS" 2>&1)
    st=$?
    while IFS= read -r line; do
        case $line in
            "ok "*|"not ok "*)
                n=$((n + 1))
                case $line in "not ok "*) failed=$((failed + 1)) ;; esac
                printf '%s\n' "$line" | sed -E "s/^(not ok|ok) [0-9]+/\1 $n/; s/ - / - $script: /"
                ;;
            "1.."*) ;;
            *) printf '%s\n' "$line" ;;
        esac
    done <<EOF2
$out
EOF2
    if [ "$st" -ne 0 ] && [ "$failed" -eq 0 ]; then
        n=$((n + 1)); failed=$((failed + 1))
        echo "not ok $n - $script exits 0 (status $st)"
    fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
