#!/bin/sh
# 35-eval.t -- extraction quality must not regress: the standard extractors
# run over the annotated corpus (tests/corpus) and every figure the scorer
# reports (precision, recall, F1 per kind and split; field accuracies) must
# be at least what tests/eval/baseline.json records. After an improvement,
# or after adding annotated articles, `make eval-baseline` records the new
# figures (and the commit says why).
set -u
LEDE=${LEDE_BIN:-build/lede}
ROOT=${LEDE_ROOT:-.}
. "$ROOT/tests/tap.sh"

"$LEDE" --db :memory: run "$ROOT/tests/eval/predict.lua" "$ROOT/tests/corpus/corpus.jsonl" > "$T/pred.jsonl" 2> "$T/err"
st=$?
is "$st:$(cat "$T/err")" "0:" "the extractors run over the annotated corpus"
lua5.4 "$ROOT/tests/eval/score.lua" "$ROOT/tests/corpus/gold" "$T/pred.jsonl" --split "$ROOT/tests/corpus/SPLIT" \
    --baseline "$ROOT/tests/eval/baseline.json" --targets > "$T/table" 2> "$T/err"
st=$?
sed 's/^/# /' "$T/table"
is "$st:$(grep -c regression "$T/err" "$T/table" | awk -F: '{ s += $NF } END { print s + 0 }')" "0:0" "no figure is below the baseline"
[ -s "$T/err" ] && sed 's/^/# /' "$T/err"
tap_done
