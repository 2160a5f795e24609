#!/usr/bin/env bash
# make check-kasan: the module on a KASAN + kmemleak build of 7.3 (config/kernels.ini
# [7.3-kasan]: generic inline KASAN with vmalloc shadow, kmemleak on from boot).
# One 2-CPU guest runs the whole default suite, the kselftest and the teardown
# test (tests/guest/kasan-suite.sh); no KASAN report, no kmemleak leak, no WARN.
# $VRBENCH_KASAN_KERNEL picks another catalogue kernel (the corpus's planted
# KASAN fault runs this same script and must fail it); $VRBENCH_TEARDOWN_CYCLES
# (default 50) the teardown cycles.
. "$(dirname "$0")/../integration/tap.sh"
kernel=${VRBENCH_KASAN_KERNEL:-7.3-kasan}
cycles=${VRBENCH_TEARDOWN_CYCLES:-50}
plan 11

start=$(date +%s)
run "$VRBENCH" kernels build "$kernel"
is "$rc" 0 "kernel $kernel is built (or already was) ($(( $(date +%s) - start )) s)"
make -s -C "$ROOT/selftests/vrealloc_bench" OUTPUT="$ROOT/build/selftests" > /dev/null
start=$(date +%s)
run "$VRBENCH" vm --kernel "$kernel" --no-module --cpus 2 --timeout 3600 \
	--file "$ROOT/tests/guest/kasan-suite.sh" --file "$ROOT/tests/guest/kmod-teardown.sh" \
	--file "$ROOT/build/selftests/vrealloc_bench_test" -- sh kasan-suite.sh "$cycles"
diag "guest: $(( $(date +%s) - start )) s; $(printf '%s\n' "$out" | grep -E '^[a-z_]+=' | paste -sd' ')"
is "$rc" 0 "the guest ran the suite, the kselftest and the teardown test"
like "$out" "^kmemleak=on$" "kmemleak is on in that kernel"
like "$out" "^kasan=1$" "and KASAN is"
like "$out" "^suite_rc=0$" "the default suite ran to the end"
like "$out" "^suite_cells=10$" "all 10 cells of it"
like "$out" "^selftest_rc=0$" "the kselftest passed"
like "$out" "^cycles_done=$cycles hung=0 " "$cycles teardown cycles, none hung"
like "$out" "^kasan_reports=0$" "no KASAN report"
like "$out" "^kmemleak_leaks=0$" "no kmemleak leak"
like "$out" "^dmesg_problems=0$" "no WARN, BUG, oops or lockup"
if [ "$tap_failed" -gt 0 ]; then
	diag "$(printf '%s\n' "$out" | sed -n '/^== kmemleak/,$p' | head -n 100)"
fi
done_testing
