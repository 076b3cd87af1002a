#!/bin/sh
# 67-map.t -- `lede map`, the streaming contract: JSONL documents on stdin,
# span JSON Lines on stdout with no store; the same lines `lede ingest` +
# `lede extract --no-corpus --format jsonl` print for the same documents, in
# input order, for any --jobs; a malformed record is one "stdin:LINE:
# reason" line (ingest's reasons) and the rest goes on, exit 2; map scripts;
# usage errors; memory that does not grow with the input.
# The standard extractors are replaced by test doubles (tests/data/extractors)
# so that these checks do not move with extraction quality.
set -u
LEDE=${LEDE_BIN:-build/lede}
ROOT=${LEDE_ROOT:-.}
. "$ROOT/tests/tap.sh"
export LC_ALL=C
export LEDE_PATH="$ROOT/tests/data/extractors;;"
m() { "$LEDE" map "$@" > "$T/out" 2> "$T/err"; st=$?; }

# Own sample articles: metadata, a list (list items are paragraphs marked
# item), a byline, a control character in an id, escapes in the text.
cat > "$T/own.jsonl" <<'EOF'
{"id":"harbour","title":"Harbour Cranes Idle","date":"2024-03-02","text":"Harbour Cranes Stand Idle In Lisbon\n\nBy Tomas Reyes\n\nDock Workers In Lisbon Walked Out On Friday, The Union Said, After Talks With Port Operators Broke Down.\n\n- Crane Drivers Want A Shorter Week\n- Pilots Backed The Strike\n"}
{"id":"vote\u007f2","text":"Council Delays Budget Vote\n\nThe City Council Of Tampere Put Off Its Vote Until March, Mayor Aino Laine Said. \"Laine Wants More\" For Schools.","lang":"en","tags":["city",2]}
{"id":7,"source":"wire","url":"http://example.org/7","text":"Rivers Rise Across Bavaria\r\n\r\nRescue Teams From M\u00fcnchen And Passau Moved Families As The Danube Rose\tOvernight."}
{"text":"No Id Given Here\n\nA Record Without An Id Is Named After Its Input."}
EOF
cat "$T/own.jsonl" "$ROOT/tests/corpus/corpus.jsonl" > "$T/all.jsonl"
"$LEDE" --db "$T/x.db" ingest - < "$T/all.jsonl" > /dev/null 2>&1
K=test_people,test_places,test_dates,sentence,paragraph,headline,byline,caption,subhead
"$LEDE" --db "$T/x.db" extract --no-corpus --format jsonl > "$T/x.jsonl" 2> /dev/null
"$LEDE" --db "$T/x.db" extract --no-corpus --format jsonl --kinds "$K" > "$T/xk.jsonl" 2> /dev/null

m --extract < "$T/all.jsonl"
is "$st:$(cat "$T/err")" "0:" "map --extract: exit 0, nothing on stderr"
ok "$([ "$(wc -l < "$T/out")" -gt 1000 ] && echo 0 || echo 1)" "it prints spans ($(wc -l < "$T/out" | tr -d ' '))"
cmp -s "$T/out" "$T/x.jsonl"; ok $? "the lines ingest + extract --no-corpus --format jsonl print, byte for byte"
for j in 2 3; do
    m --extract --jobs "$j" < "$T/all.jsonl"
    cmp -s "$T/out" "$T/x.jsonl"; ok $? "... with --jobs $j too"
done
m --extract --kinds "$K" -j 2 < "$T/all.jsonl"
cmp -s "$T/out" "$T/xk.jsonl"; ok $? "--kinds with the core's sentences and layout: as extract --kinds prints them"
is "$(grep '"doc":"harbour"' "$T/out" | grep -c '"item":true')" 2 "... list items are paragraphs marked item"
like "$(grep -m1 '"kind":"sentence"' "$T/out")" '^\{"doc":"harbour","kind":"sentence","start":[0-9]+,"end":[0-9]+,"text":"[^"]+"\}$' "... a sentence line"
like "$(cat "$T/out")" '"doc":"vote\\u007f2"' "an id with a control character is escaped as lede.json does"
like "$(cat "$T/out")" '"doc":"7",' "an integer id becomes a string"
like "$(cat "$T/out")" '"doc":"stdin",' "a record without an id is named after its input, stdin"
m --kinds sentence < "$T/all.jsonl"
is "$st:$(grep -vc '"kind":"sentence"' "$T/out")" "0:0" "--kinds sentence alone: segmentation only"

