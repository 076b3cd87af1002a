#!/bin/sh
# The Lua building blocks lede.patterns and lede.data: runs the busted specs
# tests/lua/patterns_spec.lua and tests/lua/data_spec.lua from the
# repository root under lua5.4 (busted's own #! may pick an older Lua), with
# TAP output; exits non-zero when a test fails. The specs find the seed
# articles through $LEDE_SEEDS (else ../shared/seeds) and skip that part
# when there are none.
set -u
root=${LEDE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
lua=${LEDE_LUA:-lua5.4}
busted=$(command -v busted) || { echo "1..0 # SKIP busted is not installed"; exit 0; }
command -v "$lua" >/dev/null 2>&1 || { echo "Bail out! $lua not found"; exit 1; }
cd "$root" || exit 1
LUA_PATH='lua/?.lua;lua/?/init.lua;;'
LUA_PATH_5_4=$LUA_PATH
LEDE_LUA=$lua
export LUA_PATH LUA_PATH_5_4 LEDE_LUA
# The specs check where data files are found by default.
unset LEDE_DATA
exec "$lua" "$busted" -o TAP tests/lua/patterns_spec.lua tests/lua/data_spec.lua
