#!/bin/sh
# 20-ingest-input.t -- `lede ingest` on good and bad input, through the
# command line: one stderr line per bad file or JSONL line naming it, exit
# status 2 after storing everything else, huge lines, stdin, re-runs, and a
# run killed with SIGKILL then repeated.
set -u

LEDE=${LEDE_BIN:-build/lede}
if [ ! -x "$LEDE" ]; then
    echo "1..0 # SKIP no lede binary at $LEDE"
    exit 0
fi
if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "1..0 # SKIP the sqlite3 shell is needed to count stored documents"
    exit 0
fi
ROOT=${LEDE_ROOT:-.}
. "$ROOT/tests/tap.sh"
count() { sqlite3 "$1" 'select count(*) from documents'; }
sql() { sqlite3 "$1" "$2"; }
lines() { if [ -s "$1" ]; then wc -l < "$1" | tr -d ' '; else echo 0; fi; }

# ingest DB ARGS... : runs lede, status in $st, stderr in $T/err
ingest() {
    db=$1
    shift
    "$LEDE" --db "$db" ingest "$@" > "$T/out" 2> "$T/err"
    st=$?
}

# ------------------------------------------------------------ bad files
printf 'A first line.\nA second line.\nBad \377 byte here.\n' > "$T/latin.txt"
ingest "$T/a.db" "$T/latin.txt"
is "$st" 2 "not UTF-8: exit status 2"
is "$(cat "$T/err")" "$T/latin.txt: not UTF-8 (byte 0xff at line 3, column 5)" "not UTF-8: one line naming file, byte, line and column"
is "$(count "$T/a.db")" 0 "not UTF-8: nothing stored"

printf 'PNG\r\n\032\n\000\000\000\rIHDR' > "$T/image.txt"
ingest "$T/a.db" "$T/image.txt"
is "$st" 2 "binary: exit status 2"
is "$(cat "$T/err")" "$T/image.txt: binary file (NUL byte at offset 7)" "binary: the offset of the NUL byte"

: > "$T/empty.txt"
printf ' \n\t\r\n\n' > "$T/blank.txt"
printf '\357\273\277' > "$T/bom.txt"
ingest "$T/a.db" "$T/empty.txt" "$T/blank.txt" "$T/bom.txt"
is "$st" 2 "empty files: exit status 2"
is "$(cat "$T/err")" "$T/empty.txt: empty file
$T/blank.txt: empty file
$T/bom.txt: empty file" "empty, white-space-only and BOM-only files: 'empty file' each"

ingest "$T/a.db" "$T/no-such-file.txt"
is "$st" 2 "missing path: exit status 2"
is "$(cat "$T/err")" "$T/no-such-file.txt: cannot open: No such file or directory" "missing path: cannot open"

ln -s "$T/nowhere.txt" "$T/dangling.txt"
ingest "$T/a.db" "$T/dangling.txt"
is "$(cat "$T/err")" "$T/dangling.txt: cannot open: No such file or directory" "dangling symlink: cannot open"

printf 'Locked Away\n\nThis file cannot be read by its owner.\n' > "$T/locked.txt"
chmod 000 "$T/locked.txt"
if cat "$T/locked.txt" >/dev/null 2>&1; then
    echo "ok $((n = n + 1)) # SKIP chmod 000 does not stop reading here (running as root)"
else
    ingest "$T/a.db" "$T/locked.txt"
    is "$(cat "$T/err")" "$T/locked.txt: cannot open: Permission denied" "unreadable file: Permission denied"
fi
chmod 644 "$T/locked.txt"
is "$(count "$T/a.db")" 0 "no bad file stored anything"

# ------------------------------------------------------ a mixed directory
mkdir -p "$T/dir/sub" "$T/dir/.hidden"
printf 'Ferry Service Resumes\n\nThe ferry to the island ran again on Monday after a week of storms.\n' > "$T/dir/sub/b-good.txt"
printf 'GIF89a\000\001' > "$T/dir/a-binary.dat"
printf 'Caf\351 in Latin-1\n' > "$T/dir/c-latin1.md"
printf 'Hidden Notes\n\nA hidden file is never read.\n' > "$T/dir/.notes.txt"
printf 'Hidden Dir\n\nNothing in a hidden directory is read.\n' > "$T/dir/.hidden/x.txt"
ln -s .. "$T/dir/sub/loop"   # a symlink loop back to the directory
ingest "$T/b.db" "$T/dir"
is "$st" 2 "directory with bad files: exit status 2"
is "$(count "$T/b.db")" 1 "directory: the good article stored, hidden files and the loop skipped"
is "$(lines "$T/err")" 2 "directory: exactly one stderr line per bad file"
is "$(sed -n 1p "$T/err")" "$T/dir/a-binary.dat: binary file (NUL byte at offset 6)" "directory: the binary file, in name order"
is "$(sed -n 2p "$T/err")" "$T/dir/c-latin1.md: not UTF-8 (byte 0xe9 at line 1, column 4)" "directory: the Latin-1 file"
is "$(sql "$T/b.db" 'select id || " " || source from documents')" "b-good $T/dir/sub/b-good.txt" "id from the file name, source the path"

