#!/usr/bin/env bash
# vrbench ci BASE NEW, what a CI job runs: both kernels measured interleaved,
# judged once, summary.md / compare.json / the report written, and the exit
# code the gate's (the same as compare --gate on the result files it kept).
. "$(dirname "$0")/tap.sh"
plan 13
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

run "$VRBENCH" ci --out "$dir/full" 6.12 7.3
ci_rc=$rc
last=$(printf '%s\n' "$out" | tail -n 1)
like "$ci_rc" "^(0|1|125)$" "ci 6.12 7.3 (default suite) ends with a gate's code ($ci_rc)"
run "$VRBENCH" compare --gate "$dir/full/6.12" "$dir/full/7.3"
is "$ci_rc" "$rc" "the same code compare --gate gives on the result files ci kept"
is "$(ls "$dir/full/6.12"/*.json 2>/dev/null | wc -l) $(ls "$dir/full/7.3"/*.json 2>/dev/null | wc -l)" "5 5" \
	"five runs a side (config/gates.ini's min_runs), each kernel's in its folder"
is "$(ls -d "$dir/full/runs" 2>/dev/null)" "" "nothing is left in the staging folder"
like "$(head -n 1 "$dir/full/summary.md")" "^## vrbench: 7\.3 against 6\.12$" "summary.md names the kernels"
verdict=$(jq -r .verdict "$dir/full/compare.json" 2>/dev/null)
like "$(cat "$dir/full/summary.md")" "^\*\*$(re "$verdict")\*\*$" "summary.md's verdict is compare.json's"
is "$last" "verdict: $verdict" "and the last line ci prints"
ok "$([ -s "$dir/full/report/index.html" ] && [ -s "$dir/full/report/savings.png" ]; echo $?)" \
	"the report page and its figures are written"

run "$VRBENCH" ci --bench "$ROOT/bench/claim.ini" --out "$dir/claim" 6.12 7.3
ci_rc=$rc
run "$VRBENCH" compare --gate "$dir/claim/6.12" "$dir/claim/7.3"
is "$ci_rc" "$rc" "with another suite too, ci exits as compare --gate ($ci_rc)"
ok "$([ -s "$dir/claim/summary.md" ] && [ ! -e "$dir/claim/report/index.html" ]; echo $?)" \
	"a suite without the report's cells still gets its summary, and no half page"

run "$VRBENCH" ci 7.3 7.3
like "$rc:$err" "^2:.*both '7\.3': an A/A comparison is vrbench calibrate's" "BASE = NEW is refused"
run "$VRBENCH" ci --out "$dir/bad" 6.12 7.33
is "$rc" 2 "an unknown kernel is an input error"
is "$(ls "$dir/bad" 2>/dev/null | grep -c json)" 0 "and nothing is measured"
done_testing
