# tap.sh -- TAP helpers for the shell test drivers (tests/NN-*.t), sourced
# after setting ROOT etc.:   . "$ROOT/tests/tap.sh"
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
# need_lede: sets LEDE to $LEDE_BIN (else build/lede); skips the whole
# file when it is no executable.
need_lede() {
    LEDE=${LEDE_BIN:-build/lede}
    if [ ! -x "$LEDE" ]; then
        echo "1..0 # SKIP no lede binary at $LEDE"
        exit 0
    fi
}
# tap_merge NAME STATUS OUT ERR: the TAP lines a Lua test script printed to
# OUT, renumbered into this file's plan and prefixed with NAME, then one
# check that the script ran to the end: exit STATUS 0 and a plan "1..K" for
# its K > 0 checks (its stderr ERR shown when it did not).
tap_merge() {
    _seen=0
    _plan=""
    while IFS= read -r line; do
        case "$line" in
            "ok "*" # SKIP "*) skip "$1: ${line#* # SKIP }"; _seen=$((_seen + 1)) ;;
            "ok "*) ok 0 "$1: ${line#ok [0-9]* - }"; _seen=$((_seen + 1)) ;;
            "not ok "*) ok 1 "$1: ${line#not ok [0-9]* - }"; _seen=$((_seen + 1)) ;;
            "1.."*) _plan=${line#1..} ;;
            "#"*) echo "$line" ;;
        esac
    done < "$3"
    [ "$2" -eq 0 ] && [ "$_seen" -gt 0 ] && [ "$_plan" = "$_seen" ]
    _st=$?
    ok "$_st" "$1 runs to the end ($_seen checks, plan 1..${_plan:-none})"
    if [ "$_st" -ne 0 ]; then sed 's/^/# /' "$4"; fi
}
tap_done() {
    echo "1..$n"
    [ "$failed" -eq 0 ]
    exit $?
}
