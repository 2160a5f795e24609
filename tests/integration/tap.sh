# shellcheck shell=bash
# Minimal TAP producer for the integration tests (consumed by prove).
# Each test script: source this, call plan N, then ok/is/like; the exit code
# is non-zero when any assertion failed.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VRBENCH=$ROOT/vrbench
export VRBENCH_CACHE=${VRBENCH_CACHE:-$HOME/.cache/vrbench}
# The suite must pass on any day: a pin Debian has replaced is stood in for by
# the newest kernel of its series, with a warning (scripts/lib.sh).  Tests of
# the default policy (fail) set it themselves.
export VRBENCH_ON_VANISHED=${VRBENCH_ON_VANISHED:-newest}
tap_n=0
tap_failed=0

plan() { echo "1..$1"; }
diag() { printf '# %s\n' "$@" | sed '2,$s/^/# /'; }

ok() {	# ok CONDITION-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

is() {	# is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then ok 0 "$3"; else ok 1 "$3"; diag "got:  '$1'" "want: '$2'"; fi
}

like() {	# like TEXT REGEX DESCRIPTION (grep -E: ^ and $ anchor each line)
	if printf '%s' "$1" | grep -qE -- "$2"; then ok 0 "$3"; else
		ok 1 "$3"; diag "no match for /$2/ in:" "$(printf '%s' "$1" | tail -n 20)"; fi
}

is_rc() {	# is_rc WANT DESCRIPTION: $rc of the last run(); on a miss, its stderr's tail
	is "$rc" "$1" "$2"
	[ "$rc" = "$1" ] || diag "stderr:" "$(printf '%s' "$err" | tail -n 25)"
}

# re STRING: STRING as an extended regex that matches itself (ABIs hold '+').
re() { printf '%s' "$1" | sed 's/[].+*?^$()[{}|\\]/\\&/g'; }

# kernel_dir NAME: the cache directory of the kernel a catalogue name resolves to
# today (its pin, or the newest of its series when the pin has left Debian).
kernel_dir() {
	local abi
	abi=$("$VRBENCH" kernels fetch "$1" 2>/dev/null | awk '{ print $2 }')
	[ -n "$abi" ] && printf '%s/kernels/%s\n' "$VRBENCH_CACHE" "$abi"
}

skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $1"; }

# run CMD...: sets $out (stdout), $err (stderr), $rc
run() {
	local o e
	o=$(mktemp) e=$(mktemp)
	"$@" > "$o" 2> "$e"
	rc=$?
	out=$(cat "$o") err=$(cat "$e")
	rm -f "$o" "$e"
}

# run_guest CMD...: run(), once more when the first ended 125 (the harness could
# not tell: a guest that stopped early, seen twice in one CI run and never here
# in 40 tries): a diag line keeps the first attempt's stderr, and the
# assertions judge the second.  A fault that ends every boot still fails.
run_guest() {
	run "$@"
	[ "$rc" = 125 ] || return 0
	diag "exit 125, booting once more; the first attempt's stderr:" "$(printf '%s' "$err" | tail -n 25)"
	run "$@"
}

done_testing() { exit $((tap_failed > 0)); }
