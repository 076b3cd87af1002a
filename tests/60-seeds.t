#!/bin/sh
# 60-seeds.t -- acceptance over the real articles in ../shared/seeds (skipped
# when they are not there): stored byte for byte, every token and sentence a
# range of those bytes, search ranks all five, ingesting again adds nothing,
# and kwic finds every occurrence.
set -u
LEDE=${LEDE_BIN:-build/lede}
ROOT=${LEDE_ROOT:-.}
SEEDS=${LEDE_SEEDS:-$ROOT/../shared/seeds}
if [ ! -d "$SEEDS" ]; then
    echo "1..0 # SKIP no seed articles at $SEEDS"
    exit 0
fi
. "$ROOT/tests/tap.sh"
D="$T/seeds.db"
nseeds=$(ls "$SEEDS" | wc -l | tr -d ' ')

"$LEDE" --db "$D" ingest "$SEEDS" 2> "$T/err"; st=$?
is "$st:$(cat "$T/err")" "0:" "the seeds ingest without complaint"
is "$(sqlite3 "$D" 'select count(*) from documents')" "$nseeds" "one document per seed"

cat > "$T/dump.lua" <<'LUA'
-- Writes each document's text to DIR/ID.txt and checks tokens and sentences.
local lede = require "lede"
local db, dir = lede.open(), arg[1]
for doc in db:docs() do
  local f = assert(io.open(dir .. "/" .. doc.id .. ".txt", "wb"))
  f:write(doc.text)
  f:close()
  local bad, last = 0, 1
  for _, s, e in doc:tokens() do
    if s < last or e <= s or doc:sub(s, e) ~= doc.text:sub(s, e - 1) then bad = bad + 1 end
    last = e
  end
  local prev = 1
  for s, e in doc:sentences() do
    local text = doc:sub(s, e)
    if s < prev or text:find("\n%s*\n") or text:match("^%s") or text:match("%s$") then bad = bad + 1 end
    prev = e
  end
  print(doc.id, bad)
end
LUA
mkdir "$T/out"
"$LEDE" --db "$D" run "$T/dump.lua" "$T/out" > "$T/report" 2> "$T/err"; st=$?
is "$st" 0 "a script reads every document"
for f in "$SEEDS"/*; do
    id=$(basename "$f" .txt)
    cmp -s "$f" "$T/out/$id.txt"; ok $? "$id: text out equals the file byte for byte"
done
is "$(awk '$2 != 0' "$T/report")" "" "tokens are increasing ranges of their bytes; sentences never span a blank line or carry white space at their ends"

"$LEDE" --db "$D" search ceasefire > "$T/hits"
is "$(grep -c '^[0-9]' "$T/hits")" "$nseeds" "search ceasefire ranks all five"
like "$(cat "$T/hits")" "\[ceasefire\]" "with snippets marking the word"

"$LEDE" --db "$D" ingest "$SEEDS"; st=$?
is "$st:$(sqlite3 "$D" 'select count(*) from documents')" "0:$nseeds" "ingesting again adds nothing"

if [ -f "$ROOT/scripts/kwic.lua" ]; then
    "$LEDE" --db "$D" run "$ROOT/scripts/kwic.lua" ceasefire > "$T/kwic"; st=$?
    want=$(cat "$SEEDS"/* | grep -oiw 'ceasefire' | wc -l | tr -d ' ')
    is "$st:$(wc -l < "$T/kwic" | tr -d ' ')" "0:$want" "kwic.lua prints every occurrence of ceasefire"
else
    skip "scripts/kwic.lua not there"
fi

tap_done
