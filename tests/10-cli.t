#!/bin/sh
# 10-cli.t -- the command line's contract: help, version, the store's path
# (--db before or after the command, $LEDE_DB, ./lede.db), exit statuses,
# and `lede search` (ranking, snippets, JSONL, queries FTS5 cannot parse).
set -u
LEDE=${LEDE_BIN:-build/lede}
ROOT=${LEDE_ROOT:-.}
. "$ROOT/tests/tap.sh"
export LC_ALL=C

"$LEDE" --help > "$T/out" 2>&1; st=$?
is "$st" 0 "--help exits 0"
like "$(cat "$T/out")" "^  ingest " "--help lists the commands"
"$LEDE" > "$T/out" 2>&1; st=$?
is "$st" 1 "no command: usage error 1"
"$LEDE" --version > "$T/out"; st=$?
is "$st:$(cat "$T/out")" "0:lede $(sed -n 's/^#define LEDE_VERSION "\(.*\)"/\1/p' "$ROOT/core/lede.h") (Lua, LPeg, SQLite)" "--version prints the version of lede.h"
"$LEDE" frobnicate > "$T/out" 2> "$T/err"; st=$?
is "$st:$(cat "$T/err")" "1:lede: unknown command 'frobnicate' (see lede --help)" "unknown command: one line, exit 1"
for c in ingest search run shell; do
    "$LEDE" "$c" --help > "$T/out" 2>&1; st=$?
    like "$st:$(head -n 1 "$T/out")" "^0:usage: lede .*$c" "lede $c --help"
done
"$LEDE" --db "$T/x.db" ingest --bogus > /dev/null 2> "$T/err"; st=$?
is "$st" 1 "unknown option: exit 1"
"$LEDE" --db > /dev/null 2>&1; st=$?
is "$st" 1 "--db without a file: exit 1"

# The store: --db before or after the command, $LEDE_DB, ./lede.db.
printf 'Talks resume in Doha\n\nNegotiators met on Monday to discuss a ceasefire.\n' > "$T/a.txt"
printf 'Aid convoy reaches Rafah\n\nTrucks crossed at dawn, officials said, as the truce held.\n' > "$T/b.txt"
"$LEDE" --db "$T/one.db" ingest "$T/a.txt"; st=$?
"$LEDE" ingest "$T/b.txt" --db "$T/two.db"; st2=$?
is "$st:$st2:$(sqlite3 "$T/one.db" 'select id from documents'):$(sqlite3 "$T/two.db" 'select id from documents')" "0:0:a:b" "--db before and after the command name"
LEDE_DB="$T/env.db" "$LEDE" ingest "$T/a.txt"
is "$(sqlite3 "$T/env.db" 'select count(*) from documents')" 1 "\$LEDE_DB names the store"
(cd "$T" && "$LEDE" ingest a.txt b.txt) ; is "$(sqlite3 "$T/lede.db" 'select count(*) from documents')" 2 "./lede.db by default"

# Store errors: exit 4 with one line naming the file.
printf 'this is not a database, just some text that is long enough to matter....%0200d' 0 > "$T/bad.db"
"$LEDE" --db "$T/bad.db" ingest "$T/a.txt" > /dev/null 2> "$T/err"; st=$?
is "$st:$(wc -l < "$T/err" | tr -d ' ')" "4:1" "a file that is not a database: exit 4, one line"
like "$(cat "$T/err")" "bad.db" "... naming the file"
sqlite3 "$T/other.db" 'create table t(x); insert into t values(1)'
"$LEDE" --db "$T/other.db" ingest "$T/a.txt" > /dev/null 2> "$T/err"; st=$?
is "$st:$(cat "$T/err")" "4:lede: $T/other.db: not a lede store (an SQLite database with other tables)" "somebody else's database is refused"
is "$(sqlite3 "$T/other.db" 'select count(*) from t')" 1 "... and left alone"
cp "$T/one.db" "$T/future.db"
sqlite3 "$T/future.db" 'pragma user_version = 99'
"$LEDE" --db "$T/future.db" search doha > /dev/null 2> "$T/err"; st=$?
like "$st:$(cat "$T/err")" "^4:.*newer than this lede" "a store from a newer lede is refused"
"$LEDE" --db "$T/nodir/x.db" ingest "$T/a.txt" > /dev/null 2> "$T/err"; st=$?
is "$st" 4 "a store in a missing folder: exit 4"

# Search: ranking, snippets, JSONL, case and quote folding, bad queries.
D="$T/s.db"
cat > "$T/s1.txt" <<'TXT'
Ceasefire talks stall

Mediators said the ceasefire proposal needed work. A ceasefire, they argued, was
still possible, and a second ceasefire meeting was set for Thursday.
TXT
cat > "$T/s2.txt" <<'TXT'
Markets rally

Stocks rose on Monday. Analysts mentioned the ceasefire only in passing.
TXT
cat > "$T/s3.txt" <<'TXT'
Weather report

Heavy rain is expected in the north. The envoy’s flight was delayed at the U.S. base.
TXT
"$LEDE" --db "$D" ingest "$T/s1.txt" "$T/s2.txt" "$T/s3.txt"
"$LEDE" --db "$D" search ceasefire > "$T/out"; st=$?
is "$st:$(grep -c '^s[0-9]' "$T/out")" "0:2" "search finds the two documents that mention it"
is "$(grep '^s[0-9]' "$T/out" | cut -d' ' -f1 | tr '\n' ' ')" "s1 s2 " "the document about it ranks first"
like "$(cat "$T/out")" "\[[Cc]easefire\]" "snippets mark the matched word"
"$LEDE" --db "$D" search --format jsonl CEASEFIRE > "$T/out"
is "$(wc -l < "$T/out" | tr -d ' ')" 2 "jsonl: one line per hit, case does not matter"
like "$(head -n 1 "$T/out")" '^\{"doc":"s1","rank":1,"score":[0-9.e-]+,"title":null,"date":null,"snippet":".*\*\*[Cc]easefire\*\*' "jsonl: the contract's fields"
"$LEDE" --db "$D" search "envoy's" > "$T/out"
is "$(grep -c '^s3' "$T/out")" 1 "a straight apostrophe finds a curly one"
"$LEDE" --db "$D" search U.S. > "$T/out" 2> "$T/err"; st=$?
is "$st:$(grep -c '^s3' "$T/out")" "0:1" "a query FTS5 cannot parse is searched as words"
"$LEDE" --db "$D" search -n 1 ceasefire > "$T/out"
is "$(grep -c '^s[0-9]' "$T/out")" 1 "-n limits the hits"
"$LEDE" --db "$D" search '"second ceasefire meeting"' > "$T/out"
is "$(grep -c '^s1' "$T/out")" 1 "phrase query"
"$LEDE" --db "$D" search zebra > "$T/out"; st=$?
is "$st:$(wc -c < "$T/out" | tr -d ' ')" "0:0" "no match: nothing printed, exit 0"
"$LEDE" --db "$D" search > /dev/null 2>&1; st=$?
is "$st" 1 "no query: usage error"
"$LEDE" --db "$D" search 'ceasefire AND (' > /dev/null 2> "$T/err"; st=$?
like "$st" "^[01]$" "an unbalanced query does not crash"

tap_done
