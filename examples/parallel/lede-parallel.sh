#!/bin/sh
# lede-parallel.sh -- lede over GNU parallel, on this machine or several.
#
#   lede-parallel.sh map CORPUS.jsonl|- > SPANS.jsonl
#   lede-parallel.sh stores CORPUS.jsonl|- OUT.db
#
# map:    the corpus is cut into blocks of whole lines (parallel --pipe) and
#         each block is piped into `lede map --extract`; --keep-order prints
#         the blocks' spans in corpus order, so the output is the lines
#         `lede ingest` + `lede extract --no-corpus --format jsonl` print for
#         the whole corpus on one machine.
# stores: each block becomes a store (`lede ingest -`, `lede extract
#         --no-corpus`), part-N.db for block N; then `lede merge OUT.db
#         part-1.db part-2.db ...` in block order, which is corpus order.
#
# Settings (environment):
#   LEDE      the lede binary (default: lede on the PATH; on every host)
#   JOBS      jobs at once per host (default: parallel's, one per core)
#   BLOCK     block size (default 1M; bigger blocks, fewer stores to merge)
#   SSHLOGIN  hosts for parallel --sshlogin, e.g. "4/alice@n1,4/n2,:"
#             (":" is this machine). Blocks go to the hosts over ssh; in
#             stores mode each host's part-N.db comes back (--return, with
#             rsync) and is removed there (--cleanup).
#   SSHLOGINFILE  the same from a file (parallel --sshloginfile)
#   PARTS     keep the stores of the blocks in this folder (default: a
#             temporary folder, removed)
#
# Exit status: 0 ok; 1 usage error; otherwise non-zero when a job failed
# (parallel's count of failed jobs; a malformed record makes its job exit
# 2 and is reported as stdin:LINE, LINE counted within its block).
set -eu

usage() {
    echo "usage: lede-parallel.sh map CORPUS.jsonl|- > SPANS.jsonl" >&2
    echo "       lede-parallel.sh stores CORPUS.jsonl|- OUT.db" >&2
    exit 1
}
[ $# -ge 2 ] || usage
mode=$1 corpus=$2 out=${3:-}
LEDE=${LEDE:-lede}
BLOCK=${BLOCK:-1M}
# The stores are made in their own folder: paths given relative to here
# are made absolute first.
abs() { case $1 in /* | -) echo "$1" ;; */*) echo "$PWD/$1" ;; *) echo "$1" ;; esac; }
corpus=$(abs "$corpus")
case $LEDE in */*) LEDE=$(abs "$LEDE") ;; esac
set -- --pipe --block "$BLOCK"
[ -n "${JOBS:-}" ] && set -- "$@" --jobs "$JOBS"
[ -n "${SSHLOGIN:-}" ] && set -- "$@" --sshlogin "$SSHLOGIN"
[ -n "${SSHLOGINFILE:-}" ] && set -- "$@" --sshloginfile "$SSHLOGINFILE"

input() {
    if [ "$corpus" = - ]; then cat; else cat -- "$corpus"; fi
}

case $mode in
map)
    input | parallel "$@" --keep-order "$LEDE" map --extract
    ;;
stores)
    [ -n "$out" ] || usage
    case $out in /*) ;; *) out=$PWD/$out ;; esac
    parts=${PARTS:-}
    if [ -z "$parts" ]; then
        parts=$(mktemp -d "${TMPDIR:-/tmp}/lede-parts.XXXXXX")
        trap 'rm -rf "$parts"' EXIT
    fi
    mkdir -p "$parts"
    cd "$parts"
    # part-{#}.db is relative to the job's folder: $parts here, and on other
    # hosts a folder parallel makes in the remote home (--workdir ...),
    # whence --return brings it back into $parts.
    [ -n "${SSHLOGIN:-}${SSHLOGINFILE:-}" ] && set -- "$@" --workdir ... --return 'part-{#}.db' --cleanup
    # Ingest's status 2 (some records rejected, each reported) does not
    # stop the block; it is the job's status when all else went well.
    status=0
    input | parallel "$@" \
        "$LEDE --db part-{#}.db ingest - > /dev/null; st=\$?; [ \$st -le 2 ] &&
         $LEDE --db part-{#}.db extract --no-corpus > /dev/null && exit \$st" || status=$?
    # Block order, not name order: part-10 after part-9.
    set -- $(ls part-*.db 2>/dev/null | sort -t- -k2 -n)
    if [ $# -eq 0 ]; then
        echo "lede-parallel.sh: no store was made" >&2
        exit 2
    fi
    "$LEDE" merge --quiet "$out" "$@" || exit $?
    exit "$status"
    ;;
*)
    usage
    ;;
esac
