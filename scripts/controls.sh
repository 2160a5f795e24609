#!/usr/bin/env bash
# The gate's negative and positive controls, on this machine, at default settings
# (every session is a plain `vrbench run --kernels KERNEL`: its default runs, clock
# and jobs; every comparison a plain `compare --gate` with config/gates.ini):
#   A/A:      N comparisons, each of one session against another, 2N sessions in
#             all, no session used twice: no regression may be called (exit 1), and
#             at least N - 1 must pass (exit 0: every row decided unchanged);
#   planted:  N trials, each of an A/A session against a session of the same suite
#             with a PCT % calibration slowdown planted in CELL: a regression must
#             be called in CELL in at least N - 1.
# Sessions are taken in the order a, a, planted, a, a, planted, ... so that a drift
# of the machine over the hour spreads over both kinds.
# Usage: scripts/controls.sh [KERNEL] [N] [CELL] [PCT]   (default 7.3, 20, grow, 3)
# CONTROLS_RUN_ARGS adds options to `vrbench run` (e.g. "--clock real --cpus 2");
# CONTROLS_FROM=DIR judges the sessions of an earlier call again (no guest boots):
# after a change to the judge or to config/gates.ini.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

kernel=${1:-7.3} n=${2:-20} cell=${3:-grow} pct=${4:-3}
# shellcheck disable=SC2206 # options are words
extra=(${CONTROLS_RUN_ARGS:-})
dir=${CONTROLS_FROM:-results/controls-$(date +%Y%m%d-%H%M%S)}
session() {	# session NAME [run options]: one `vrbench run` into $dir/NAME, once
	local name=$1
	shift
	[ -d "$dir/$name" ] && return 0
	./vrbench run --kernels "$kernel" "${extra[@]}" "$@" --output "$dir/$name.part" > /dev/null
	mv "$dir/$name.part" "$dir/$name"
}
if [ -z "${CONTROLS_FROM:-}" ]; then
	mkdir -p "$dir"
	sed "s/^\[$cell\]\$/[$cell]\npurpose = calibration\ncalibrate_slowdown = $pct/" bench/default.ini > "$dir/planted.ini"
	grep -q '^calibrate_slowdown' "$dir/planted.ini" || vrb_die "no cell [$cell] in bench/default.ini"
	for i in $(seq 1 "$n"); do
		session "a$((2 * i - 1))"
		session "a$((2 * i))"
		session "p$i" --bench "$dir/planted.ini"
		vrb_log "controls: $i of $n rounds of sessions in $dir"
	done
fi
for i in $(seq 1 "$n"); do
	for s in "a$((2 * i - 1))" "a$((2 * i))" "p$i"; do
		[ -d "$dir/$s" ] || vrb_die "$dir/$s: missing session (an interrupted call? run it again without CONTROLS_FROM)"
	done
done

exit0=0 exit1=0 exit125=0 flagged=0
: > "$dir/aa.txt"
for i in $(seq 1 "$n"); do
	rc=0
	./vrbench compare --gate "$dir/a$((2 * i - 1))" "$dir/a$((2 * i))" > "$dir/aa$i.out" 2>&1 || rc=$?
	case $rc in
	0) exit0=$((exit0 + 1)) ;;
	1) exit1=$((exit1 + 1)) ;;
	*) exit125=$((exit125 + 1)) ;;
	esac
	echo "a$((2 * i - 1)) vs a$((2 * i)): exit $rc $(grep -cE ' ~$' "$dir/aa$i.out" || true) rows ~" >> "$dir/aa.txt"
done
for i in $(seq 1 "$n"); do
	rc=0
	./vrbench compare --gate --allow-mismatch bench,job "$dir/a$((2 * i - 1))" "$dir/p$i" > "$dir/planted$i.out" 2>&1 || rc=$?
	[ "$rc" = 1 ] && grep -qE "^$cell #[0-9]+ .* slower\$" "$dir/planted$i.out" && flagged=$((flagged + 1))
done
echo "A/A ($n comparisons, each of two separate sessions at default settings):"
echo "  exit 0 (every row decided, nothing worse): $exit0 of $n (want at least $((n - 1)))"
echo "  exit 1 (a regression called): $exit1 of $n (want 0)"
echo "  exit 125 (undecided): $exit125 of $n"
echo "planted $pct % in $cell: a regression called in $cell in $flagged of $n trials (want at least $((n - 1)))"
echo "sessions and every comparison's output kept in $dir (aa.txt: one line per A/A comparison)"
[ "$exit1" = 0 ] && [ "$exit0" -ge $((n - 1)) ] && [ "$flagged" -ge $((n - 1)) ]
