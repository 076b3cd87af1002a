#!/bin/sh
# 68-user-extractor.t -- the user extractor README.md walks through
# (examples/casualties.lua) works as the README says: run with
# `lede extract --with`, it finds casualty figures with the body they are
# attributed to, on text of our own; and the README shows the file as it is.
set -u
ROOT=${LEDE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
. "$ROOT/tests/tap.sh"
need_lede
X="$ROOT/examples/casualties.lua"

cat > "$T/a.txt" <<'TXT'
Toll rises in the south

More than 37,000 Palestinians have been killed since the war began, according to the Gaza Health Ministry. About 1,200 people were killed in the October 7 attack, Israeli officials said.

Two aid workers were wounded on Monday. The World Health Organization said at least 90 patients were missing.
TXT
"$LEDE" --db "$T/a.db" ingest "$T/a.txt" > /dev/null 2>&1
"$LEDE" --db "$T/a.db" extract --with "$X" --format jsonl --kinds casualty > "$T/out" 2> "$T/err"
ok $? "lede extract --with examples/casualties.lua runs"
is "$(sed 's/.*"text":"\([^"]*\)".*"source":\([^,}]*\).*"value":\([0-9]*\).*/\1|\2|\3/' "$T/out")" \
'More than 37,000 Palestinians have been killed|"Gaza Health Ministry"|37000
About 1,200 people were killed|null|1200
Two aid workers were wounded|null|2
at least 90 patients were missing|"World Health Organization"|90' \
    "each figure with its words, the organisation of its sentence (or null) and its value"
is "$(grep -c '"approx":true' "$T/out")" 3 "'more than', 'about', 'at least' make a figure approximate"
is "$(sqlite3 "$T/a.db" "select count(*) from spans where kind = 'casualty'")" 4 "the spans are stored with the standard ones"

# The README's listing is the file.
block=$(awk 'BEGIN { on = 0 } /^```lua$/ { getline l; if (l ~ /^-- casualties.lua/) { on = 1; print l; next } } on && /^```$/ { exit } on' "$ROOT/README.md")
is "$block" "$(cat "$X")" "README.md shows examples/casualties.lua as it is"
tap_done
