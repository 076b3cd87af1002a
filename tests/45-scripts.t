#!/bin/sh
# 45-scripts.t -- the ready-made analysis scripts in scripts/ (freq, kwic,
# sentence_stats, numbers) run by `lede run`: exact output over the sample
# articles in tests/data/scripts/ (counted by hand), kwic occurrences and
# offsets over the seed articles against grep, the numbers script's spans
# in the store (sqlite3) and its re-runs, usage errors, luacheck.
set -u

LEDE=${LEDE_BIN:-build/lede}
if [ ! -x "$LEDE" ]; then
    echo "1..0 # SKIP no lede binary at $LEDE"
    exit 0
fi
ROOT=${LEDE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
SEEDS=${LEDE_SEEDS:-$ROOT/../shared/seeds}
SCRIPTS=$ROOT/scripts
SAMPLE=$ROOT/tests/data/scripts
. "$ROOT/tests/tap.sh"
export LC_ALL=C
TAB=$(printf '\t')

# lede DB SCRIPT ARGS... : runs scripts/SCRIPT on store DB; status in $st,
# stdout in $out, stderr in $err.
lede() {
    db=$1 script=$2
    shift 2
    "$LEDE" --db "$db" run "$SCRIPTS/$script" "$@" > "$T/out" 2> "$T/err"
    st=$?
    out=$(cat "$T/out")
    err=$(cat "$T/err")
}

# The sample store: two short articles written for this test.
S=$T/sample.db
"$LEDE" --db "$S" ingest "$SAMPLE" > /dev/null 2>&1
ok $? "the sample articles ingest"

# ------------------------------------------------------------------ freq
lede "$S" freq.lua -n 12
is "$out" "8${TAB}the
5${TAB}ceasefire
3${TAB}harbor
2${TAB}and
2${TAB}held
2${TAB}in
2${TAB}minister
2${TAB}prime
2${TAB}talks
2${TAB}valley
2${TAB}zürich
1${TAB}4bn" "freq -n 12: case-folded word counts (Zürich = ZÜRICH), by count then term"

lede "$S" freq.lua
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "30" "freq prints the top 30 by default"
lede "$S" freq.lua -n 0
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "45" "freq -n 0 prints all 45 distinct words (numbers and punctuation are not words)"

lede "$S" freq.lua --no-stop --min-count 2
is "$out" "5${TAB}ceasefire
3${TAB}harbor
2${TAB}held
2${TAB}minister
2${TAB}prime
2${TAB}talks
2${TAB}valley
2${TAB}zürich" "freq --no-stop --min-count 2 leaves out stop words and rare words"

lede "$S" freq.lua --phrases -n 0
is "$out" "3${TAB}harbor ceasefire
2${TAB}prime minister
1${TAB}4bn over twenty-three
1${TAB}boats left
1${TAB}boats left port
1${TAB}ceasefire held
1${TAB}ceasefire holds
1${TAB}ceasefire plan
1${TAB}ceasefire's terms
1${TAB}ceasefire's terms held
1${TAB}ceasefires elsewhere failed
1${TAB}fleet sailed
1${TAB}harbor ceasefire held
1${TAB}harbor ceasefire holds
1${TAB}held in zürich
1${TAB}held on tuesday
1${TAB}hundred boats
1${TAB}hundred boats left
1${TAB}left port
1${TAB}minister spoke
1${TAB}prime minister spoke
1${TAB}rebuilding costs
1${TAB}residents went
1${TAB}residents went home
1${TAB}talks near zürich
1${TAB}terms held
1${TAB}twenty-three months
1${TAB}valley stalled
1${TAB}valley talks
1${TAB}went home" "freq --phrases: 2- and 3-word phrases without stop-word edges, not across punctuation or lines"

lede "$S" freq.lua --phrases --min-count 2
is "$out" "3${TAB}harbor ceasefire
2${TAB}prime minister" "freq --phrases --min-count 2"

# ------------------------------------------------------------------ kwic
lede "$S" kwic.lua ceasefire
is "$out" "a_harbor${TAB}7${TAB}                                 Harbor [ceasefire] holds  The harbor ceasefire held on Tue
a_harbor${TAB}35${TAB}     Harbor ceasefire holds  The harbor [ceasefire] held on Tuesday, and 37,000 residents w
a_harbor${TAB}185${TAB}d. Ceasefires elsewhere failed, but the [ceasefire]’s terms held in Zürich. 
b_valley${TAB}110${TAB}ster spoke for an hour about the harbor [ceasefire] and the ceasefire plan. Rebuilding cost
b_valley${TAB}128${TAB}hour about the harbor ceasefire and the [ceasefire] plan. Rebuilding costs \$4bn over twenty" \
    "kwic: whole tokens only (not Ceasefires), by document and offset, newlines as spaces, keyword column aligned"

want=$(grep -obiw ceasefire "$SAMPLE"/a_harbor.txt "$SAMPLE"/b_valley.txt |
       sed 's|^.*/\([^/]*\)\.txt:\([0-9]*\):.*|\1 \2|')
got=$(printf '%s\n' "$out" | cut -f1,2 | tr '\t' ' ')
is "$got" "$want" "kwic offsets are grep's byte offsets"

lede "$S" kwic.lua held --width 10
is "$out" "a_harbor${TAB}45${TAB}ceasefire [held] on Tuesda
a_harbor${TAB}205${TAB}  s terms [held] in Züric" \
    "kwic --width 10: the left context never starts inside a character (’ dropped, padded to 10)"

lede "$S" kwic.lua held in --width 3
is "$out" "a_harbor${TAB}205${TAB}ms [held in] Z" \
    "kwic with a two-word phrase; the right context never ends inside a character (Z, not half of ü)"

lede "$S" kwic.lua "PRIME minister" --width 12
is "$out" "b_valley${TAB}60${TAB}talled. The [prime minister] spoke for a
b_valley${TAB}196${TAB}months, the [prime minister] said. " "kwic: a phrase in one argument, any case"

lede "$S" kwic.lua zürich --width 12
is "$out" "a_harbor${TAB}213${TAB}rms held in [Zürich]. 
b_valley${TAB}18${TAB} talks near [ZÜRICH]  Talks in t" \
    "kwic folds non-ASCII letters (zürich finds ZÜRICH); padding counts characters"

lede "$S" kwic.lua nowhere
is "$st:$out" "0:" "kwic with no occurrence prints nothing and succeeds"

# -------------------------------------------------------- sentence_stats
lede "$S" sentence_stats.lua
is "$out" "doc       sentences  words  mean  median  min  max   longest_at
a_harbor          4     34   8.5    10.0    3   11           24
b_valley          4     34   8.5     7.5    4   15           56
(total)           8     68   8.5    10.0    3   15  b_valley:56" \
    "sentence_stats table: per document and corpus (numbers count as words, punctuation not)"

lede "$S" sentence_stats.lua --format tsv
is "$out" "doc${TAB}sentences${TAB}words${TAB}mean${TAB}median${TAB}min${TAB}max${TAB}longest_at
a_harbor${TAB}4${TAB}34${TAB}8.5${TAB}10.0${TAB}3${TAB}11${TAB}24
b_valley${TAB}4${TAB}34${TAB}8.5${TAB}7.5${TAB}4${TAB}15${TAB}56
(total)${TAB}8${TAB}68${TAB}8.5${TAB}10.0${TAB}3${TAB}15${TAB}b_valley:56" "sentence_stats --format tsv"

longest=$(dd if="$SAMPLE/b_valley.txt" bs=1 skip=56 count=20 2> /dev/null)
is "$longest" "The prime minister s" "longest_at is the byte offset of the longest sentence"

E=$T/empty.db
lede "$E" sentence_stats.lua --format tsv
is "$out" "doc${TAB}sentences${TAB}words${TAB}mean${TAB}median${TAB}min${TAB}max${TAB}longest_at
(total)${TAB}0${TAB}0${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-" "sentence_stats on an empty store"

# ---------------------------------------------------------------- numbers
have_sqlite=0
command -v sqlite3 > /dev/null 2>&1 && have_sqlite=1
count_kind() { sqlite3 "$1" "select count(*) from spans where kind='$2'"; }

lede "$S" numbers.lua
is "$st:$out" "0:stored 5 spans of kind number in 2 documents (replaced 0)" "numbers stores the sample's 5 numbers"
if [ $have_sqlite = 1 ]; then
    is "$(count_kind "$S" number)" "5" "sqlite3: 5 spans of kind number in the store"
    got=$(sqlite3 -separator ' ' "$S" "select doc_id, start, end, text, json_extract(attrs, '\$.value'),
        coalesce(json_extract(attrs, '\$.percent'), 0), coalesce(json_extract(attrs, '\$.currency'), '-'),
        json_extract(attrs, '\$.sentence_start') from span_text where kind = 'number' order by doc, start")
    is "$got" "a_harbor 66 72 37,000 37000 0 - 24
a_harbor 94 105 Two hundred 200 0 - 94
a_harbor 123 126 63% 63 1 - 94
b_valley 161 165 \$4bn 4000000000 0 \$ 144
b_valley 171 183 twenty-three 23 0 - 144" "stored text, value, percent, currency and sentence of each number"
    bad=$(sqlite3 "$S" "select count(*) from span_text s join documents d on d.rowid = s.doc
        where s.kind = 'number' and cast(substr(cast(d.text as blob), json_extract(s.attrs, '\$.sentence_start') + 1,
        json_extract(s.attrs, '\$.sentence_end') - json_extract(s.attrs, '\$.sentence_start')) as text)
        <> json_extract(s.attrs, '\$.sentence')")
    is "$bad" "0" "each span's sentence attribute is the text at its 0-based sentence_start..sentence_end"
else
    skip "no sqlite3"
    skip "no sqlite3"
    skip "no sqlite3"
fi

lede "$S" numbers.lua
is "$out" "stored 5 spans of kind number in 2 documents (replaced 5)" "a re-run replaces its earlier spans"
if [ $have_sqlite = 1 ]; then
    is "$(count_kind "$S" number)" "5" "sqlite3: still 5 spans of kind number after the re-run"
else
    skip "no sqlite3"
fi
# A span of the same kind from another script stays.
cat > "$T/other.lua" <<'EOF'
local db = require("lede").open()
db:add_span("a_harbor", 1, 7, "number")
EOF
"$LEDE" --db "$S" run "$T/other.lua" > /dev/null 2>&1
ok $? "another script stores a span of kind number"
lede "$S" numbers.lua
is "$out" "stored 5 spans of kind number in 2 documents (replaced 5)" "a third run replaces only numbers.lua's spans"
lede "$S" numbers.lua --kind number_in_sentence
is "$out" "stored 5 spans of kind number_in_sentence in 2 documents (replaced 0)" "numbers --kind names the spans"
if [ $have_sqlite = 1 ]; then
    is "$(count_kind "$S" number)" "6" "sqlite3: still 5 + the other script's 1 of kind number, not doubled"
    is "$(count_kind "$S" number_in_sentence)" "5" "sqlite3: 5 of kind number_in_sentence"
else
    skip "no sqlite3"
    skip "no sqlite3"
fi

# ------------------------------------------------------------- the seeds
if [ -d "$SEEDS" ] && ls "$SEEDS"/*.txt > /dev/null 2>&1; then
    D=$T/seeds.db
    "$LEDE" --db "$D" ingest "$SEEDS" > /dev/null 2>&1
    ok $? "the seed articles ingest"

    lede "$D" kwic.lua ceasefire
    ok $st "kwic ceasefire runs over the seeds"
    grep_count=$(cat "$SEEDS"/*.txt | grep -oiw ceasefire | wc -l | tr -d ' ')
    got=$(printf '%s\n' "$out" | grep -c "\[[Cc][Ee][Aa][Ss][Ee][Ff][Ii][Rr][Ee]\]")
    is "$got" "$grep_count" "kwic prints every occurrence of ceasefire in the seeds (grep -oiw counts $grep_count)"
    want=$(for f in "$SEEDS"/*.txt; do
               id=$(basename "$f" .txt)
               grep -obiw ceasefire "$f" | sed "s/^\([0-9]*\):.*/$id \1/"
           done)
    got=$(printf '%s\n' "$out" | cut -f1,2 | tr '\t' ' ')
    is "$got" "$want" "each with its document and byte offset, in order"
    bad=0
    printf '%s\n' "$out" | cut -f1,2 > "$T/where"
    while read -r id off; do
        word=$(dd if="$SEEDS/$id.txt" bs=1 skip="$off" count=9 2> /dev/null | tr 'A-Z' 'a-z')
        [ "$word" = ceasefire ] || bad=$((bad + 1))
    done < "$T/where"
    is "$bad" "0" "the seed file holds ceasefire at every printed offset"

    lede "$D" freq.lua -n 0
    got=$(printf '%s\n' "$out" | awk -F "$TAB" '$2 == "ceasefire" { print $1 }')
    is "$got" "$grep_count" "freq counts the word ceasefire as often as grep -oiw finds it"

    lede "$D" sentence_stats.lua --format tsv
    docs=$(ls "$SEEDS"/*.txt | wc -l | tr -d ' ')
    is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "$((docs + 2))" "sentence_stats: a header, one line per seed, a total"
    sums=$(printf '%s\n' "$out" | awk -F "$TAB" 'NR > 1 && $1 != "(total)" { s += $2; w += $3 }
        $1 == "(total)" { ts = $2; tw = $3 } END { print (s == ts && w == tw && s > 0) ? "consistent" : s " " w " vs " ts " " tw }')
    is "$sums" "consistent" "the total line adds up the documents' sentences and words"

    lede "$D" numbers.lua
    like "$out" "^stored [0-9]+ spans of kind number in [0-9]+ documents \\(replaced 0\\)$" "numbers runs over the seeds"
    printed=$(printf '%s\n' "$out" | sed 's/^stored \([0-9]*\) .*/\1/')
    first=$out
    lede "$D" numbers.lua
    is "$out" "$(printf '%s\n' "$first" | sed "s/(replaced 0)/(replaced $printed)/")" "a re-run over the seeds replaces them"
    if [ $have_sqlite = 1 ]; then
        is "$(count_kind "$D" number)" "$printed" "sqlite3 count of kind number equals the printed count ($printed)"
        for pair in "37,000 37000" "1,200 1200" "250 250" "63% 63"; do
            text=${pair% *} value=${pair#* }
            got=$(sqlite3 "$D" "select count(*) from span_text where kind = 'number'
                and text = '$text' and json_extract(attrs, '\$.value') = $value")
            is "$got" "1" "numbers finds $text in the seeds with value $value"
        done
    else
        for i in 1 2 3 4 5; do skip "no sqlite3"; done
    fi
else
    for i in $(seq 1 15); do skip "no seed articles at $SEEDS"; done
fi

# ----------------------------------------------------------- usage errors
for case in "freq.lua -n" "freq.lua -n many" "freq.lua --bogus" "kwic.lua" "kwic.lua ceasefire --width" \
            "kwic.lua --width 5" "sentence_stats.lua --format csv" "sentence_stats.lua extra" \
            "numbers.lua --kind" "numbers.lua --bogus"; do
    # shellcheck disable=SC2086
    set -- $case
    lede "$S" "$@"
    name=${1%.lua}
    like "$st|$(printf '%s\n' "$err" | tail -n 1)" "^1\\|usage: lede run scripts/$name\\.lua " "usage error: $case exits 1 with a usage line"
done
if [ $have_sqlite = 1 ]; then
    is "$(count_kind "$S" number)" "6" "a numbers.lua usage error leaves the stored spans alone"
else
    skip "no sqlite3"
fi

# --------------------------------------------------------------- luacheck
if command -v luacheck > /dev/null 2>&1; then
    luacheck --no-color -q "$SCRIPTS"/*.lua > "$T/lc" 2>&1
    st=$?
    ok $st "luacheck scripts/*.lua is clean"
    [ $st -eq 0 ] || sed 's/^/# /' "$T/lc"
else
    skip "no luacheck"
fi

tap_done
