#!/bin/sh
# 40-lua-run.t -- `lede run` and `lede shell` through the command line, and
# the same `lede` module in a stock lua5.4: the seed articles read back byte
# for byte, errors with FILE:LINE: and exit status 3, arg, each_doc with
# keep_going, the store of --db as lede.open(), the shell's multi-line
# input and echo, `require "lede"` with LUA_PATH/LUA_CPATH, and the busted
# spec tests/lua/binding_spec.lua.
set -u

LEDE=${LEDE_BIN:-build/lede}
if [ ! -x "$LEDE" ]; then
    echo "1..0 # SKIP no lede binary at $LEDE"
    exit 0
fi
ROOT=${LEDE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${LEDE_BUILD:-$ROOT/build}
SEEDS=${LEDE_SEEDS:-$ROOT/../shared/seeds}
. "$ROOT/tests/tap.sh"
export LC_ALL=C

# run ARGS... : lede with the test store, status in $st, output in $T/out, $T/err
run() {
    "$LEDE" --db "$T/t.db" "$@" > "$T/out" 2> "$T/err"
    st=$?
}

# ------------------------------------------------- the seeds, byte for byte
cat > "$T/cat.lua" <<'EOF'
local db = lede.open()
for doc in db:docs() do io.write(doc.text) end
EOF
if [ -d "$SEEDS" ] && ls "$SEEDS"/*.txt > /dev/null 2>&1; then
    "$LEDE" --db "$T/seeds.db" ingest "$SEEDS" > /dev/null 2>&1
    "$LEDE" --db "$T/seeds.db" run "$T/cat.lua" > "$T/seeds.out" 2> "$T/err"
    ok $? "a script printing every document runs over the seeds"
    cat "$SEEDS"/*.txt > "$T/seeds.want"
    cmp -s "$T/seeds.want" "$T/seeds.out"
    ok $? "and reproduces the seed files byte for byte"
else
    skip "no seed articles at $SEEDS"
    skip "no seed articles at $SEEDS"
fi

# A small store of our own for the rest.
mkdir -p "$T/docs"
printf 'Ferry service resumes\n\nThe harbor ferry ran again on Monday, the operator said.\n' > "$T/docs/a.txt"
printf 'Bridge repairs delayed\n\nWork on the old bridge will take two more weeks, engineers said.\n' > "$T/docs/b.txt"
printf 'Market opens early\n\nStalls opened at six, an hour before the usual time.\n' > "$T/docs/c.txt"
"$LEDE" --db "$T/t.db" ingest "$T/docs" > /dev/null 2>&1

# ------------------------------------------------------------------ errors
printf 'local x = 1\n\nlocal t = nil\nprint(t.field)\n' > "$T/broken.lua"
run run "$T/broken.lua"
is "$st" 3 "a Lua error exits 3"
like "$(head -n 1 "$T/err")" "broken\.lua:4: attempt to index a nil value" "and names FILE:LINE: on the first line of stderr"
like "$(cat "$T/err")" "stack traceback:" "followed by a traceback"
printf 'x = = 2\n' > "$T/syntax.lua"
run run "$T/syntax.lua"
is "$st" 3 "a syntax error exits 3"
like "$(cat "$T/err")" "syntax\.lua:1:" "naming FILE:LINE:"
run run "$T/missing.lua"
is "$st" 2 "a script that cannot be read exits 2"
run run
is "$st" 1 "no script is a usage error"

# --------------------------------------------------------------------- arg
cat > "$T/args.lua" <<'EOF'
print(arg[0], #arg, arg[1], arg[2], arg[3], select("#", ...), ...)
EOF
run run "$T/args.lua" one "two words" --db
is "$(cat "$T/out")" "$(printf '%s\t3\tone\ttwo words\t--db\t3\tone\ttwo words\t--db' "$T/args.lua")" \
    "arg and ... are set as the lua interpreter sets them (a --db after the script is the script's)"
is "$st" 0 "and it exits 0"

# -------------------------------------------------- the store of --db
cat > "$T/store.lua" <<'EOF'
local a, b = lede.open(), lede.open()
print(rawequal(a, b), a:count())
for doc in a:docs() do a:add_span(doc, 1, 6, "first_word") end
EOF
run run "$T/store.lua"
is "$(cat "$T/out")" "$(printf 'true\t3')" "lede.open() is the store of --db, opened once"
if command -v sqlite3 > /dev/null 2>&1; then
    is "$(sqlite3 "$T/t.db" "select count(*) from spans where kind = 'first_word'")" 3 "spans are written when the script ends"
    is "$(sqlite3 "$T/t.db" "select script from runs where id = (select run from spans where kind = 'first_word' limit 1)")" \
        "$T/store.lua" "in a run named after the script"
else
    skip "no sqlite3 shell"
    skip "no sqlite3 shell"
fi
LEDE_DB="$T/t.db" "$LEDE" run "$T/store.lua" > "$T/out" 2>&1
is "$(head -n 1 "$T/out")" "$(printf 'true\t3')" "lede.open() follows \$LEDE_DB without --db"

# ------------------------------------------------ lpeg, re, LEDE_PATH, exit
cat > "$T/lpeg.lua" <<'EOF'
local lpeg, re = require "lpeg", require "re"
local word = lpeg.C(lpeg.R("az", "AZ")^1)
print(word:match("Ferry service"), re.find("the harbor ferry", "'ferry'"))
EOF
run run "$T/lpeg.lua"
is "$(cat "$T/out")" "$(printf 'Ferry\t12\t16')" "lpeg and re are there for scripts"
mkdir -p "$T/mylib"
printf 'return { answer = 42 }\n' > "$T/mylib/mymod.lua"
printf 'print(require("mymod").answer)\n' > "$T/mine.lua"
LEDE_PATH="$T/mylib;;" "$LEDE" --db "$T/t.db" run "$T/mine.lua" > "$T/out" 2> "$T/err"
is "$(cat "$T/out")" 42 "\$LEDE_PATH adds a directory of modules (;; keeps the default)"
LEDE_PATH="$T/mylib" "$LEDE" --db "$T/t.db" run "$T/mine.lua" > "$T/out" 2> "$T/err"
like "$(cat "$T/err")" "module 'lede' not found" "without ;; it replaces the lede path"
cat > "$T/exit.lua" <<'EOF'
local db = lede.open()
for doc in db:docs() do db:add_span(doc, 1, 2, "before_exit") end
os.exit(0)
EOF
run run "$T/exit.lua"
is "$st" 0 "os.exit(0) exits 0"
if command -v sqlite3 > /dev/null 2>&1; then
    is "$(sqlite3 "$T/t.db" "select count(*) from spans where kind = 'before_exit'")" 3 "and writes the pending spans first"
else
    skip "no sqlite3 shell"
fi

# ---------------------------------------------------------------- each_doc
cat > "$T/each.lua" <<'EOF'
local db = lede.open()
local failures, count = lede.each_doc(db, function(doc)
  if doc.id == "b" then
    error("no bridges today")
  end
  print("done " .. doc.id)
end, { keep_going = true })
print(failures, count)
EOF
run run "$T/each.lua"
is "$st" 3 "each_doc with keep_going: some document failed, exit 3"
like "$(cat "$T/err")" "^lede: doc 'b': .*each\.lua:4: no bridges today$" "the failure names the document id and FILE:LINE:"
is "$(cat "$T/out")" "$(printf 'done a\ndone c\n1\t3')" "the other documents were processed"

# -------------------------------------------------------------------- shell
printf 'x = 1 +\n2\nprint(x)\nreturn #db:query("select 1 as a")\n"a", nil, 3\nfor d in db:docs() do\n  io.write(d.id, " ")\nend\nprint()\n' \
    | "$LEDE" --db "$T/t.db" shell > "$T/out" 2> "$T/err"
is "$?" 0 "lede shell reads piped input and exits 0"
is "$(cat "$T/out")" "$(printf '3\n1\na\tnil\t3\na b c ')" "multi-line chunks continue, values are echoed"
printf 'error("oops")\nprint("still here")\n' | "$LEDE" --db "$T/t.db" shell > "$T/out" 2> "$T/err"
like "$(cat "$T/err")" "shell:1: oops" "an error is printed"
is "$(cat "$T/out")" "still here" "and the prompt goes on"

# ------------------------------------------------------ stock lua5.4
# lede/core.so: the Makefile's module if built, else linked here from
# liblede.a. In an ASan build the sanitizer runtime is preloaded.
cc=${CC:-cc}
cpath=""
preload=""
if nm "$BUILD/liblede.a" 2> /dev/null | grep -q __asan_init; then
    preload="$($cc -print-file-name=libasan.so) $($cc -print-file-name=libubsan.so)"
fi
if [ -f "$BUILD/lua/lede/core.so" ]; then
    cpath="$BUILD/lua/?.so"
elif [ -f "$BUILD/liblede.a" ] && command -v lua5.4 > /dev/null 2>&1; then
    mkdir -p "$T/cmod/lede"
    san=""
    [ -n "$preload" ] && san="-fsanitize=address,undefined"
    if $cc -shared $san -o "$T/cmod/lede/core.so" -Wl,-u,luaopen_lede_core "$BUILD/liblede.a" \
        $(pkg-config --libs lua5.4-lpeg sqlite3 2> /dev/null || echo -llua5.4-lpeg -lsqlite3) -lm 2> "$T/err"; then
        cpath="$T/cmod/?.so"
    else
        sed 's/^/# /' "$T/err"
    fi
fi
if [ -n "$cpath" ] && command -v lua5.4 > /dev/null 2>&1; then
    stock() {
        LD_PRELOAD=$preload ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} \
            LUA_CPATH="$cpath;;" LUA_PATH="$ROOT/lua/?.lua;$ROOT/lua/?/init.lua;;" lua5.4 "$@"
    }
    out=$(cd "$T" && stock -e 'local lede = require "lede"; print(type(lede.open), lede.version)' 2>&1)
    is "$out" "function	0.1.0" "lua5.4 -e 'require \"lede\"' with LUA_PATH and LUA_CPATH"
    out=$(cd "$T" && LEDE_DB="$T/t.db" stock -e 'local db = require("lede").open(); print(db:count(), db:doc("a").title)' 2>&1)
    is "$out" "3	nil" "in stock Lua, lede.open() opens \$LEDE_DB"
    if command -v busted > /dev/null 2>&1; then
        (cd "$ROOT" && stock "$(command -v busted)" -o TAP tests/lua/binding_spec.lua) > "$T/busted" 2> "$T/err"
        st=$?
        ok $st "busted tests/lua/binding_spec.lua in stock lua5.4 ($(grep -c '^ok' "$T/busted") passed)"
        [ $st -ne 0 ] && grep -v '^ok' "$T/busted" | sed 's/^/# /'
    else
        skip "busted is not installed"
    fi
else
    skip "no lede/core.so and no way to link one"
    skip "no lede/core.so"
    skip "no lede/core.so"
fi

# add_span with attributes and no run, with a run, and the stored JSON.
cat > "$T/spans.lua" <<'LUA'
local lede = require "lede"
local db = lede.open()
local doc = db:docs()()
db:add_span(doc, 1, 4, "probe", {a = 1})
local run = db:begin_run("probe-run", "7")
db:add_span(doc, 2, 5, "probe", {b = "x"}, run)
db:flush()
for _, r in ipairs(db:query("select start, attrs, (select script from runs where id = run) as script from spans where kind = 'probe' order by start")) do
  print(r.start, r.attrs, r.script)
end
LUA
run run "$T/spans.lua"
is "$st:$(cat "$T/out")" "0:0	{\"a\":1}	$T/spans.lua
1	{\"b\":\"x\"}	probe-run" "add_span with attributes, with and without an explicit run"

# Leaving db:docs(), db:rows() and db:spans() loops with break after the
# body made a closure (Lua 5.4.4 mishandles to-be-closed loop values there).
cat > "$T/brk.lua" <<'LUA'
local lede = require "lede"
local db = lede.open()
local keep = {}
for d in db:docs() do keep[#keep + 1] = function() return d.id end; break end
for i = 1, 2 do keep[#keep + 1] = i end
for r in db:rows("select id from documents") do keep[#keep + 1] = function() return r end; break end
for i = 1, 2 do keep[#keep + 1] = i end
for sp in db:spans{} do keep[#keep + 1] = function() return sp end; break end
for i = 1, 2 do keep[#keep + 1] = i end
print(keep[1](), #keep)
LUA
run run "$T/brk.lua"
like "$st:$(cat "$T/out")" "^0:[^ ]+	[0-9]+$" "break out of docs/rows/spans loops after making a closure"

tap_done
