#!/bin/sh
# Runs inside a KASAN + kmemleak guest booted with --no-module (make
# check-kasan, and the corpus's KASAN variant): the whole default suite, the
# kselftest and CYCLES teardown cycles, then a kmemleak scan.  Prints one
# key=value line per outcome, then the reports themselves.
# Usage: sh kasan-suite.sh CYCLES
KO=/vrbench/vrealloc_bench.ko
K=/sys/kernel/debug/kmemleak
cycles=${1:-20}
if [ -e $K ]; then echo "kmemleak=on"; else echo "kmemleak=off"; fi
# what boot itself left behind is not the module's: reported leaks start here
echo clear > $K 2>/dev/null

insmod $KO || { echo "insmod=failed"; exit 1; }
grep '^kasan=' /sys/kernel/debug/vrealloc_bench/info	# the module's view of CONFIG_KASAN
vrbench measure --out /tmp/suite.json > /dev/null 2> /tmp/suite.err
echo "suite_rc=$?"
echo "suite_cells=$(grep -o '"job"' /tmp/suite.json | wc -l)"
./vrealloc_bench_test > /tmp/ktap 2>&1
echo "selftest_rc=$?"
echo "selftest_pass=$(grep -c '^ok ' /tmp/ktap) selftest_fail=$(grep -c '^not ok ' /tmp/ktap)"
grep '^not ok ' /tmp/ktap
rmmod vrealloc_bench || echo "rmmod=failed"

sh kmod-teardown.sh "$cycles" > /tmp/td 2>&1
echo "teardown_rc=$?"
grep -E '^(cycles_done|writer_runs)=' /tmp/td

# kmemleak reports objects unreferenced for 5 s or more, found by two scans
sleep 6
echo scan > $K 2>/dev/null
sleep 6
echo scan > $K 2>/dev/null
echo "kmemleak_leaks=$(grep -c '^unreferenced object' $K 2>/dev/null)"
echo "kasan_reports=$(dmesg | grep -c 'BUG: KASAN')"
echo "dmesg_problems=$(dmesg | grep -cE 'WARNING:|BUG:|Oops|soft lockup|hung_task|blocked for more than')"
echo "== kmemleak"
head -n 80 $K 2>/dev/null
echo "== kasan"
dmesg | grep -A 40 'BUG: KASAN' | head -n 120
