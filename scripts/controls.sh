#!/usr/bin/env bash
# The gate's negative and positive controls, on this machine, at default settings:
#   A/A:      10 comparisons of disjoint 5-run halves of one pool of runs of KERNEL
#             (no regression may be called);
#   planted:  20 trials of 5 runs from that pool against 5 runs of the same suite
#             with a 10 % calibration slowdown planted in one cell (it must be
#             flagged in at least 19).
# Usage: scripts/controls.sh [KERNEL] [RUNS] [CELL]   (default 7.3, 10 runs a pool, regrow)
# CONTROLS_RUN_ARGS adds options to `vrbench run` (e.g. "--clock real --cpus 2").
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

kernel=${1:-7.3} runs=${2:-10} cell=${3:-regrow}
# shellcheck disable=SC2206 # options are words
extra=(${CONTROLS_RUN_ARGS:-})
dir=results/controls-$(date +%Y%m%d-%H%M%S)
mkdir -p "$dir"
sed "s/^\[$cell\]\$/[$cell]\npurpose = calibration\ncalibrate_slowdown = 10/" bench/default.ini > "$dir/planted.ini"
grep -q '^calibrate_slowdown' "$dir/planted.ini" || vrb_die "no cell [$cell] in bench/default.ini"
./vrbench run --kernels "$kernel" --runs "$runs" "${extra[@]}" --output "$dir/a" > /dev/null
./vrbench run --kernels "$kernel" --runs "$runs" "${extra[@]}" --bench "$dir/planted.ini" --output "$dir/b" > /dev/null

split() {	# split POOL N SEED DEST: N random files of POOL, hard-linked into DEST
	mkdir -p "$4"
	ls "$1"/*.json | shuf -n "$2" --random-source=<(yes "$3") | xargs -I{} ln {} "$4/"
}
aa_calls=0
for t in $(seq 1 10); do
	w=$(mktemp -d)
	ls "$dir/a"/*.json | shuf --random-source=<(yes "aa$t") > "$w/order"
	mkdir "$w/x" "$w/y"
	head -n 5 "$w/order" | xargs -I{} ln {} "$w/x/"
	sed -n '6,10p' "$w/order" | xargs -I{} ln {} "$w/y/"
	rc=0; ./vrbench compare --gate "$w/x" "$w/y" > "$w/out" || rc=$?
	[ "$rc" = 1 ] && aa_calls=$((aa_calls + 1))
	rm -rf "$w"
done
flagged=0
for t in $(seq 1 20); do
	w=$(mktemp -d)
	split "$dir/a" 5 "pa$t" "$w/x"
	split "$dir/b" 5 "pb$t" "$w/y"
	./vrbench compare --gate "$w/x" "$w/y" > "$w/out" || true
	grep -qE "^$cell [a-z]+ .*regressed\$" "$w/out" && flagged=$((flagged + 1))
	rm -rf "$w"
done
echo "A/A: $aa_calls of 10 comparisons called a regression (want 0)"
echo "planted 10 % in $cell: flagged in $flagged of 20 trials (want at least 19)"
echo "pools kept in $dir"
[ "$aa_calls" = 0 ] && [ "$flagged" -ge 19 ]
