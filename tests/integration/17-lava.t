#!/usr/bin/env bash
# The suite through the field's engine: `run --engine lava` drives a real
# lava-run (lava-dispatcher, Debian bookworm) per guest, with vrbench's own
# QEMU device (config/lava/qemu-tcg.yaml, TCG), and rebuilds result files of
# the same schema from LAVA's console log.  A LAVA run of 7.3 compared with a
# plain run of 7.3 is no regression; a module that refuses to load and a guest
# that panics each end in 125 with the log kept, whatever lava-run's own exit.
. "$(dirname "$0")/tap.sh"
plan 12
command -v lava-run > /dev/null || { echo "1..0 # SKIP lava-run missing (make deps installs lava-dispatcher)"; exit 0; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export VRBENCH_RESULTS=$dir/results

run "$VRBENCH" run --engine lava --kernels 7.3 --output "$dir/lava"
is "$rc" 0 "run --engine lava: the default suite on 7.3, 5 runs, each a lava-run job"
is "$(ls "$dir/lava"/*.json 2>/dev/null | wc -l)" 5 "five result files"
run "$VRBENCH" validate "$dir/lava"/*.json
is "$rc" 0 "of the same schema as a plain run's (vrbench validate)"
is "$(jq -r '.target.engine + " " + .target.clock' "$dir/lava"/*.json | sort -u)" "lava icount" \
	"recording the engine, on the instruction-count clock"
run "$VRBENCH" run --kernels 7.3 --output "$dir/plain"
is "$rc" 0 "a plain run of 7.3 beside it"
run "$VRBENCH" compare --gate "$dir/plain" "$dir/lava"
like "$rc" "^(0|125)$" "compare --gate plain against LAVA: no regression (exit $rc)"
is "$(printf '%s\n' "$out" | grep -cE ' slower$')" 0 "no row called slower"

# LAVA's own test cases: one per row, with the measurement
run "$VRBENCH" vm --engine lava --kernel 7.3 --cpus 1 --keep --file "$ROOT/bench/claim.ini" -- \
	vrbench measure --out /vrbench/out/result.json --bench claim.ini
log=$(ls -d "$VRBENCH_RESULTS"/lava/*/lava.log 2>/dev/null | head -n 1)
is "$(grep -c '"definition": "vrbench".*"measurement"' "$log" 2>/dev/null)" 6 \
	"LAVA's monitor records a test case with its measurement per row (6 rows of claim.ini)"

run "$VRBENCH" vm --engine lava --kernel 7.3 --cpus 1 --module-args "max_samples=abc"
is "$rc" 125 "a module that refuses to load: 125"
like "$err" "insmod failed: .*Invalid argument.*LAVA job in " "saying why, with the job kept"
run "$VRBENCH" vm --engine lava --kernel 7.3 --cpus 1 --append "rdinit=/nonexistent" --timeout 120
is "$rc" 125 "a guest that panics: 125 (lava-run calls it an infrastructure error)"
like "$err" "ended without the guest's exit \(Infrastructure: .*log kept: .*lava\.log" \
	"with LAVA's own error and the log kept"
done_testing
