#!/bin/sh
# data/gen/gazetteers.sh -- reruns lede's gazetteer and word-list generators
# in dependency order: words.lua first, because countries.lua checks the
# plain-ASCII spellings it adds against common_words.txt.
#
# Usage (from anywhere; a developer's tool, not run by the build):
#   sh data/gen/gazetteers.sh [--offline]
# --offline skips first_names.sh, the one generator that needs npm and the
# network. See data/README.md for what each generator reads.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lua5.4 "$here/words.lua"
lua5.4 "$here/countries.lua"
if [ "${1:-}" != --offline ]; then
    sh "$here/first_names.sh"
fi
lua5.4 "$here/latin_base.lua"
