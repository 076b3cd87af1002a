#!/bin/sh
# The busted spec of lede.gazetteer (tests/lua/gazetteer_spec.lua), run in
# the stock lua5.4 against a lede/gazetteer.so linked here from the built
# liblede.a: this also proves `require "lede.gazetteer"` works outside lede.
# In an ASan build (make check-asan) the sanitizer runtime is preloaded.
set -u
root=${LEDE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
build=${LEDE_BUILD:-$root/build}
cc=${CC:-cc}

busted=$(command -v busted) || { echo "1..0 # SKIP busted is not installed"; exit 0; }
[ -f "$build/liblede.a" ] || { echo "1..0 # SKIP $build/liblede.a not built"; exit 0; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/lede"

san=""
preload=""
if nm "$build/liblede.a" 2>/dev/null | grep -q __asan_init; then
    san="-fsanitize=address,undefined"
    preload="$($cc -print-file-name=libasan.so) $($cc -print-file-name=libubsan.so)"
fi
# -u pulls the binding (and what it uses) out of the archive; the Lua API
# itself is resolved against the interpreter at load time.
if ! $cc -shared $san -o "$tmp/lede/gazetteer.so" -Wl,-u,luaopen_lede_gazetteer \
        "$build/liblede.a" -lm 2> "$tmp/err"; then
    echo "not ok 1 - link lede/gazetteer.so from liblede.a"
    sed 's/^/# /' "$tmp/err"
    echo "1..1"
    exit 1
fi

cd "$root"
LD_PRELOAD=$preload LEDE_ROOT=$root \
    lua5.4 -e "package.cpath = '$tmp/?.so;' .. package.cpath" "$busted" -o TAP \
    tests/lua/gazetteer_spec.lua
status=$?
exit $status