# Differences documented: ids are not made unique, repeated texts are mapped again.
printf '{"id":"a","text":"Same Words Again And Again"}\n{"id":"a","text":"Other Words Here And There"}\n{"id":"b","text":"Same Words Again And Again"}\n' > "$T/dup.jsonl"
m --extract --kinds test_people < "$T/dup.jsonl"
is "$(sed 's/"kind".*//' "$T/out" | tr '\n' ' ')" '{"doc":"a", {"doc":"a", {"doc":"b", ' "ids as given, repeated texts mapped each time"

# Malformed records: ingest's reasons, the rest mapped, exit 2.
{
    printf '{"id":"ok1","text":"Good Record One Here"}\n'
    printf 'not json\n'
    printf '{"id":"x"}\n'
    printf '{"id":"y","text":"  "}\n'
    printf '{"id":["z"],"text":"Bad Id Type"}\n'
    printf '\n   \n'
    printf '{"id":"bin","text":"A\\u0000B"}\n'
    printf '{"id":"latin","text":"caf\351 Au Lait"}\n'
    printf '[1,2]\n'
    printf '{"id":"twice","id":"again","text":"Duplicate Field Here"}\n'
    printf '{"id":"ok2","text":"Good Record Two Here"}'
} > "$T/bad.jsonl"
m --extract --kinds test_people < "$T/bad.jsonl"
is "$st" 2 "malformed records: exit 2 at the end"
is "$(sed 's/,"kind".*//' "$T/out" | sort -u | tr '\n' ' ')" '{"doc":"ok1" {"doc":"ok2" ' "... the good records are mapped, the last line without a newline too"
"$LEDE" --db "$T/bad.db" ingest - < "$T/bad.jsonl" > /dev/null 2> "$T/ingest.err"
cmp -s "$T/err" "$T/ingest.err"; ok $? "... one stdin:LINE: reason line each, the same as lede ingest's"
like "$(cat "$T/err")" '^stdin:2: malformed JSON' "... e.g. stdin:2: malformed JSON"
is "$(wc -l < "$T/err" | tr -d ' ')" 8 "... eight rejections, blank lines skipped"
printf '\357\273\277{"id":"bom","text":"Byte Order Mark First Then Text"}\r\n{"id":"crlf","text":"Windows Line Ends Here Too"}\r\n' > "$T/crlf.jsonl"
m --extract --kinds test_people < "$T/crlf.jsonl"
is "$st:$(sed 's/,"kind".*//' "$T/out" | sort -u | tr '\n' ' ')" '0:{"doc":"bom" {"doc":"crlf" ' "a BOM before the first record and CRLF line ends are accepted"
: > "$T/empty"
m --extract < "$T/empty"
is "$st:$(wc -c < "$T/out" | tr -d ' ')" "0:0" "empty input: no output, exit 0"

# A long record (2 MB of text) goes through.
lua5.4 -e 'local w = {} for i = 1, 200000 do w[i] = (i % 9 == 0) and "Envoys Met." or "the talks" end
io.write(string.format("{\"id\":\"long\",\"text\":%q}\n", table.concat(w, " "):gsub("\n", "")))' > "$T/long.jsonl" 2>/dev/null
m --extract --kinds test_people -j 2 < "$T/long.jsonl"
"$LEDE" --db "$T/long.db" ingest "$T/long.jsonl" > /dev/null
"$LEDE" --db "$T/long.db" extract --format jsonl --kinds test_people > "$T/long.x" 2> /dev/null
ok "$([ "$st" = 0 ] && [ "$(wc -l < "$T/out")" -gt 10000 ] && cmp -s "$T/out" "$T/long.x" && echo 0 || echo 1)" \
   "a 2 MB record: every span printed ($(wc -l < "$T/out" | tr -d ' '))"

