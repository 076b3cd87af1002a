# tap.sh -- TAP helpers for the shell test drivers (tests/NN-*.t), sourced
# after setting LEDE etc.:   . "$ROOT/tests/tap.sh"
# Sets T to a fresh temporary folder removed at exit; `tap_done` prints the
# plan and exits non-zero when any check failed.
T=$(mktemp -d "${TMPDIR:-/tmp}/lede-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
failed=0

ok() { # ok STATUS NAME: passes when STATUS is 0
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
is() { # is GOT WANT NAME
    n=$((n + 1))
    if [ "$1" = "$2" ]; then
        echo "ok $n - $3"
    else
        echo "not ok $n - $3"
        printf '%s\n' "$1" | sed 's/^/#   got:  /'
        printf '%s\n' "$2" | sed 's/^/#   want: /'
        failed=$((failed + 1))
    fi
}
like() { # like GOT PATTERN NAME (grep -E)
    n=$((n + 1))
    if printf '%s\n' "$1" | grep -Eq -- "$2"; then
        echo "ok $n - $3"
    else
        echo "not ok $n - $3"
        printf '%s\n' "$1" | sed 's/^/#   got: /'
        printf '#   want: /%s/\n' "$2"
        failed=$((failed + 1))
    fi
}
tap_done() {
    echo "1..$n"
    [ "$failed" -eq 0 ]
    exit $?
}
