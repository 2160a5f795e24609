#!/usr/bin/env bash
# A stand-in for "build this kernel revision, boot it, run the suite", for
# testing `vrbench bisect` without building kernels: run in a synthetic tree
# whose file `slowdown` says how much slower (per cent) its regrow cell is.
# Writes $VRB_RUNS result files into $VRB_OUT from a recorded 7.3 result,
# with 1 % run-to-run jitter on every latency.
set -euo pipefail
template=$(dirname "$0")/../runner/tests/data/result-7.3.json
slow=$(cat slowdown)
for i in $(seq 1 "$VRB_RUNS"); do
	jitter=$(awk -v i="$i" 'BEGIN { printf "%.4f", 1 + 0.01 * ((i * 7) % 5 - 2) / 2 }')
	jq --argjson f "$(awk -v s="$slow" 'BEGIN { print 1 + s / 100 }')" --argjson j "$jitter" \
		'(.cells[] | select(.name == "regrow") | .steps[].summary_ns.p50) |= . * $f
		 | (.cells[].steps[].summary_ns.p50) |= . * $j' "$template" > "$VRB_OUT/run$i.json"
done
