#!/bin/sh
# 80-summary.t -- summaries, keywords and near-duplicates: the Lua modules
# through tests/lua/summary_test.lua (own articles, examples/corpus against
# examples/EXPECTED.json, the seeds when present), then `lede summary` as a
# command: its output format, byte ranges against the store, JSON, errors.
set -u
LEDE=${LEDE_BIN:-build/lede}
if [ ! -x "$LEDE" ]; then
    echo "1..0 # SKIP no lede binary at $LEDE"
    exit 0
fi
ROOT=${LEDE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
SEEDS=${LEDE_SEEDS:-$ROOT/../shared/seeds}
. "$ROOT/tests/tap.sh"
export LEDE_SEEDS="$SEEDS" LEDE_ROOT="$ROOT"

# The Lua checks, renumbered into this file's plan.
t=summary_test
"$LEDE" --db :memory: run "$ROOT/tests/lua/$t.lua" > "$T/$t.out" 2> "$T/$t.err"
st=$?
tap_merge "$t" "$st" "$T/$t.out" "$T/$t.err"

# `lede summary`, or the script itself while the command is not built in.
D="$T/s.db"
if "$LEDE" summary --help > /dev/null 2>&1; then
    summ() { "$LEDE" --db "$D" summary "$@" > "$T/out" 2> "$T/err"; st=$?; }
else
    summ() { "$LEDE" --db "$D" run "$ROOT/scripts/summary.lua" "$@" > "$T/out" 2> "$T/err"; st=$?; }
fi
q() { sqlite3 "$D" "$1"; }

summ
is "$st:$(cat "$T/err")" "0:lede summary: the store has no documents (lede ingest PATH... first)" \
    "an empty store: a hint on stderr, exit 0"

cat > "$T/harbour.txt" <<'EOF'
Harbour Crane Collapses in Storm

By Mina Ortiz

PORTLEY — A container crane at Portley harbour collapsed during a storm on Tuesday night, blocking two berths and halting traffic at the port.

Nobody was hurt, the harbour master said, because the night shift had been sent home when the wind rose.

The port authority said the wreck would take at least ten days to clear from the berths.

Shipping lines have begun sending vessels to Westhaven instead.
EOF
cat > "$T/council.txt" <<'EOF'
Council Approves New Ferry Route

The Portley council approved a ferry route to Westhaven on Wednesday, the first new route in a decade.

The ferry will run four times a day from the spring, the council said.
EOF
"$LEDE" --db "$D" ingest "$T/harbour.txt" "$T/council.txt" 2> /dev/null

summ --doc harbour -n 2
is "$st" 0 "lede summary --doc ID -n 2 exits 0"
is "$(head -n 1 "$T/out")" "harbour  Harbour Crane Collapses in Storm" "the first line names the document and its headline"
is "$(grep -c '^  \[[0-9]*-[0-9]*\] ' "$T/out")" 2 "two sentences, each with its byte range"
like "$(sed -n 2p "$T/out")" '^  \[[0-9]+-[0-9]+\] A container crane at Portley harbour collapsed' \
    "the lead comes first, its dateline left out"
like "$(tail -n 1 "$T/out")" '^  keywords: .*crane' "then the document's keywords"
bad=0
for r in $(sed -n 's/^  \[\([0-9]*\)-\([0-9]*\)\] .*/\1:\2/p' "$T/out"); do
    s=${r%:*}; e=${r#*:}
    want=$(grep -F "  [$s-$e] " "$T/out" | sed 's/^  \[[0-9]*-[0-9]*\] //')
    got=$(q "select cast(substr(cast(text as blob), $s + 1, $e - $s) as text) from documents where id = 'harbour'")
    [ "$got" = "$want" ] || bad=$((bad + 1))
done
is "$bad" 0 "every printed range is the stored bytes of that sentence"

summ
is "$(grep -c '^[a-z]' "$T/out")" 2 "without --doc, every document, in store order ..."
is "$(grep '^[a-z]' "$T/out" | cut -d' ' -f1 | tr '\n' ' ')" "harbour council " "... harbour, then council"

summ --format json
is "$st" 0 "--format json exits 0"
printf 'local j = require("lede").json.decode(io.read("a"))\nlocal s = j.summaries\nprint(#s, s[1].doc, s[1].title, #s[1].sentences, s[1].sentences[1].start, s[2].sentences[1].text, #s[1].keywords > 0)\n' > "$T/read.lua"
is "$("$LEDE" --db :memory: run "$T/read.lua" < "$T/out")" \
    "$(printf '2\tharbour\tHarbour Crane Collapses in Storm\t3\t%s\tThe Portley council approved a ferry route to Westhaven on Wednesday, the first new route in a decade.\ttrue' \
      "$(q "select instr(cast(text as blob), cast('A container' as blob)) - 1 from documents where id = 'harbour'")")" \
    "the JSON has summaries with doc, title, sentences (0-based start) and keywords"

summ --corpus
like "$(cat "$T/out")" "Corpus" "--corpus adds the corpus summary"
like "$(sed -n '/^Corpus/,$p' "$T/out")" "keywords: .*(portley|westhaven)" "... with the corpus keywords"

summ --doc nope
is "$st:$(cat "$T/err")" "1:lede summary: no document 'nope'" "an unknown document: exit 1, one line"
summ -n 0
is "$st" 1 "-n 0 is a usage error"
like "$(cat "$T/err")" "^lede summary: -n needs a whole number above 0" "... saying what -n needs"
summ --format xml
is "$st" 1 "an unknown format is a usage error"
summ --bogus
like "$st:$(head -n 1 "$T/err")" "^1:lede summary: unknown argument '--bogus'" "an unknown argument is a usage error"

# luacheck over the modules and the command
if command -v luacheck > /dev/null 2>&1; then
    luacheck --no-color -q "$ROOT/lua/lede/summary.lua" "$ROOT/lua/lede/keywords.lua" \
        "$ROOT/lua/lede/duplicates.lua" "$ROOT/scripts/summary.lua" > "$T/lc" 2>&1
    st=$?
    ok $st "luacheck: summary, keywords, duplicates and scripts/summary.lua are clean"
    if [ "$st" -ne 0 ]; then sed 's/^/# /' "$T/lc"; fi
else
    skip "no luacheck"
fi

tap_done
