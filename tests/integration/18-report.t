#!/usr/bin/env bash
# regressions.sh --report (what make mutants --report stands on): a kept run is
# judged again from its files, and a variant the run never measured is an
# error, never a "guest that failed" (which would count a mutant as killed).
# Recorded, hand-made results: no kernel is built or booted here.
. "$(dirname "$0")/tap.sh"
plan 6
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
id=m+1-drop
mkdir -p "$dir/p"
cat > "$dir/p/$id.patch" <<'EOF'
Mutant: drop, line 1 of mm/vmalloc.c
Kernel: 7.3-src
Suite: default numa init
Expect-metric: any

EOF
# kept OUT: two runs a side in every suite, the verdicts compare --gate gave
mk_out() {	# mk_out DIR: a kept run in which the mutant moved NR_VMALLOC
	local o=$1 s k r c
	for s in default numa init; do
		for k in 7.3-src 7.3-src-again "$id"; do
			mkdir -p "$o/rep1/$s/$k"
			for r in 1 2; do echo '{}' > "$o/rep1/$s/$k/run$r.json"; done
		done
		mkdir -p "$o/rep1/$id.$s"
		echo '{"verdict": "REGRESSION: 1 lost or worse", "worse": [{"what": "nr_vmalloc_held"}], "cells": []}' \
			> "$o/rep1/$id.$s/compare.json"
	done
	mkdir -p "$o/rep1/aa"
	echo '{"verdict": "no regression", "worse": [], "cells": []}' > "$o/rep1/aa/compare.json"
	for k in 7.3-src "$id"; do
		for c in "" .init_on_free; do
			{ echo "TAP version 13"; echo "1..10"
			  for r in $(seq 10); do echo "ok $r case $r"; done; } > "$o/rep1/$k$c.ktap"
		done
	done
}

mk_out "$dir/o"
run "$ROOT/scripts/regressions.sh" --report --runs 2 --patches "$dir/p" --out "$dir/o"
is_rc 0 "--report of a whole kept run"
like "$(cat "$dir/o/table.md" 2>/dev/null)" "^\| $(re "$id") \| any \| 1 of 1 \| nr_vmalloc_held \|" \
	"the mutant is caught by the metric its kept verdict names"

# plant the fault: the kept run never measured the mutant in the NUMA suite
rm -rf "$dir/o/rep1/numa/$id" "$dir/o/rep1/$id.numa"
cp "$dir/o/table.md" "$dir/table.before"
run "$ROOT/scripts/regressions.sh" --report --runs 2 --patches "$dir/p" --out "$dir/o"
is_rc 1 "--report of a variant the kept run never measured fails"
like "$err" "holds no numa run of $(re "$id")" "and says which suite and variant"
ok "$(printf '%s' "$err$out" | grep -c 'guest-failed')" "it is not read as a guest that failed"
ok "$(cmp -s "$dir/o/table.md" "$dir/table.before"; echo $?)" "the kept table is left as it was"
done_testing
