#!/bin/sh
# Finds Lua 5.4, LPeg and SQLite 3 (with FTS5 and JSON) through pkg-config and
# writes the compiler flags for them to the makefile fragment named by $1.
# On Debian/Ubuntu, missing packages are installed with apt-get (directly as
# root, through sudo otherwise), so that `make` is the only set-up step.
set -eu
out=${1:-build/config.mk}
pkgs="lua5.4 lua5.4-lpeg sqlite3"
debs="liblua5.4-dev lua-lpeg-dev libsqlite3-dev lua5.4 sqlite3 pkg-config"
# Extra tools by purpose (LEDE_DEPS=test|bench|fuzz): commands and packages.
want=${LEDE_DEPS:-build}
case $want in
test) tools="prove busted luacheck parallel"; extra="perl lua-busted lua-check iso-codes wamerican unicode-data parallel python3-distributed" ;;
bench) tools="time hyperfine"; extra="time hyperfine" ;;
fuzz) tools="clang"; extra="clang libclang-rt-dev" ;;
*) tools=""; extra="" ;;
esac

have_all() {
    command -v pkg-config >/dev/null 2>&1 || return 1
    pkg-config --exists $pkgs || return 1
    for t in $tools; do
        if [ "$t" = time ]; then [ -x /usr/bin/time ] || return 1; continue; fi
        command -v "$t" >/dev/null 2>&1 || return 1
    done
    return 0
}

install_debs() {
    list="$debs $extra"
    if ! command -v apt-get >/dev/null 2>&1; then
        return 1
    fi
    if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else return 1; fi
    echo "vendor/deps.sh: installing $list" >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $list >&2 ||
        { $sudo apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $list >&2; }
}

if ! have_all; then
    if ! install_debs || ! have_all; then
        echo "vendor/deps.sh: lede needs Lua 5.4, LPeg and SQLite 3 development files; install them as root: apt-get install $debs $extra" >&2
        exit 1
    fi
fi

mkdir -p "$(dirname "$out")"
{
    echo "# written by vendor/deps.sh; delete to look again"
    echo "DEP_CFLAGS := $(pkg-config --cflags $pkgs)"
    echo "DEP_LIBS := $(pkg-config --libs $pkgs)"
    echo "LUA_CFLAGS := $(pkg-config --cflags lua5.4)"
} > "$out.tmp"
mv "$out.tmp" "$out"
