#!/usr/bin/env bash
# make check-anchor: upstream's test_vmalloc vrealloc_test beside vrbench, from
# one command (`vrbench anchor`), on 7.3 built from source (CONFIG_TEST_VMALLOC=m
# is part of config/kernel/vrbench.config).  About 5 min the first time (the
# kernel build), then 2 guests of test_vmalloc and 5 runs of the default suite.
. "$(dirname "$0")/../integration/tap.sh"
plan 12

start=$(date +%s)
run "$VRBENCH" kernels build 7.3-src
is "$rc" 0 "7.3-src is built (or already was) ($(( $(date +%s) - start )) s)"

# Debian's kernels have no test_vmalloc: said plainly, before any boot
run "$VRBENCH" anchor --kernel 7.3 --against /nonexistent
is "$rc" 2 "anchor on Debian's 7.3: exit 2"
like "$err" "kernel '7\.3' has no .*/lib/test_vmalloc\.ko: it needs CONFIG_TEST_VMALLOC=m" "saying what it lacks"

start=$(date +%s)
run "$VRBENCH" anchor --kernel 7.3-src --boots 2 --loads 5 --runs 5
secs=$(( $(date +%s) - start ))
is "$rc" 0 "anchor: 2 guests x 5 loads of test_vmalloc and 5 runs of the suite ($secs s)"
diag "$out"
loads=$(printf '%s\n' "$out" | sed -n 's/^  usec per loop, load by load: //p' | tr -d '|' | wc -w)
is "$loads" 10 "10 loads measured, one number each"
printf '%s\n' "$out" | sed -n 's/^  usec per loop, load by load: //p' | tr -d '|' | tr ' ' '\n' | grep . |
	awk '$1 <= 0 || $1 > 100000 { bad = 1 } END { exit bad }'
ok $? "each a plausible time per loop (0 to 100 ms)"
like "$out" "^  CoV over all 10 loads: [0-9.]+ %; within a guest \(mean\): [0-9.]+ %; of the guests' means: [0-9.]+ %$" \
	"its spread over loads, within a guest and between guests"
like "$out" "^vrbench, 5 runs of the default suite" "vrbench's runs of the same kernel"
like "$out" "^    grow #0 grow 4096->8192 +[0-9.]+ %$" "the rows doing what vrealloc_test does, with their CoV"
like "$out" "^  all [0-9]+ rows: median [0-9.]+ %, 90th percentile [0-9.]+ %, worst [0-9.]+ %; [0-9]+ of [0-9]+ at or under 2 %$" \
	"and the whole suite's"
like "$out" "^side by side: vrealloc_test [0-9.]+ % \(one number per load\) against vrbench's median row [0-9.]+ %" \
	"side by side, one line"

# a result set too small to have a spread is refused, not printed as 0 %
one=$(mktemp -d)
dir=$(printf '%s\n' "$out" | sed -n 's/^vrbench, 5 runs of the default suite (\(.*\)): .*/\1/p')
cp "$(ls "$dir"/*.json | head -n 1)" "$one/"
run "$VRBENCH" anchor --kernel 7.3-src --boots 1 --loads 3 --loops 200 --against "$one"
like "$err" "holds no row measured in every one of at least 2 runs" "one run: refused (exit $rc)"
rm -rf "$one"
done_testing
