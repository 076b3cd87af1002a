#!/bin/sh
# 66-extract-jobs.t -- `lede extract --jobs N`: the spans come from a pool of
# workers (one Lua state each) and one writer, so N must not change what is
# stored or printed: same span JSONL, same runs and `extracted` rows, the
# same incremental behaviour, the same handling of a failing extractor.
# Then the corpus step (a surname-only mention takes the one full name the
# corpus gives it) and --no-corpus; then, with the standard extractors,
# --jobs 1, --jobs 2 and `lede map` agree on the sample corpora.
set -u
LEDE=${LEDE_BIN:-build/lede}
ROOT=${LEDE_ROOT:-.}
. "$ROOT/tests/tap.sh"
export LC_ALL=C
DOUBLES="$ROOT/tests/data/extractors;;"
q() { sqlite3 "$1" "$2"; }

# Own sample articles, and the annotated corpus as a second input.
cat > "$T/own.jsonl" <<'EOF'
{"id":"harbour","title":"Harbour Cranes Idle","date":"2024-03-02","text":"Harbour Cranes Stand Idle In Lisbon\n\nBy Tomas Reyes\n\nDock Workers In Lisbon Walked Out On Friday, The Union Said, After Talks With Port Operators Broke Down.\n\n- Crane Drivers Want A Shorter Week\n- Pilots Backed The Strike\n"}
{"id":"vote","text":"Council Delays Budget Vote\n\nThe City Council Of Tampere Put Off Its Vote Until March, Mayor Aino Laine Said. Laine Wants More Money For Schools.","lang":"en"}
{"id":"floods","source":"wire","text":"Rivers Rise Across Bavaria\n\nRescue Teams From Munich And Passau Moved Families To Higher Ground As The Danube Rose Overnight."}
EOF
cat "$T/own.jsonl" "$ROOT/tests/corpus/corpus.jsonl" > "$T/all.jsonl"

for j in 1 2 3; do
    "$LEDE" --db "$T/j$j.db" ingest "$T/all.jsonl" > /dev/null 2>&1
    LEDE_PATH=$DOUBLES "$LEDE" --db "$T/j$j.db" extract --jobs "$j" --format jsonl > "$T/j$j.jsonl" 2> "$T/j$j.err"
    echo $? > "$T/j$j.st"
