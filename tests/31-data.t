#!/bin/sh
# The gazetteers and word lists of data/: format, cross-references, content
# the extractors rely on, coverage of the seed articles' names, and that the
# generated files match their generators. Runs the busted spec
# tests/lua/gazetteer_data_spec.lua under lua5.4 (busted's own #! may pick
# an older Lua) with TAP output; exits non-zero when a test fails.
set -u
root=${LEDE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
busted=$(command -v busted) || { echo "1..0 # SKIP busted is not installed"; exit 0; }
cd "$root" || exit 1
LEDE_ROOT=$root LUA_PATH='lua/?.lua;lua/?/init.lua;;' \
    exec lua5.4 "$busted" -o TAP tests/lua/gazetteer_data_spec.lua
