#!/usr/bin/env bash
# compare --gate fails closed, on real recorded runs (tests/data/gate: ten runs
# of Debian 7.3, default suite, icount clock).  Base is five of them, new the
# other five, edited with jq to plant each way a kernel can get worse; every
# plant must give the gate's exit code and name what it found.  No boot.
. "$(dirname "$0")/tap.sh"
plan 48

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$ROOT/tests/data/gate
mapfile -t runs < <(ls "$data"/*.json)
[ ${#runs[@]} -ge 10 ] || { echo "Bail out! fewer than 10 recorded runs in $data"; exit 1; }

# side NAME JQ [FIRST]: five runs (from FIRST, default 5) edited by JQ into $work/NAME
side() {
	local name=$1 filter=$2 first=${3:-5} i
	rm -rf "${work:?}/$name"
	mkdir -p "$work/$name"
	for i in 0 1 2 3 4; do
		jq --argjson run "$i" "$filter" "${runs[$((first + i))]}" > "$work/$name/r$i.json"
	done
}
gate() { run "$VRBENCH" compare --gate "$@"; }
side base . 0

# --- nothing changed: never a regression --------------------------------------
side new .
gate "$work/base" "$work/new"
ok $((rc == 1)) "A/A on recorded runs: no regression (exit $rc)"
gate --gate-allow-undecided 100% "$work/base" "$work/new"
is "$rc" 0 "and with every undecided cell allowed, the gate passes"

# --- each way to get worse: exit 1, named -----------------------------------------
side new '(.cells[] | select(.name == "regrow")) |= (.status = "failed" | .steps = [])'
gate "$work/base" "$work/new"
is "$rc" 1 "regrow failed in every new run: regression"
like "$out" "^  regrow +cell failed in 5 of 5 new runs" "named as a failed cell"

side new 'del(.cells[] | select(.name == "append"))'
gate "$work/base" "$work/new"
is "$rc" 1 "a cell missing from the new runs: regression"
like "$out" "^  append +cell missing in 5 of 5 new runs" "named as missing"

side new '(.cells[] | select(.name == "walk-256k-16k") | .steps) |= .[0:2]'
gate "$work/base" "$work/new"
is "$rc" 1 "a step missing from the new runs: regression"
like "$out" "walk-256k-16k #2 .*step missing from 5 of 5 new runs" "named as a missing step"

side new '(.cells[] | select(.name == "grow") | .steps[]) |= (.verify_errors = 3)'
gate "$work/base" "$work/new"
is "$rc" 1 "verify_errors = 3 on every grow step (corruption): regression"
like "$out" "grow #0 .*verify_errors: broken in 5 of 5 new runs \\(up to 3; a rule of every run\\)" \
	"named as a rule of every run, with its count"

side new '(.cells[] | select(.name == "grow") | .alloc_fail) = 1'
gate "$work/base" "$work/new"
is "$rc" 1 "an allocation failure inside a ladder: regression"

side new 'if $run == 2 then (.cells[] | select(.name == "shrink") | .steps[0].zero_errors) = 1 else . end'
gate "$work/base" "$work/new"
is "$rc" 1 "zero_errors in one new run only: regression"

# a rule of every run is judged on the new runs alone: broken on both sides
# is still a regression, not "unchanged"
side base '(.cells[] | select(.name == "regrow") | .steps[1]) |= (.zero_errors = 1)' 0
side new '(.cells[] | select(.name == "regrow") | .steps[1]) |= (.zero_errors = 1)'
gate "$work/base" "$work/new"
is "$rc" 1 "zero_errors in every run of both sides: still a regression (a rule, not a comparison)"
like "$out" "regrow #1 .*zero_errors: broken in 5 of 5 new runs \\(up to 1; a rule of every run, broken in the base's runs too\\)" \
	"named, and the base's runs said to break it too"
side base '(.cells[] | select(.name == "walk-256k-16k") | .steps[1]) |= (.node_errors = 1 | .charge_errors = 1)' 0
side new '(.cells[] | select(.name == "walk-256k-16k") | .steps[1]) |= (.node_errors = 0 | .charge_errors = 0)'
gate --gate-allow-undecided 100% "$work/base" "$work/new"
is "$rc" 0 "a rule the base broke and the new runs keep: no regression"
side base . 0
side new '(.cells[] | select(.name == "walk-256k-16k") | .steps[1]) |= (.node_errors = (if $run == 3 then 1 else 0 end))'
gate "$work/base" "$work/new"
is "$rc" 1 "node_errors in one new run: regression"
like "$out" "walk-256k-16k #1 .*node_errors: broken in 1 of 5 new runs" "named"
side new '(.cells[] | select(.name == "walk-256k-16k") | .steps[1]) |= (.charge_errors = (if $run == 0 then 2 else 0 end))'
gate "$work/base" "$work/new"
is "$rc" 1 "charge_errors in one new run: regression"
like "$out" "charge_errors: broken in 1 of 5 new runs \\(up to 2; a rule of every run\\)" "named"
side new '(.cells[] | select(.name == "shrink") | .steps[2]) |= (.free_errors = (if $run == 4 then 1 else 0 end))'
gate "$work/base" "$work/new"
is "$rc" 1 "free_errors (a shrink that unmapped tail pages and kept them) in one new run: regression"
like "$out" "shrink #2 .*free_errors: broken in 1 of 5 new runs" "named"

side new '(.cells[] | select(.name == "walk-256k-16k") | .steps[1].moved) = 1'
gate "$work/base" "$work/new"
is "$rc" 1 "the 256K->16K shrink starts moving the pointer (a copy): regression"
like "$out" "walk-256k-16k #1 shrink 262144->16384 +moved: 0 \\(5 runs\\) -> 1 \\(5 runs\\)" "named"

# base keeps 4 pages in four runs and 64 in one; new keeps 64 in every run
side base 'if $run == 0 then (.cells[] | select(.name == "walk-256k-16k") | .steps[1].resident_pages_after) = 64 else . end' 0
side new '(.cells[] | select(.name == "walk-256k-16k") | .steps[1].resident_pages_after) = 64'
gate "$work/base" "$work/new"
is "$rc" 1 "resident pages 64 in every new run, 4..64 on the base side: regression"
like "$out" "resident_pages_after: 4\\.\\.64, median 4 \\(5 runs\\) -> 64 \\(5 runs\\)" "every run compared, not maxima"
side base . 0

side new 'if $run == 4 then (.cells[] | select(.name == "walk-256k-16k") | .steps[1].resident_pages_after) += 1 else . end'
gate "$work/base" "$work/new"
is "$rc" 1 "one more resident page in one run: regression"

side new '(.cells[] | select(.name == "walk-256k-16k") | .steps[1].nr_vmalloc_delta) += 5'
gate "$work/base" "$work/new"
is "$rc" 1 "nr_vmalloc_delta grew by 5 pages (past the 4 a concurrent kernel stack explains): regression"
side new '(.cells[] | select(.name == "walk-256k-16k") | .steps[1].nr_vmalloc_delta) += 4'
gate --gate-allow-undecided 100% "$work/base" "$work/new"
is "$rc" 0 "by 4, within the allowance: not a regression"

side new '(.cells[] | select(.name == "walk-256k-16k") | .steps[1].node_pages_after[0]) += 1'
gate "$work/base" "$work/new"
is "$rc" 1 "pages on node 0 grew: regression"

side new '(.cells[] | select(.name == "walk-account") | .steps[1].memory.after.memcg_vmalloc_bytes) += 1048576'
gate "$work/base" "$work/new"
is "$rc" 1 "the writer's memcg kept 1 MiB more around a walk step (past its batching allowance): regression"

# --- not enough evidence: 125, never a pass ------------------------------------------
# every cell but grow failed in four of the five base runs (the base kernel's
# trouble, not the new one's); grow is made exact on both sides, so it alone
# is decided (unchanged) and the rest are short of runs on the base side
exact='(.cells[] | select(.name == "grow") | .steps[].summary_ns.p50) = 100000'
side base "$exact | if \$run > 0 then (.cells[] | select(.name != \"grow\")) |= (.status = \"failed\" | .steps = []) else . end" 0
side new "$exact"
gate "$work/base" "$work/new"
is "$rc" 125 "every cell but one short of runs on the base side, that one decided: 125"
like "$out" "grow #0 grow 4096->8192 .* unchanged" "the decided cell is unchanged"
like "$out" "shrink #0 shrink .*not enough data \\(1 and 5 runs\\)" "the others show no p and no interval"
like "$out" "better \\(exact\\)" "the cells the new side finished again are listed as better"
gate --gate-allow-undecided 100% "$work/base" "$work/new"
is "$rc" 0 "--gate-allow-undecided 100% lets them pass, so the 125 came from them"
side base . 0

# --- a walk that visits the same sizes twice: rows keyed by step index ---------------
twice='(.cells[] | select(.name == "walk-256k-16k")) |= (.steps = (.steps + .steps[1:3]) | .job |= sub("sizes=262144,16384"; "sizes=262144,16384,262144,16384"))'
for i in 0 1 2; do jq "$twice" "${runs[$i]}" > "$work/w3b$i.json"; done
for i in 3 4 5; do jq "$twice | (.cells[] | select(.name == \"walk-256k-16k\") | .steps[].summary_ns.p50) *= 2" "${runs[$i]}" > "$work/w3n$i.json"; done
mkdir -p "$work/w3b" "$work/w3n"; mv "$work"/w3b?.json "$work/w3b/"; mv "$work"/w3n?.json "$work/w3n/"
gate "$work/w3b" "$work/w3n"
like "$out" "walk-256k-16k #3 shrink 262144->16384 .*not enough data \\(3 and 3 runs\\)" "a repeated step is its own row, n counts runs (3, not 6)"
is "$rc" 125 "so three runs a side decide nothing: 125, not a regression"

# --- not comparable: exit 2 ---------------------------------------------------------
side new '.target.clock = "real"'
gate "$work/base" "$work/new"
is "$rc" 2 "base on the icount clock, new on the real clock: not comparable"
like "$err" "not comparable: clock differs: base icount \\(5 runs\\), new real \\(5 runs\\)" "says which clocks"
side new 'if $run == 3 then .target.clock = "real" else . end'
gate "$work/base" "$work/new"
like "$err" "within new, clock differs: icount \\(4 runs\\), real \\(1 run\\)" "a mixed side is refused too (every run checked)"
gate --allow-mismatch clock "$work/base" "$work/new"
like "$err" "never compared" "and two clocks can never be allowed"

side new '.bench.hash = "fnv1a64:0" | (.cells[] | select(.name == "grow") | .job) |= . + " reps=9"'
gate "$work/base" "$work/new"
is "$rc" 2 "another bench text and job line: not comparable"
like "$err" "job line of cell grow differs" "names the cell whose job changed"
gate --allow-mismatch bench,job --gate-allow-undecided 100% "$work/base" "$work/new"
is "$rc" 0 "--allow-mismatch bench,job compares them on purpose"

# a job one kernel refused (thisnode before 6.18): its line is what was asked, not
# what ran, so not a difference of the suites; refused by the new kernel where the
# base ran it, the cell is lost (a regression), never passed
side new '(.cells[] | select(.name == "grow")) |= {name, binding, counters, steps: [], status: "refused", error: "Invalid argument", job: "pattern=grow from=o0 to=o10"}'
gate "$work/base" "$work/new"
is "$rc" 1 "a cell the new kernel refused: lost, a regression (1), neither incomparable (2) nor passed"
like "$out" "grow .*cell refused in 5 of 5 new runs" "saying the new kernel refused it"
printf "%s" "$err" | grep -q "job line of cell grow"; ok $((! $?)) "its raw job line is not called a difference"

side new '.kernel.config.init_on_alloc = 0'
gate "$work/base" "$work/new"
is "$rc" 2 "init_on_alloc differs: not comparable unless allowed"
done_testing