# ------------------------------------------------- ids, BOM, CRLF, order
mkdir -p "$T/order"
printf '\357\273\277Bom Headline\r\n\r\nText after a byte order mark.\r\n' > "$T/order/b.txt"
printf 'First by name\n\nA.\n' > "$T/order/A.txt"
printf 'Second by name\n\nB.\n' > "$T/order/a.b.md"
printf 'No extension\n\nC.\n' > "$T/order/README"
ingest "$T/c.db" "$T/order"
is "$st" 0 "good directory: exit status 0"
is "$(sql "$T/c.db" 'select group_concat(id, " ") from (select id from documents order by rowid)')" "A README a.b b" \
    "entries in bytewise order; ids lose only the last extension"
is "$(sql "$T/c.db" "select hex(substr(text, 1, 3)) from documents where id = 'b'")" "426F6D" "a leading BOM is not stored"
is "$(sql "$T/c.db" "select instr(text, char(13, 10)) > 0, length(text) from documents where id = 'b'")" "1|47" "CRLF kept byte for byte"
ingest "$T/c.db" "$T/order"
is "$st" 0 "ingesting again: exit status 0"
is "$(count "$T/c.db")" 4 "ingesting again adds nothing"

# ------------------------------------------------------------- JSONL
cat > "$T/feed.jsonl" <<'EOF'
{"id": "one", "text": "Harbour Talks Stall\n\nNegotiators left without a deal.", "title": "Harbour talks stall", "date": "2024-03-01", "url": "https://example.org/1", "tags": ["port", "talks"], "words": 7}

{"id": 2, "text": "Second record, with an integer id.", "source": "Example Wire", "extra": {"a": null}}
{"id": "three", "text": "Broken record" "oops": 1}
{"id": "four", "title": null, "text": "A \u00e9 and an \ud83d\ude00 from escapes."}
[1, 2, 3]
{"id": "six"}
{"id": "seven", "text": 42}
{"id": "eight", "text": " \n "}
{"id": "nine", "text": "nul \u0000 inside"}
{"id": "ten", "text": "fine", "title": 3}
{"text": "No id: the file name is used."}
EOF
printf '{"id": "latin", "text": "caf\351"}\n' >> "$T/feed.jsonl"
ingest "$T/d.db" "$T/feed.jsonl"
is "$st" 2 "JSONL with bad lines: exit status 2"
is "$(count "$T/d.db")" 4 "JSONL: the good records stored"
is "$(cat "$T/err")" "$T/feed.jsonl:4: malformed JSON: expected ',' or '}', found '\"' at column 41
$T/feed.jsonl:6: not a JSON object (found an array)
$T/feed.jsonl:7: missing \"text\" field
$T/feed.jsonl:8: \"text\" must be a string, not number
$T/feed.jsonl:9: empty \"text\"
$T/feed.jsonl:10: \"text\" contains a NUL character (\\u0000) at offset 4
$T/feed.jsonl:11: \"title\" must be a string, not number
$T/feed.jsonl:13: not UTF-8 (byte 0xe9 at column 29)" "JSONL: one line per bad record, FILE:LINE: reason"
is "$(sql "$T/d.db" "select title || '|' || date || '|' || url || '|' || meta from documents where id = 'one'")" \
    'Harbour talks stall|2024-03-01|https://example.org/1|{"tags":["port", "talks"],"words":7}' "JSONL: title, date, url; other fields kept as meta"
is "$(sql "$T/d.db" "select source || '|' || meta from documents where id = '2'")" 'Example Wire|{"extra":{"a": null}}' "JSONL: an integer id, source from the record"
is "$(sql "$T/d.db" "select hex(text) from documents where id = 'four'")" \
    "$(printf 'A \303\251 and an \360\237\230\200 from escapes.' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" "JSONL: \\u escapes and surrogate pairs decoded"
is "$(sql "$T/d.db" "select id || '|' || source from documents where text like 'No id%'")" "feed|$T/feed.jsonl" "JSONL: no id gives the file's base name, source the path"

# 2000 good lines with one bad line in the middle.
awk 'BEGIN { for (i = 1; i <= 41; i++) {
    if (i == 21) print "{\"id\": \"bad\", \"text\": \"unterminated}";
    else printf "{\"id\": \"r%d\", \"text\": \"Record %d of the feed.\"}\n", i, i } }' > "$T/mid.jsonl"
