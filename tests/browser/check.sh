#!/bin/sh
# check.sh -- the HTML report in a real browser (headless Chromium), as TAP:
# the page loads, its script runs without error (data-ready on <body>, the
# error box still hidden), the charts are drawn, a link to a passage
# highlights that passage in its document, and a screenshot is written.
#
#   tests/browser/check.sh [REPORT.html]
#
# Without an argument it makes the report of examples/corpus with
# `lede analyze` into $LEDE_BUILD/report.html (store: $LEDE_BUILD/report.db).
# The screenshot is $LEDE_BUILD/report.png. Skips when no Chromium is
# installed (Debian: apt-get install chromium).
set -u
ROOT=${LEDE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${LEDE_BUILD:-$ROOT/build}
LEDE=${LEDE_BIN:-$BUILD/lede}
. "$ROOT/tests/tap.sh"

CHROME=
for c in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$c" > /dev/null 2>&1; then CHROME=$c; break; fi
done
if [ -z "$CHROME" ]; then
    echo "1..0 # SKIP no chromium (apt-get install chromium)"
    exit 0
fi

# Nothing may reach the network: the page must be self-contained.
browse() {
    timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-extensions --user-data-dir="$T/profile" "$@" 2> "$T/chrome.err"
}

PAGE=${1:-}
if [ -z "$PAGE" ]; then
    mkdir -p "$BUILD"
    PAGE=$BUILD/report.html
    rm -f "$BUILD/report.db" "$BUILD/report.db-wal" "$BUILD/report.db-shm"
    "$LEDE" --db "$BUILD/report.db" analyze "$ROOT/examples/corpus" -o "$PAGE" --quiet 2> "$T/analyze.err" ||
        "$LEDE" --db "$BUILD/report.db" run "$ROOT/scripts/analyze.lua" "$ROOT/examples/corpus" -o "$PAGE" --quiet \
            2> "$T/analyze.err"
    st=$?
    ok "$st" "lede analyze examples/corpus -o $PAGE"
    [ "$st" -eq 0 ] || sed 's/^/# /' "$T/analyze.err"
fi
case "$PAGE" in /*) URL="file://$PAGE" ;; *) URL="file://$(pwd)/$PAGE" ;; esac
if [ ! -s "$PAGE" ]; then
    ok 1 "the report exists: $PAGE"
    tap_done
fi

browse --dump-dom "$URL" > "$T/dom.html"
ok $? "Chromium loads the page"
body=$(grep -o '<body[^>]*>' "$T/dom.html" | head -n 1)
like "$body" 'data-ready="1"' "the page's script ran to the end"
ok "$(printf '%s' "$body" | grep -c 'data-errors')" "... and reported no error"
like "$(grep -o '<div id="script-errors"[^>]*>' "$T/dom.html")" 'hidden' "the error box stays hidden"
charts=$(grep -o '<svg class="chart' "$T/dom.html" | wc -l | tr -d ' ')
ok "$([ "$charts" -ge 5 ]; echo $?)" "the charts are in the page ($charts: people, organisations, places, quotes, timeline)"
bars=$(grep -o '<rect ' "$T/dom.html" | wc -l | tr -d ' ')
dots=$(grep -o '<circle ' "$T/dom.html" | wc -l | tr -d ' ')
ok "$([ "$bars" -gt 0 ] && [ "$dots" -gt 0 ]; echo $?)" "bars ($bars) and timeline dots ($dots) are drawn"
if grep -Eqi 'TypeError|ReferenceError|SyntaxError|Uncaught' "$T/dom.html" "$T/chrome.err"; then
    ok 1 "no JavaScript error in the page or the console"
    grep -Ei 'TypeError|ReferenceError|SyntaxError|Uncaught' "$T/dom.html" "$T/chrome.err" | head -n 3 | sed 's/^/# /'
else
    ok 0 "no JavaScript error in the page or the console"
fi

# A passage link: the script highlights exactly the pieces of that range.
anchor=$(grep -o 'href="#doc-[^"]*"' "$PAGE" | head -n 1 | sed 's/^href="#//; s/"$//')
if [ -n "$anchor" ]; then
    browse --dump-dom "$URL#$anchor" > "$T/dom2.html"
    lit=$(grep -o 'class="hl"' "$T/dom2.html" | wc -l | tr -d ' ')
    ok "$([ "$lit" -gt 0 ]; echo $?)" "opening #$anchor highlights its passage ($lit pieces)"
    start=$(printf '%s' "$anchor" | sed 's/.*-\([0-9]*\)-[0-9]*$/\1/')
    end=$(printf '%s' "$anchor" | sed 's/.*-\([0-9]*\)$/\1/')
    outside=$(grep -o '<span data-b="[0-9]*" class="hl"' "$T/dom2.html" | sed 's/[^0-9]//g' |
        awk -v s="$start" -v e="$end" '$1 < s || $1 >= e' | wc -l | tr -d ' ')
    is "$outside" 0 "... and nothing outside it"
else
    skip "the page has no passage links"
fi

rm -f "$BUILD/report.png"
browse --screenshot="$BUILD/report.png" --window-size=1280,2000 --hide-scrollbars "$URL" > /dev/null
ok "$([ -s "$BUILD/report.png" ] && head -c 8 "$BUILD/report.png" | od -An -c | grep -q 'P   N   G'; echo $?)" \
    "a screenshot: $BUILD/report.png"
tap_done
