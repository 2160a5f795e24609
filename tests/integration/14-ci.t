#!/usr/bin/env bash
# vrbench ci BASE NEW, what a CI job runs: both kernels measured interleaved,
# judged, summary.md / compare.json / the report written, and the exit code
# the gate's (the same as compare --gate --looks K on the result files it kept).
# Adaptive looks: more runs only while cells stay ~, alpha split over the looks
# the budget allows; BASE = NEW an A/A check.
. "$(dirname "$0")/tap.sh"
plan 26
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

run "$VRBENCH" ci --out "$dir/full" 6.12 7.3
ci_rc=$rc ci_err=$err
last=$(printf '%s\n' "$out" | tail -n 1)
is "$ci_rc" 1 "ci 6.12 7.3 (default suite) finds 7.3's regressions: exit 1"
looks=$(jq -r .looks "$dir/full/compare.json" 2>/dev/null)
is "$looks" 3 "compare.json records the looks alpha was split over (5, 10, 15 runs a side)"
run "$VRBENCH" compare --gate --looks "$looks" "$dir/full/base" "$dir/full/new"
is "$ci_rc" "$rc" "the same code compare --gate --looks gives on the result files ci kept"
is "$(ls "$dir/full/base"/*-6.12-run*.json 2>/dev/null | wc -l) $(ls "$dir/full/new"/*-7.3-run*.json 2>/dev/null | wc -l)" "5 5" \
	"a regression is an answer at the first look: five runs a side, each kernel's in its folder"
like "$ci_err" "ci: 1 of 3 looks, 5 runs a side, each test at alpha 0\.0167" "and ci says so"
is "$(ls -d "$dir/full/runs" 2>/dev/null)" "" "nothing is left in the staging folder"
like "$(head -n 1 "$dir/full/summary.md")" "^## vrbench: 7\.3 against 6\.12$" "summary.md names the kernels"
verdict=$(jq -r .verdict "$dir/full/compare.json" 2>/dev/null)
like "$(cat "$dir/full/summary.md")" "^\*\*$(re "$verdict")\*\*$" "summary.md's verdict is compare.json's"
is "$last" "verdict: $verdict" "and the last line ci prints"
ok "$([ -s "$dir/full/report/index.html" ] && [ -s "$dir/full/report/savings.png" ]; echo $?)" \
	"the report page and its figures are written"
schema=${KCIDB_SCHEMA:-$ROOT/tests/data/kcidb/schema-v5.3.json}
if [ -f "$schema" ]; then
	/usr/bin/python3 -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' "$schema" "$dir/full/kcidb.json" 2>/dev/null
	ok "$?" "kcidb.json validates against KCIDB's schema v5.3"
else
	skip "no KCIDB schema at $schema (set KCIDB_SCHEMA)"
fi

# A/A: one kernel, its runs dealt alternately to the two sides.  What it must
# never do is call a regression (README "In CI" has how often it passes).
run "$VRBENCH" ci --bench "$ROOT/bench/claim.ini" --budget 5 --out "$dir/aa" 7.3 7.3
ci_rc=$rc
like "$ci_rc" "^(0|125)$" "ci 7.3 7.3 calls no regression ($ci_rc)"
looks=$(jq -r .looks "$dir/aa/compare.json" 2>/dev/null)
run "$VRBENCH" compare --gate --looks "$looks" "$dir/aa/base" "$dir/aa/new"
is "$ci_rc" "$rc" "with another suite too, ci exits as compare --gate --looks"
ok "$([ -s "$dir/aa/summary.md" ] && [ ! -e "$dir/aa/report/index.html" ]; echo $?)" \
	"a suite without the report's cells still gets its summary, and no half page"

# More looks, forced: a threshold and an alpha no run can settle keep the cells
# ~, so ci measures up to the budget and no further; looks of 2 runs a side to
# keep it short.  alpha 1e-100: no t statistic of runs that differ at all
# reaches it either way ("slower", "faster"), and the interval "unchanged" is
# decided on is then unbounded; only a cell whose runs are identical to the
# nanosecond on each side is exact (welch()), and at a 50 % threshold that is
# "unchanged", never "slower".  A threshold near 0 instead was called "slower"
# on another machine: on the instruction-count clock a step's runs can be
# identical on each side and one quantum apart between them.
printf '[latency]\np50_threshold = 50%%\nalpha = 1e-100\nmin_runs = 2\nmax_runs = 4\n' > "$dir/tight.ini"
VRBENCH_GATES=$dir/tight.ini run "$VRBENCH" ci --bench "$ROOT/bench/claim.ini" --out "$dir/more" 6.12 6.12
is "$rc" 125 "cells that stay ~ to the end of the budget: undecided (125)"
[ "$rc" = 125 ] || diag "$(cat "$dir/more/summary.md" 2>/dev/null)"
runs_of() { ls "$1" 2>/dev/null | sed -n 's/.*-run\([0-9]*\)\.json$/\1/p' | sort -n | tr '\n' ' '; }
is "$(runs_of "$dir/more/base")" "1 1 3 3 " "two looks of 2 runs a side (max_runs 4): the odd runs of each are the base's"
is "$(runs_of "$dir/more/new")" "2 2 4 4 " "and the even runs the new side's"
like "$err" "ci: look 1 of 2 \(2 runs a side, each test at alpha 5e-101\): [0-9]+ cells ~; measuring 2 more runs a side" \
	"the second look is announced with the alpha each look spends"
is "$(jq -r '.looks, .alpha' "$dir/more/compare.json" | tr '\n' ' ')" "2 5e-101 " "compare.json: 2 looks at alpha / 2"
VRBENCH_GATES=$dir/tight.ini run "$VRBENCH" ci --bench "$ROOT/bench/claim.ini" --budget 0.05m --out "$dir/minutes" 6.12 6.12
is "$rc" 125 "--budget 0.05m: undecided after the look it had time for"
like "$err" "ci: look 1 of 2 leaves [0-9]+ cells ~; another would pass the 0\.05-minute budget" "it says why it stopped"
is "$(ls "$dir/minutes/base" | wc -l)" 2 "and measured no further"

run "$VRBENCH" ci --budget 5x 6.12 7.3
like "$rc:$err" "^2:.*--budget '5x': expected runs a side \(N\) or minutes \(Nm\)" "a malformed budget is an input error"
run "$VRBENCH" ci --out "$dir/bad" 6.12 7.33
is "$rc" 2 "an unknown kernel is an input error"
is "$(ls "$dir/bad" 2>/dev/null | grep -c json)" 0 "and nothing is measured"
printf '[latency]\nmax_runs = 3\n' > "$dir/few.ini"
VRBENCH_GATES=$dir/few.ini run "$VRBENCH" ci 6.12 7.3
like "$rc:$err" "^2:.*max_runs = 3 is below min_runs = 5" "a gates file with max_runs below min_runs is refused"
done_testing