ingest "$T/e.db" "$T/mid.jsonl"
is "$(count "$T/e.db"):$st" "40:2" "good lines around a bad one are stored, exit 2"
is "$(cat "$T/err")" "$T/mid.jsonl:21: malformed JSON: unterminated string at column 37" "exactly one error line for the bad one"

printf '\r\n{"id":"crlf","text":"CRLF line"}\r\n  \r\n' > "$T/crlf.ndjson"
ingest "$T/e.db" "$T/crlf.ndjson"
is "$st:$(sql "$T/e.db" "select text from documents where id = 'crlf'")" "0:CRLF line" ".ndjson with CRLF and blank lines"
printf '\n\n' > "$T/blank.jsonl"
ingest "$T/e.db" "$T/blank.jsonl"
like "$(cat "$T/err"):$st" "blank.jsonl: empty file.*:2$" "a JSONL file of blank lines is rejected as empty"

# ------------------------------------------------------------ huge lines
# 20 MB in one line, as plain text and as one JSONL record.
yes 'Talks went on late into the night at the harbour office. ' | tr -d '\n' | head -c 20971520 > "$T/huge.txt"
ingest "$T/f.db" "$T/huge.txt"
is "$st:$(sql "$T/f.db" "select length(text) from documents where id = 'huge'")" "0:20971520" "a 20 MB single-line text file"
{ printf '{"id": "hugejson", "text": "'; yes 'Ministers met again on a quiet Sunday. ' | tr -d '\n' | head -c 20971520; printf '"}\n'; } > "$T/huge.jsonl"
ingest "$T/f.db" "$T/huge.jsonl"
is "$st:$(sql "$T/f.db" "select length(text) from documents where id = 'hugejson'")" "0:20971520" "a 20 MB JSONL line"
rm -f "$T/huge.txt" "$T/huge.jsonl"

# ----------------------------------------------------------------- stdin
printf 'Stdin Headline\n\nPiped in as plain text.\n' | "$LEDE" --db "$T/g.db" ingest - 2> "$T/err"
is "$?:$(sql "$T/g.db" "select id || '|' || source from documents")" "0:stdin|stdin" "stdin as plain text: id stdin"
printf '\n  {"id": "p1", "text": "From a pipe."}\n{"id": "p2", "text": "Also from a pipe."}\n{oops}\n' |
    "$LEDE" --db "$T/g.db" ingest - 2> "$T/err"
is "$?:$(count "$T/g.db")" "2:3" "stdin as JSONL: records stored, bad line rejected"
is "$(cat "$T/err")" "stdin:4: malformed JSON: expected a string key, found 'o' at column 2" "stdin JSONL errors name stdin and the line"
printf '' | "$LEDE" --db "$T/g.db" ingest - 2> "$T/err"
is "$?:$(cat "$T/err")" "2:stdin: empty input" "empty stdin is rejected"

# ------------------------------------------------------------ usage
"$LEDE" --db "$T/g.db" ingest > /dev/null 2>&1
is "$?" 1 "no path: usage error, exit 1"

# ----------------------------------------------- killed, then run again
# 2000 distinct documents of about 16 KB (so the store commits a batch
# part-way, after some 16 MB) plus 200 repeats of earlier texts under other
# ids. The run is killed once the first batch is visible.
awk 'BEGIN {
    pad = "";
    for (k = 0; k < 300; k++) pad = pad " The council met again and the harbour stayed closed.";
    for (i = 1; i <= 2200; i++) {
        d = i <= 2000 ? i : i - 2000;
        printf "{\"id\": \"k%d\", \"text\": \"Report %d.%s\"}\n", i, d, pad;
    } }' > "$T/kill.jsonl"
"$LEDE" --db "$T/k.db" ingest "$T/kill.jsonl" 2> /dev/null &
pid=$!
killed=no
i=0
while [ $i -lt 600 ]; do
    c=$(sqlite3 "$T/k.db" 'select count(*) from documents' 2>/dev/null || echo 0)
    if [ "${c:-0}" -gt 0 ] 2>/dev/null; then
        if kill -9 $pid 2>/dev/null; then killed=yes; fi
        break
    fi
    kill -0 $pid 2>/dev/null || break
    sleep 0.05
    i=$((i + 1))
done
wait $pid 2>/dev/null
before=$(count "$T/k.db" 2>/dev/null || echo 0)
[ $killed = yes ] || echo "# the ingest ended before it could be killed"
ingest "$T/k.db" "$T/kill.jsonl"
is "$st:$(count "$T/k.db")" "0:2000" "killed with SIGKILL after $before documents, run again: 2000 distinct documents, none doubled"
is "$(sql "$T/k.db" 'select count(distinct hash) = count(*) from documents')" 1 "no text stored twice"
ingest "$T/k.db" "$T/kill.jsonl"
is "$st:$(count "$T/k.db")" "0:2000" "a third run adds nothing"

tap_done
