#!/usr/bin/env bash
# The gate's negative and positive controls, on this machine, at default settings:
#   A/A:      10 comparisons of 5 runs of KERNEL from one session against 5 runs
#             from another session (no regression may be called; any non-zero
#             exit, undecided included, counts as "not clean");
#   planted:  20 trials of 5 runs from those sessions against 5 runs of the same
#             suite with a 10 % calibration slowdown planted in CELL (a
#             regression must be called in CELL in at least 19).
# Usage: scripts/controls.sh [KERNEL] [RUNS] [CELL]   (default 7.3, 10 runs a pool, grow)
# CONTROLS_RUN_ARGS adds options to `vrbench run` (e.g. "--clock real --cpus 2");
# CONTROLS_FROM=DIR reuses the pools DIR/a1, DIR/a2 and DIR/b of an earlier run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

kernel=${1:-7.3} runs=${2:-10} cell=${3:-grow}
# shellcheck disable=SC2206 # options are words
extra=(${CONTROLS_RUN_ARGS:-})
dir=${CONTROLS_FROM:-results/controls-$(date +%Y%m%d-%H%M%S)}
if [ -z "${CONTROLS_FROM:-}" ]; then
	mkdir -p "$dir"
	sed "s/^\[$cell\]\$/[$cell]\npurpose = calibration\ncalibrate_slowdown = 10/" bench/default.ini > "$dir/planted.ini"
	grep -q '^calibrate_slowdown' "$dir/planted.ini" || vrb_die "no cell [$cell] in bench/default.ini"
	for pool in a1 a2; do
		./vrbench run --kernels "$kernel" --runs "$runs" "${extra[@]}" --output "$dir/$pool" > /dev/null
	done
	./vrbench run --kernels "$kernel" --runs "$runs" "${extra[@]}" --bench "$dir/planted.ini" --output "$dir/b" > /dev/null
fi

pick() {	# pick POOL N SEED DEST: N random files of POOL, hard-linked into DEST
	mkdir -p "$4"
	ls "$1"/*.json | shuf -n "$2" --random-source=<(yes "$3") | xargs -I{} ln {} "$4/"
}
aa_regressions=0 aa_unclean=0
for t in $(seq 1 10); do
	w=$(mktemp -d)
	pick "$dir/a1" 5 "x$t" "$w/x"
	pick "$dir/a2" 5 "y$t" "$w/y"
	rc=0; ./vrbench compare --gate "$w/x" "$w/y" > "$w/out" 2>&1 || rc=$?
	[ "$rc" = 1 ] && aa_regressions=$((aa_regressions + 1))
	[ "$rc" != 0 ] && aa_unclean=$((aa_unclean + 1))
	rm -rf "$w"
done
flagged=0
for t in $(seq 1 20); do
	w=$(mktemp -d)
	if [ $((t % 2)) = 0 ]; then pick "$dir/a1" 5 "p$t" "$w/x"; else pick "$dir/a2" 5 "p$t" "$w/x"; fi
	pick "$dir/b" 5 "q$t" "$w/y"
	rc=0; ./vrbench compare --gate --allow-mismatch bench,job "$w/x" "$w/y" > "$w/out" 2>&1 || rc=$?
	[ "$rc" = 1 ] && grep -qE "^$cell #[0-9]+ .* slower\$" "$w/out" && flagged=$((flagged + 1))
	rm -rf "$w"
done
echo "A/A (5 runs of one session against 5 of another, 10 comparisons):"
echo "  regressions called: $aa_regressions of 10 (want 0)"
echo "  not clean (any non-zero exit, undecided cells included): $aa_unclean of 10"
echo "planted 10 % in $cell: a regression called in $cell in $flagged of 20 trials (want at least 19)"
echo "pools kept in $dir"
[ "$aa_regressions" = 0 ] && [ "$flagged" -ge 19 ]
