#!/usr/bin/env bash
# The suite through the field's engine: `run --engine lava` drives a real
# lava-run (lava-dispatcher, Debian bookworm) per guest, with vrbench's own
# QEMU device (config/lava/qemu-tcg.yaml, TCG), and rebuilds result files of
# the same schema from LAVA's console log.  A LAVA run of 7.3 compared with a
# plain run of 7.3 is no regression; a module that refuses to load and a guest
# that panics each end in 125 with the log kept, whatever lava-run's own exit.
# A lab's side: `vrbench lava jobs` writes jobs that LAVA's own schema accepts
# (QEMU and a board's TFTP deployment), one runs through lava-run, `lava
# collect` rebuilds its result from lava-run's log and from the same log as a
# server returns it; a job that never finished is 125; a submission that does
# not reach a server is not "submitted".
. "$(dirname "$0")/tap.sh"
command -v lava-run > /dev/null || { echo "1..0 # SKIP lava-run missing (make deps installs lava-dispatcher)"; exit 0; }
# the plan after the skip: a skipped file prints one plan, "1..0"
plan 24
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

# --- a lab's jobs -----------------------------------------------------------------
lava_valid() {	# LAVA's own job schema (lava_common, the dispatcher's Python)
	/usr/bin/python3 -c 'import sys, yaml
from lava_common.schemas import validate
validate(yaml.safe_load(open(sys.argv[1])), strict=True, extra_context_variables=[])' "$1"
}
run "$VRBENCH" lava jobs --kernel 7.3 --runs 2 --out "$dir/jobs"
is "$rc:$(ls -d "$dir/jobs"/7.3-run* | wc -l)" "0:2" "lava jobs: a job directory a run"
lava_valid "$dir/jobs/7.3-run1/job.yaml" 2> "$dir/schema.err"
ok $? "the QEMU job passes LAVA's job schema$(head -c 300 "$dir/schema.err")"
run "$VRBENCH" lava jobs --kernel 7.3 --runs 1 --out "$dir/board" --device-type x86 --boot ipxe \
	--url-base https://lab.invalid/vrbench
lava_valid "$dir/board/7.3-run1/job.yaml" 2> "$dir/schema.err"
ok $? "a board's job (tftp, ipxe) passes LAVA's job schema$(head -c 300 "$dir/schema.err")"
like "$(cat "$dir/board/7.3-run1/job.yaml")" "url: https://lab\.invalid/vrbench/images/7\.3/initrd" \
	"deploying the initramfs from the lab's URL base"
{ cat "$dir/board/7.3-run1/job.yaml"; printf 'bogus_key: 1\n'; } > "$dir/broken.yaml"
lava_valid "$dir/broken.yaml" 2> /dev/null
[ $? -ne 0 ]
ok $? "and a job with a key LAVA does not know fails it (the check can fail)"

(cd "$dir/jobs/7.3-run1" && lava-run --job-id 1 --output-dir lava --device "$ROOT/config/lava/qemu-tcg.yaml" \
	job.yaml > lava.log 2>&1)
run "$VRBENCH" lava collect --output "$dir/collected" "$dir/jobs/7.3-run1"
is "$rc" 0 "lava collect: the job lava-run ran gives its result file"
res=$(ls "$dir/collected"/*.json 2>/dev/null | head -n 1)
run "$VRBENCH" validate "${res:-/nonexistent}"
is "$rc:$(jq -r '[.target.kind, .target.engine, .kernel.name, .run.index] | join(" ")' "${res:-/nonexistent}" 2>/dev/null)" \
	"0:vm lava 7.3 1" "valid, with LAVA's provenance, its kernel and its run"
# a server's log: the same records as a YAML list (lavacli jobs logs --raw)
mkdir -p "$dir/server"
cp "$dir/jobs/7.3-run1/job.yaml" "$dir/server/"
sed 's/^/- /' "$dir/jobs/7.3-run1/lava.log" > "$dir/server/lava.log"
run "$VRBENCH" lava collect --output "$dir/collected-server" "$dir/server"
is "$rc:$(jq -c .rows "$dir/collected-server"/*.json 2>/dev/null | md5sum)" "0:$(jq -c .rows "$res" | md5sum)" \
	"from a server's log, the same rows"
# a job that did not finish: the log cut before the guest's exit
mkdir -p "$dir/cut"
cp "$dir/jobs/7.3-run1/job.yaml" "$dir/cut/"
sed '/@vrb exit/,$d' "$dir/jobs/7.3-run1/lava.log" > "$dir/cut/lava.log"
run "$VRBENCH" lava collect --output "$dir/collected-cut" "$dir/cut"
is "$rc:$(ls "$dir/collected-cut" 2>/dev/null | wc -l)" "125:0" "a job that did not finish: 125, no result file"
like "$err" "did not finish" "saying so"
run "$VRBENCH" lava collect --output "$dir/collected-none" "$dir/jobs/7.3-run2"
is "$rc" 125 "a job that never ran (no log, no job id): 125"

# submitting where no server answers: lavacli's failure is not a job id
mkdir -p "$dir/home/.config"
printf 'nowhere:\n  uri: http://127.0.0.1:9/RPC2\n' > "$dir/home/.config/lavacli.yaml"
run env HOME="$dir/home" "$VRBENCH" lava submit --identity nowhere "$dir/jobs/7.3-run2"
is "$rc:$(ls "$dir/jobs/7.3-run2/job-id" 2>/dev/null)" "1:" "lava submit with no server: exit 1, no job id recorded"
done_testing