done
is "$(cat "$T/j1.st"):$(cat "$T/j2.st"):$(cat "$T/j3.st")" "0:0:0" "--jobs 1, 2 and 3 exit 0"
n1=$(wc -l < "$T/j1.jsonl" | tr -d ' ')
ok "$([ "$n1" -gt 1000 ] && echo 0 || echo 1)" "the test doubles find spans ($n1)"
cmp -s "$T/j1.jsonl" "$T/j2.jsonl"; ok $? "--jobs 2 prints the same span JSONL as --jobs 1, byte for byte"
cmp -s "$T/j1.jsonl" "$T/j3.jsonl"; ok $? "... and so does --jobs 3"
state() { q "$1" "select (select count(*) from spans), (select count(*) from extracted),
  (select group_concat(script || '@' || version || ':' || (finished is not null), ' ') from (select * from runs where script like 'extract:%' order by id))"; }
is "$(state "$T/j2.db")" "$(state "$T/j1.db")" "the same spans, extracted rows and finished runs, one per extractor"
is "$(q "$T/j2.db" "select count(*) from spans where run in (select id from runs where script = 'extract:people') and kind != 'test_people'")" 0 \
   "each span is stored under the run of the extractor that made it"

# Incremental, with workers.
LEDE_PATH=$DOUBLES "$LEDE" --db "$T/j2.db" extract --jobs 2 2> "$T/err"; st=$?
is "$st:$(cat "$T/err"):$(q "$T/j2.db" 'select count(*) from spans')" "0::$(q "$T/j1.db" 'select count(*) from spans')" \
   "a second run does nothing and doubles nothing"
LEDE_TEST_VERSION_places=2 LEDE_PATH=$DOUBLES "$LEDE" --db "$T/j2.db" extract --jobs 2 2> "$T/err"
docs=$(q "$T/j2.db" 'select count(*) from documents')
is "$(cat "$T/err")" "lede extract: $docs documents processed" "a new version of one extractor: every document again"
is "$(q "$T/j2.db" "select count(*) from extracted where extractor = 'places' and version = '2'"):$(q "$T/j2.db" 'select count(*) from spans')" \
   "$docs:$(q "$T/j1.db" 'select count(*) from spans')" "... its spans replaced, not added"
is "$(q "$T/j2.db" "select count(distinct run) from spans where kind = 'test_people'")" 1 "... and the others' left alone"
printf '{"id":"late","text":"Late Talks In Geneva\\n\\nEnvoys From Oman Met Again."}\n' > "$T/late.jsonl"
"$LEDE" --db "$T/j2.db" ingest "$T/late.jsonl" > /dev/null
LEDE_TEST_VERSION_places=2 LEDE_PATH=$DOUBLES "$LEDE" --db "$T/j2.db" extract -j 2 2> "$T/err"
is "$(cat "$T/err")" "lede extract: 1 documents processed" "a new document alone is processed (-j 2)"

# A failing extractor, with workers: the document is named, the others done.
cat > "$T/broken.lua" <<'EOF'
return { name = "broken", version = "1", kinds = {"x"},
  extract = function(doc, emit)
    if doc.id == "vote" then error("cannot cope with " .. doc.id) end
    emit("x", 1, 2)
  end }
EOF
LEDE_PATH=$DOUBLES "$LEDE" --db "$T/j3.db" extract --jobs 3 --with "$T/broken.lua" > /dev/null 2> "$T/err"; st=$?
is "$st" 3 "an extractor that fails on one document: exit 3"
like "$(cat "$T/err")" "^lede extract: doc 'vote': .*broken.lua:3: cannot cope with vote" "... naming the document and FILE:LINE"
is "$(q "$T/j3.db" "select count(*) from extracted where extractor = 'broken'")" "$(( $(q "$T/j3.db" 'select count(*) from documents') - 1 ))" \
   "... and every other document is done"
is "$(q "$T/j3.db" "select count(*) from spans where kind = 'x'")" "$(q "$T/j3.db" "select count(*) from extracted where extractor = 'broken'")" \
   "... with its spans"
printf 'return { name = "syntax", kinds = {"x"}, extract = function( end }\n' > "$T/syntax.lua"
LEDE_PATH=$DOUBLES "$LEDE" --db "$T/j3.db" extract --jobs 2 --with "$T/syntax.lua" > /dev/null 2> "$T/err"; st=$?
like "$st:$(head -n 1 "$T/err")" "^3:lede extract: .*syntax.lua:1:" "an extractor that does not compile: exit 3, FILE:LINE"
for bad in 0 x 65; do
    "$LEDE" --db "$T/j3.db" extract --jobs "$bad" > /dev/null 2> "$T/err"; st=$?
    like "$st:$(head -n 1 "$T/err")" "^1:lede extract: --jobs needs a number" "--jobs $bad: usage error"
done

# The corpus step: a mention whose document gives only the surname takes
# the full name another document gives (one candidate only).
cat > "$T/names.jsonl" <<'EOF'
{"id":"n1","text":"Talks went on\n\nEnvoy Nora Vance met the delegation. Vance said little."}
{"id":"n2","text":"A second day\n\nVance returned on Tuesday, joined by Ivo Brandt."}
{"id":"n3","text":"Two of them\n\nBrandt spoke first. Later Ola Brandt answered."}
{"id":"n4","text":"Elsewhere\n\nThe minister Lena Brandt was not there."}
EOF
cat > "$T/who.lua" <<'EOF'
-- Full names are two capitalised words after a lower-case word; a lone
-- capitalised word followed by a verb is a surname mention.
local M = { name = "who", version = "1", kinds = {"who"} }
function M.extract(doc, emit)
  local t = doc.text
  for s, first, last, e in t:gmatch("%l ()(%u%l+) (%u%l+)()") do emit("who", s, e, { name = first .. " " .. last }) end
  for s, w, e in t:gmatch("()(%u%l+)() %l+ed ") do emit("who", s, e, { name = w }) end
  for s, w, e in t:gmatch("()(%u%l+)() spoke") do emit("who", s, e, { name = w }) end
end
-- As lede.extract.people's: one full name in the corpus for the surname.
function M.resolve_corpus(docs)
  local full, changed = {}, 0
  for _, spans in ipairs(docs) do
    for _, sp in ipairs(spans) do
      local n = sp.attrs.name
      if n:find(" ") then
        local last = n:match("(%S+)$")
        full[last] = full[last] or {}
        full[last][n] = true
      end
    end
  end
  for _, spans in ipairs(docs) do
    for _, sp in ipairs(spans) do
      local t = full[sp.attrs.name]
      local only, k = nil, 0
      for n in pairs(t or {}) do only, k = n, k + 1 end
      if k == 1 then sp.attrs.name, changed = only, changed + 1 end
    end
  end
  return changed
end
return M
EOF
"$LEDE" --db "$T/n.db" ingest "$T/names.jsonl" > /dev/null
"$LEDE" --db "$T/nn.db" ingest "$T/names.jsonl" > /dev/null
LEDE_PATH=$DOUBLES "$LEDE" --db "$T/n.db" extract -j 2 --with "$T/who.lua" --kinds who --format jsonl > "$T/n.out" 2> "$T/err"
LEDE_PATH=$DOUBLES "$LEDE" --db "$T/nn.db" extract --no-corpus --with "$T/who.lua" --kinds who --format jsonl > "$T/nn.out" 2> "$T/err"
is "$(grep '"doc":"n2"' "$T/n.out" | grep '"text":"Vance"' | sed 's/.*"name":"\([^"]*\)".*/\1/')" "Nora Vance" \
   "a surname the document never completes takes the corpus's full name"
is "$(grep '"doc":"n3"' "$T/n.out" | grep '"text":"Brandt"' | sed 's/.*"name":"\([^"]*\)".*/\1/')" "Brandt" \
   "... not when the corpus gives several (Ivo, Ola, Lena Brandt)"
is "$(grep '"doc":"n2"' "$T/nn.out" | grep '"text":"Vance"' | sed 's/.*"name":"\([^"]*\)".*/\1/')" "Vance" \
   "--no-corpus leaves it as the document gives it"
LEDE_PATH=$DOUBLES "$LEDE" map --with "$T/who.lua" < "$T/names.jsonl" > "$T/nm.out"
cmp -s "$T/nn.out" "$T/nm.out"; ok $? "lede map prints what extract --no-corpus prints"
is "$(diff "$T/n.out" "$T/nn.out" | grep -c '^[<>]')" 2 "extract and --no-corpus differ in that one mention only"

# The standard extractors, end to end: --jobs 1, --jobs 2 and lede map
# agree on the annotated corpus and on the sample articles (as JSONL).
"$LEDE" --db "$T/s0.db" ingest "$ROOT/examples/corpus" > /dev/null 2>&1
sqlite3 "$T/s0.db" "select json_object('id', id, 'text', text) from documents order by rowid" > "$T/examples.jsonl"
cat "$ROOT/tests/corpus/corpus.jsonl" "$T/examples.jsonl" > "$T/std.jsonl"
"$LEDE" --db "$T/s1.db" ingest "$T/std.jsonl" > /dev/null 2>&1
"$LEDE" --db "$T/s2.db" ingest "$T/std.jsonl" > /dev/null 2>&1
if "$LEDE" --db "$T/s1.db" extract --no-corpus --jobs 1 --format jsonl > "$T/s1.jsonl" 2> "$T/s1.err"; then
    "$LEDE" --db "$T/s2.db" extract --jobs 2 --format jsonl > "$T/s2.jsonl" 2> "$T/s2.err"; st=$?
    "$LEDE" map --extract --jobs 2 < "$T/std.jsonl" > "$T/sm.jsonl" 2> "$T/sm.err"; mst=$?
    is "$st:$mst" "0:0" "standard extractors: extract --jobs 2 and lede map exit 0"
    cmp -s "$T/s1.jsonl" "$T/sm.jsonl"; ok $? "lede map --extract prints what ingest + extract --no-corpus print ($(wc -l < "$T/sm.jsonl" | tr -d ' ') spans)"
    diff "$T/s1.jsonl" "$T/s2.jsonl" | grep '^[<>]' | grep -v '"kind":"person"' > "$T/sdiff"
    is "$(wc -l < "$T/sdiff" | tr -d ' ')" 0 "--jobs 2 with the corpus step differs from --jobs 1 --no-corpus in person names only"
    sed 's/"name":"[^"]*"//' "$T/s1.jsonl" > "$T/s1n"
    sed 's/"name":"[^"]*"//' "$T/s2.jsonl" > "$T/s2n"
    cmp -s "$T/s1n" "$T/s2n"; ok $? "... and only in their name field"
else
    skip "the standard extractors do not all load yet: $(head -c 120 "$T/s1.err" | tr '\n' ' ')"
    skip "lede map vs extract with the standard extractors"
    skip "corpus step with the standard extractors"
    skip "corpus step with the standard extractors, names only"
fi

tap_done
