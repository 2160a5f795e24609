#!/usr/bin/env bash
# The main job: fetch the catalogue's default kernels (as pinned in
# config/kernels.lock), build the module for each, boot each under QEMU and
# show what the module reports; then measure the default suite on all of them
# (min_runs independent boots each, so compare can decide), the NUMA suite on
# a two-node guest (one boot each), compare the first default kernel with the
# last, write the report with its figures, and end with the gate's verdict.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
# The demo must work on any day: a pinned kernel that Debian has replaced is
# stood in for by the newest of its series, with a warning (lib.sh).
export VRBENCH_ON_VANISHED=${VRBENCH_ON_VANISHED:-newest}

runs=${DEMO_RUNS:-5}
mapfile -t defaults < <(./vrbench kernels list | awk 'NR > 1 && $3 == "yes" { print $1 }')
[ ${#defaults[@]} -ge 2 ] || vrb_die "the catalogue needs two default kernels to compare"
for k in "${defaults[@]}"; do
	./vrbench kernels fetch --build "$k" > /dev/null
	echo "== kernel $k"
	./vrbench vm --kernel "$k" || vrb_die "kernel $k: boot or module load failed (see above)"
done

kernels=$(IFS=,; echo "${defaults[*]}")
base=${defaults[0]} new=${defaults[${#defaults[@]} - 1]}
out=results/demo-$(date +%Y%m%d-%H%M%S)
# split DIR: each kernel's result files into DIR/NAME/
split() {
	local k
	for k in "${defaults[@]}"; do
		mkdir -p "$1/$k"
		mv "$1"/*-"$k"-run*.json "$1/$k/"
	done
}
echo
echo "== vrbench run --kernels $kernels --runs $runs"
./vrbench run --kernels "$kernels" --runs "$runs" --output "$out/default" > /dev/null
split "$out/default"
echo "== vrbench run --kernels $kernels --runs 1 --bench bench/numa.ini --nodes 2 --cpus 2"
./vrbench run --kernels "$kernels" --runs 1 --bench bench/numa.ini --nodes 2 --cpus 2 \
	--output "$out/numa" > /dev/null
split "$out/numa"

echo
echo "== vrbench compare $base $new"
rc=0
./vrbench compare --gate "$out/default/$base" "$out/default/$new" > "$out/compare.txt" || rc=$?
# the latency table is long (it is in the report): here the memory, the moves, what
# got worse, and the verdict
sed -n '/^memory (exact)/,/^better (exact)/p' "$out/compare.txt" | grep -v '^better (exact)'
if grep -q ' slower$' "$out/compare.txt"; then
	echo "slower beyond the threshold (latency; the whole table is in the report)"
	grep ' slower$' "$out/compare.txt" | sed 's/^/  /'
	echo
fi
tail -n 2 "$out/compare.txt"
echo
./vrbench report --out "$out/report" --numa "$out/numa/$base,$out/numa/$new" \
	"$out/default/$base" "$out/default/$new" > /dev/null || true
clock=$(jq -r '.target.clock // "real"' "$(ls "$out/default/$base"/*.json | head -n 1)")
[ "$clock" = icount ] && echo "Times are guest time on QEMU's instruction-count clock (8 ns an" \
	"instruction): comparable between kernels and runs here, not wall time."
echo "Full comparison: $out/compare.txt"
echo "Report:          $out/report/index.html (and index.md)"
echo "Figures:         $out/report/savings.png  $out/report/latency.png"
case $rc in
0) echo "verdict: no regression (compare --gate exit 0)" ;;
1) echo "verdict: $new regresses against $base (compare --gate exit 1): see the findings above" ;;
*) echo "verdict: undecided (compare --gate exit $rc): rows short of evidence, see $out/compare.txt" ;;
esac