# Map scripts.
cat > "$T/count.lua" <<'EOF'
-- One summary line per document, then its people spans and a span of its own.
return function(doc, spans)
  if doc.id == "boom" then error("cannot map " .. doc.id) end
  local out = { ("%s\t%d\t%s"):format(doc.id, #spans, doc.meta.lang or "-") }
  for _, sp in ipairs(spans) do out[#out + 1] = sp end
  out[#out + 1] = { kind = "first_word", s = 1, e = doc.text:find(" ") or #doc.text + 1, attrs = { len = #doc.text } }
  return out
end
EOF
printf '{"id":"one","lang":"en","text":"Envoys Arrive In Doha Today"}\n{"id":"boom","text":"This One Fails"}\n{"id":"two","text":"Nothing Here"}\n' > "$T/s.jsonl"
m --extract --kinds test_people "$T/count.lua" < "$T/s.jsonl"
is "$st" 3 "a script failing on one document: exit 3"
is "$(cat "$T/out")" 'one	1	en
{"doc":"one","kind":"test_people","start":14,"end":16,"text":"In","n":3}
{"doc":"one","kind":"first_word","start":0,"end":6,"text":"Envoys","len":27}
two	0	-
{"doc":"two","kind":"first_word","start":0,"end":7,"text":"Nothing","len":12}' "strings as lines, span tables as span JSON Lines, in the script's order"
like "$(cat "$T/err")" "^lede map: stdin:2: doc 'boom': .*count.lua:3: cannot map boom$" "... the failure names line, document and FILE:LINE"
m --jobs 2 "$T/count.lua" < "$T/s.jsonl"
like "$st:$(head -n 1 "$T/out")" "^3:one	0	en$" "a script alone runs no extractor"
printf 'return function(doc) return { { kind = "x", s = 0, e = 2 } } end\n' > "$T/range.lua"
m "$T/range.lua" < "$T/s.jsonl"
like "$st:$(head -n 1 "$T/err")" "^3:lede map: stdin:1: doc 'one': the map script returned a bad range 0..2" "a span out of range fails its document"
printf 'return function( end\n' > "$T/syntax.lua"
m "$T/syntax.lua" < "$T/s.jsonl"
like "$st:$(cat "$T/err")" "^3:lede map: .*syntax.lua:1:" "a script that does not compile: exit 3, FILE:LINE, before reading"
printf 'return 42\n' > "$T/notfn.lua"
m "$T/notfn.lua" < "$T/s.jsonl"
like "$st:$(cat "$T/err")" "^3:lede map: .*notfn.lua: a map script must return a function" "a script that returns no function is refused"

# Usage.
m < "$T/s.jsonl"
like "$st:$(head -n 1 "$T/err")" "^1:lede map: nothing to do" "nothing asked: usage error"
m --bogus < "$T/s.jsonl"
is "$st" 1 "unknown option: exit 1"
m --extract --jobs 0 < "$T/s.jsonl"
is "$st" 1 "--jobs 0: exit 1"
m "$T/count.lua" "$T/range.lua" < "$T/s.jsonl"
is "$st" 1 "two scripts: exit 1"
"$LEDE" map --help > "$T/out"; st=$?
like "$st:$(head -n 1 "$T/out")" "^0:usage: lede map" "lede map --help"

# Memory does not grow with the input: 32 times the documents (2 MB, 5 MB
# of output), the same peak give or take 1.5 MB (GNU time's %M). Under
# AddressSanitizer (make check-asan), freed memory is held in quarantine
# unless told otherwise, which would look like growth.
if [ -x /usr/bin/time ]; then
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
    cp "$ROOT/tests/corpus/corpus.jsonl" "$T/x1.jsonl"
    for i in 1 2 3 4 5 6 7 8; do cat "$T/x1.jsonl"; done > "$T/x8.jsonl"
    for i in 1 2 3 4; do cat "$T/x8.jsonl"; done > "$T/x32.jsonl"
    /usr/bin/time -f %M -o "$T/m1" "$LEDE" map --extract -j 2 < "$T/x1.jsonl" > /dev/null
    /usr/bin/time -f %M -o "$T/m32" "$LEDE" map --extract -j 2 < "$T/x32.jsonl" > /dev/null
    a=$(tail -n 1 "$T/m1"); b=$(tail -n 1 "$T/m32")
    ok "$([ "$b" -lt $((a + 1536)) ] && echo 0 || echo 1)" "peak memory flat: $a KB for $(wc -c < "$T/x1.jsonl" | tr -d ' ') bytes, $b KB for 32 times that"
else
    skip "no /usr/bin/time to measure memory"
fi

tap_done
