#!/usr/bin/env bash
# A stand-in for "build this kernel revision, boot it, run the suite", for
# testing `vrbench bisect` without building kernels: run in a synthetic tree
# whose file `slowdown` says how much slower (per cent) its regrow cell is
# (and, if present, `clock` which clock its results claim).  Writes $VRB_RUNS
# result files into $VRB_OUT from a recorded 7.3 result, with up to 1 %
# run-to-run jitter on every latency, chosen by the run's index
# ($VRB_RUN_INDEX when bisect asks for one run at a time).  Appends
# "$VRB_SIDE $(cat commit)" to $STANDIN_LOG when that is set.
set -euo pipefail
template=$(dirname "$0")/../runner/tests/data/result-7.3.json
slow=$(cat slowdown)
clock=$(cat clock 2>/dev/null || echo real)
[ -z "${STANDIN_LOG:-}" ] || echo "${VRB_SIDE:-?} $(cat commit)" >> "$STANDIN_LOG"
for i in $(seq 1 "$VRB_RUNS"); do
	k=${VRB_RUN_INDEX:-$i}
	jitter=$(awk -v i="$k" 'BEGIN { printf "%.4f", 1 + 0.01 * ((i * 7) % 5 - 2) / 2 }')
	jq --argjson f "$(awk -v s="$slow" 'BEGIN { print 1 + s / 100 }')" --argjson j "$jitter" \
		--arg clock "$clock" \
		'(.cells[] | select(.name == "regrow") | .steps[].summary_ns.p50) |= . * $f
		 | (.cells[].steps[].summary_ns.p50) |= . * $j | .target.clock = $clock' \
		"$template" > "$VRB_OUT/run$i.json"
done
