#!/bin/sh
# 82-report.t -- the reports. The writers (Markdown, HTML, JSON, CSV) on a
# hand-written model (tests/lua/report_test.lua over tests/data/report), so
# that their checks do not move with extraction quality; then `lede report`
# and `lede analyze` as commands: files written, formats, errors, and on
# examples/corpus (and the seeds when present) the structure of a real
# report: its sections, every link target in the page, every cited range
# inside its document with the document's bytes.
set -u
LEDE=${LEDE_BIN:-build/lede}
if [ ! -x "$LEDE" ]; then
    echo "1..0 # SKIP no lede binary at $LEDE"
    exit 0
fi
ROOT=${LEDE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
SEEDS=${LEDE_SEEDS:-$ROOT/../shared/seeds}
. "$ROOT/tests/tap.sh"
case "$LEDE" in /*) ;; *) LEDE=$(pwd)/$LEDE ;; esac

# A TAP-printing Lua script, renumbered into this file's plan.
lua_tap() { # lua_tap NAME STORE ARGS...
    name=$1 store=$2
    shift 2
    "$LEDE" --db "$store" run "$ROOT/tests/lua/report_test.lua" "$ROOT" "$@" > "$T/tap.out" 2> "$T/tap.err"
    st=$?
    tap_merge "$name" "$st" "$T/tap.out" "$T/tap.err"
}

lua_tap writers :memory:

# The commands, or their scripts while they are not built in.
if "$LEDE" report --help > /dev/null 2>&1; then
    report() { "$LEDE" --db "$D" report "$@" > "$T/out" 2> "$T/err"; st=$?; }
else
    report() { "$LEDE" --db "$D" run "$ROOT/scripts/report.lua" "$@" > "$T/out" 2> "$T/err"; st=$?; }
fi
if "$LEDE" analyze --help > /dev/null 2>&1; then
    analyze() { "$LEDE" --db "$D" analyze "$@" > "$T/out" 2> "$T/err"; st=$?; }
else
    analyze() { "$LEDE" --db "$D" run "$ROOT/scripts/analyze.lua" "$@" > "$T/out" 2> "$T/err"; st=$?; }
fi
q() { sqlite3 "$D" "$1"; }

# ------------------------------------------------------------ lede report
D="$T/fixture.db"
FIX="$ROOT/tests/data/report/model.json"
"$LEDE" --db "$D" ingest "$ROOT/tests/data/report/corpus" 2> /dev/null
report --model "$FIX"
is "$st:$(head -n 1 "$T/out")" "0:# lede report" "lede report: Markdown on standard output by default"
report --model "$FIX" -o "$T/r.html" --title "Ferry dispute"
is "$st:$(wc -c < "$T/out" | tr -d ' ')" "0:0" "-o FILE writes the file, nothing on standard output"
like "$(head -c 400 "$T/r.html")" "<title>Ferry dispute</title>" "... in the format its extension names, with --title"
lua_tap "report html" "$D" check-html "$T/r.html"
report --model "$FIX" -o "$T/r.json"
lua_tap "report json" "$D" check-json "$T/r.json"
report --model "$FIX" --format md -o "$T/r.txt"
like "$(head -n 1 "$T/r.txt")" "^# lede report" "--format wins over the extension"
report --format csv
like "$st:$(head -n 1 "$T/out")" "^0:doc,kind,start,end,text,attributes" "--format csv: the stored spans, with a header"
is "$(($(wc -l < "$T/out") - 1))" "$(q 'select count(*) from spans')" "... one row per span"
report --format pdf
like "$st:$(cat "$T/err")" "^1:lede report: unknown format 'pdf'" "an unknown format is a usage error"
report --model "$T/none.json"
like "$st:$(cat "$T/err")" "^2:lede report: .*none.json" "an unreadable model file: exit 2, naming it"
printf 'not json' > "$T/bad.json"
report --model "$T/bad.json"
like "$st:$(cat "$T/err")" "^2:lede report: .*bad.json: not a JSON report" "a model file that is not JSON: exit 2"
report --model "$FIX" -o "$T/no/such/dir/r.html"
like "$st:$(cat "$T/err")" "^2:lede report: cannot write .*r.html" "an output that cannot be written: exit 2"

# ----------------------------------------------------------- lede analyze
D="$T/ex.db"
mkdir "$T/run"
cd "$T/run" || exit 1
analyze "$ROOT/examples/corpus"
is "$st" 0 "lede analyze examples/corpus exits 0"
is "$( [ -s report.html ] && [ -s report.md ] && echo both)" both "... writing report.html and report.md here"
like "$(tail -n 1 "$T/err")" "^lede analyze: report: /.*/report.html, /.*/report.md$" "... and says where they are"
like "$(head -n 1 "$T/err")" "^lede analyze: 16 documents \(16 new\): [0-9]+ people, [0-9]+ quotes" \
    "... after a line of what it found"
ok "$(grep -c "$(printf '\r')" "$T/err")" "no progress line when stderr is not a terminal"
is "$(q 'select count(*) from documents')" 16 "the store (--db) keeps the documents for later scripts"
ok "$([ "$(q 'select count(*) from spans where kind = '"'person'"'')" -gt 0 ]; echo $?)" "... and their extracted spans"
lua_tap "analyze html" "$D" check-html report.html
lua_tap "analyze md" "$D" check-md report.md
like "$(grep -m 1 -o '(report.html#doc-[^)]*)' report.md)" "report.html#doc-" "the Markdown's sources link into report.html"
spans=$(q 'select count(*) from spans')
LEDE_PROGRESS=1 analyze "$ROOT/examples/corpus" --format json -o r.json
is "$st" 0 "lede analyze --format json -o r.json"
like "$(head -n 1 "$T/err" | tr '\r' '|')" "^\|.*lede analyze: (reading|extracting|analysing)" \
    "a progress line on a terminal (LEDE_PROGRESS=1 stands for one)"
like "$(grep -v "$(printf '\r')" "$T/err" | head -n 1)$(grep -o 'lede analyze: 16 documents: ' "$T/err")" \
    "16 documents: " "analysing again: nothing new"
is "$(q 'select count(*) from spans')" "$spans" "... and no span added twice"
lua_tap "analyze json" "$D" check-json r.json
analyze "$ROOT/examples/corpus" --format md -o - --quiet
is "$st:$(head -n 1 "$T/out"):$(cat "$T/err")" "0:# lede report:" "-o - prints the report; --quiet says nothing"
analyze "$ROOT/examples/corpus" --format csv
is "$st:$(head -n 1 report.csv | tr -d '\r')" "0:doc,kind,start,end,text,attributes" "--format alone writes report.FORMAT"

analyze "$ROOT/examples/corpus" --quiet -o "$T/two.html" -o "$T/two.md"
is "$st:$( [ -s "$T/two.html" ] && [ -s "$T/two.md" ] && echo both)" "0:both" "-o twice writes both files"
like "$(grep -m 1 -o '(two.html#doc-[^)]*)' "$T/two.md")" "two.html#doc-" "... the Markdown linking into the HTML beside it"

analyze
like "$st:$(cat "$T/err")" "^1:lede analyze: which files" "no PATH: usage error"
analyze "$ROOT/examples/corpus" --jobs 0
like "$st:$(cat "$T/err")" "^1:lede analyze: --jobs needs a number" "--jobs 0: usage error"
analyze "$ROOT/examples/corpus" --colour
like "$st:$(cat "$T/err")" "^1:lede analyze: unknown option '--colour'" "an unknown option: usage error"
analyze "$ROOT/examples/corpus" -o report.pdf
like "$st:$(cat "$T/err")" "^1:lede analyze: cannot tell the format of 'report.pdf'" "-o with an unknown extension and no --format"
analyze "$T/missing-folder" --format json -o m.json
like "$st:$(head -n 1 "$T/err")" "^2:lede analyze: .*missing-folder" "a path that cannot be read: exit 2, naming it"
is "$( [ -s m.json ] && echo written)" written "... and the report of what is stored is still written"
D="$T/empty.db"
analyze "$T/missing-folder"
like "$st:$(tail -n 1 "$T/err")" "^2:lede analyze: no documents" "nothing to analyse: exit 2"

# ------------------------------------------------------------------ seeds
if [ -d "$SEEDS" ] && ls "$SEEDS" | grep -q .; then
    D="$T/seeds.db"
    analyze "$SEEDS" --format json -o seeds.json
    is "$st" 0 "lede analyze on the seed articles"
    lua_tap "seeds json" "$D" check-json seeds.json
else
    skip "no seed articles ($SEEDS)"
fi
cd "$ROOT" || exit 1
tap_done
