#!/bin/sh
# 65-extract-cli.t -- `lede extract` as a driver: which documents it works
# on (only new ones, or those whose extractor version changed), the runs it
# records, --with user extractors and their errors, and the span JSONL it
# prints. The standard extractors are replaced by test doubles
# (tests/data/extractors) so that these checks do not move with extraction
# quality, which `make eval` measures.
set -u
LEDE=${LEDE_BIN:-build/lede}
ROOT=${LEDE_ROOT:-.}
. "$ROOT/tests/tap.sh"
export LEDE_PATH="$ROOT/tests/data/extractors;;"
D="$T/x.db"
x() { "$LEDE" --db "$D" extract "$@" > "$T/out" 2> "$T/err"; st=$?; }
q() { sqlite3 "$D" "$1"; }

printf 'Talks Resume In Doha\n\nBy Nora Vance\n\nMediators From Qatar And Egypt Met Envoys On Monday, Officials Said.\n' > "$T/a.txt"
printf 'Aid Reaches Rafah\n\nTrucks Crossed From Egypt As The Truce Held, The United Nations Said.\n' > "$T/b.txt"
"$LEDE" --db "$D" ingest "$T/a.txt" "$T/b.txt"

x
is "$st:$(cat "$T/err")" "0:lede extract: 2 documents processed" "first run processes both documents"
is "$(q 'select count(*) from extracted')" 12 "six extractors recorded per document"
is "$(q "select count(distinct run) from spans where kind like 'test_%'")" 6 "one run per extractor"
spans=$(q "select count(*) from spans where kind like 'test_%'")
x
is "$st:$(cat "$T/err"):$(q "select count(*) from spans where kind like 'test_%'")" "0::$spans" "a second run does nothing and doubles nothing"

LEDE_TEST_VERSION_dates=2 "$LEDE" --db "$D" extract 2> "$T/err"
is "$(q "select r.script || '@' || r.version from extracted e join runs r on r.id = e.run where e.extractor = 'dates' group by 1")" "extract:dates@2" "a new version of one extractor redoes its spans"
is "$(q "select count(*) from spans where kind like 'test_%'")" "$spans" "... replacing, not adding"
is "$(q "select count(distinct run) from spans where kind = 'test_people'")" 1 "... and leaves the others' runs alone"

printf 'New Talks Planned\n\nEnvoys From Jordan Will Meet In Amman Next Week.\n' > "$T/c.txt"
"$LEDE" --db "$D" ingest "$T/c.txt"
LEDE_TEST_VERSION_dates=2 "$LEDE" --db "$D" extract 2> "$T/err"
is "$(cat "$T/err")" "lede extract: 1 documents processed" "only the new document is processed"

# The JSONL contract: field order, offsets into the stored bytes, text.
LEDE_TEST_VERSION_dates=2 x --format jsonl
is "$st" 0 "--format jsonl exits 0"
is "$(wc -l < "$T/out" | tr -d ' ')" "$(q "select count(*) from spans where kind like 'test_%'")" "one line per stored span"
like "$(head -n 1 "$T/out")" '^\{"doc":"a","kind":"test_[a-z]+","start":[0-9]+,"end":[0-9]+,"text":"[^"]*","n":[0-9]+\}$' "doc, kind, start, end, text, then the attributes"
bad=0
while IFS= read -r line; do
    set -- $(printf '%s\n' "$line" | sed 's/^{"doc":"\([^"]*\)","kind":"[^"]*","start":\([0-9]*\),"end":\([0-9]*\),"text":"\([^"]*\)".*/\1 \2 \3 \4/')
    got=$(q "select cast(substr(cast(text as blob), $2 + 1, $3 - $2) as text) from documents where id = '$1'")
    [ "$got" = "$4" ] || bad=$((bad + 1))
done < "$T/out"
is "$bad" 0 "every span's text is the stored bytes at [start, end)"
LEDE_TEST_VERSION_dates=2 x --format jsonl --kinds sentence,headline
is "$(grep -c '"kind":"sentence"' "$T/out"):$(grep -c '"kind":"headline"' "$T/out"):$(grep -c test_ "$T/out")" "7:3:0" "--kinds chooses what is printed, sentences included"

# User extractors.
cat > "$T/caps.lua" <<'LUA'
return { name = "shouting", version = "1", kinds = {"shout"},
  extract = function(doc, emit)
    for s, e in doc.text:gmatch("()%u%u+()") do emit("shout", s, e, {len = e - s}) end
  end }
LUA
printf 'LOUD News\n\nThe UN and the WHO met.\n' > "$T/d.txt"
"$LEDE" --db "$D" ingest "$T/d.txt"
LEDE_TEST_VERSION_dates=2 x --with "$T/caps.lua" --format jsonl --kinds shout
is "$st:$(tr '\n' ' ' < "$T/out")" '0:{"doc":"d","kind":"shout","start":0,"end":4,"text":"LOUD","len":4} {"doc":"d","kind":"shout","start":15,"end":17,"text":"UN","len":2} {"doc":"d","kind":"shout","start":26,"end":29,"text":"WHO","len":3} ' "--with adds a user extractor's spans"
cat > "$T/broken.lua" <<'LUA'
return { name = "broken", version = "1", kinds = {"x"},
  extract = function(doc, emit)
    if doc.id == "b" then error("cannot cope with " .. doc.id) end
  end }
LUA
LEDE_TEST_VERSION_dates=2 x --with "$T/broken.lua"
is "$st" 3 "an extractor that fails exits 3"
like "$(cat "$T/err")" "^lede extract: doc 'b': .*broken.lua:3: cannot cope with b" "... naming the document and FILE:LINE"
is "$(q "select count(*) from extracted where extractor = 'broken'")" 3 "... and the other documents are done"
printf 'return { name = "syntax", kinds = {"x"}, extract = function( end }\n' > "$T/syntax.lua"
x --with "$T/syntax.lua"
like "$st:$(cat "$T/err")" "^3:lede extract: .*syntax.lua:1:" "a user extractor that does not compile: exit 3, FILE:LINE"
printf 'return 42\n' > "$T/notx.lua"
x --with "$T/notx.lua"
like "$st:$(cat "$T/err")" "^3:lede extract: .*notx.lua: an extractor must return a table" "a file that is not an extractor is refused"
x --bogus
is "$st" 1 "unknown option: exit 1"
x --format xml
is "$st" 1 "unknown format: exit 1"

tap_done
