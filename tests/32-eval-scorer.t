#!/bin/sh
# The evaluation scorer and the annotated corpus (tests/lua/score_spec.lua),
# as TAP. Run from anywhere; exits non-zero when a test fails.
cd "${LEDE_ROOT:-$(dirname "$0")/..}" || exit 1
if ! command -v busted >/dev/null 2>&1; then
    echo "1..0 # SKIP busted is not installed (make test installs it)"
    exit 0
fi
LUA_PATH='lua/?.lua;lua/?/init.lua;tests/?.lua;;' exec busted -o TAP tests/lua/score_spec.lua
