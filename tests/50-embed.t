#!/bin/sh
# 50-embed.t -- `make install` into a scratch prefix, then examples/embed.c
# built the way a user would (pkg-config) against the installed library and
# run: it ingests text, reads it back, tokenizes and runs Lua.
set -u
ROOT=${LEDE_ROOT:-.}
BUILD=${LEDE_BUILD:-$ROOT/build}
. "$ROOT/tests/tap.sh"
P="$T/prefix"

make -s -C "$ROOT" BUILD="$BUILD" PREFIX="$P" install > "$T/install.log" 2>&1; st=$?
is "$st" 0 "make install PREFIX=... succeeds"
for f in bin/lede lib/liblede.a lib/liblede.so include/lede.h lib/pkgconfig/lede.pc \
         share/man/man1/lede.1 share/lede/lua/lede/init.lua share/lede/data/places.txt; do
    test -e "$P/$f"; ok $? "installed $f"
done
soname=$(objdump -p "$P/lib/liblede.so" 2>/dev/null | awk '/SONAME/ { print $2 }')
is "$soname" "liblede.so.0" "the shared library has a soname"

export PKG_CONFIG_PATH="$P/lib/pkgconfig"
is "$(pkg-config --modversion lede)" "$(sed -n 's/^#define LEDE_VERSION "\(.*\)"/\1/p' "$ROOT/core/lede.h")" "pkg-config knows lede"
# LEDE_LDFLAGS: the sanitizer flags when the library was built with them.
cc -std=c11 -Wall -Wextra -Werror ${LEDE_LDFLAGS:-} "$ROOT/examples/embed.c" $(pkg-config --cflags --libs lede) -o "$T/embed" 2> "$T/cc.log"; st=$?
is "$st" 0 "examples/embed.c builds with pkg-config --cflags --libs lede"
[ -s "$T/cc.log" ] && sed 's/^/# /' "$T/cc.log"

LD_LIBRARY_PATH="$P/lib" "$T/embed" > "$T/out" 2> "$T/err"; st=$?
is "$st" 0 "the embedding example runs"
[ -s "$T/err" ] && sed 's/^/# /' "$T/err"
like "$(cat "$T/out")" "^stored talks-day1$" "it stores the first article"
like "$(cat "$T/out")" "^talks-day2 \([0-9]+ bytes\): Second round ends without a deal" "it reads the second back"
like "$(cat "$T/out")" "\[4,8\) class 1  u\.s\." "the tokenizer callback sees U.S. as one folded word"
like "$(cat "$T/out")" "^talks-day1	[0-9]+$" "Lua run through the C API sees the stored documents"

# The installed binary finds its Lua library and data without the source tree.
printf 'A headline\n\nSome text with the number 37,000 in it.\n' > "$T/a.txt"
(cd "$T" && "$P/bin/lede" --db i.db ingest a.txt && printf 'local lede = require "lede"\nfor d in lede.open():docs() do print(d.id) end\n' > s.lua && "$P/bin/lede" --db i.db run s.lua) > "$T/out" 2>&1
is "$(cat "$T/out")" "a" "the installed lede runs a script"

tap_done
