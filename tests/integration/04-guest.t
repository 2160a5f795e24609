#!/usr/bin/env bash
# The guest as a tool: exit codes, output files, NUMA, and the ways a guest
# fails (panic, hang), each bounded and explained, its console log kept.
. "$(dirname "$0")/tap.sh"
plan 17
k=7.3

run "$VRBENCH" vm --kernel $k -- sh -c 'echo "to stdout"; echo "to stderr" >&2; exit 7'
is "$rc" 7 "the guest command's exit code is vrbench's"
like "$out" "to stdout" "its stdout is printed"
like "$out" "to stderr" "and its stderr"

out_dir=$(mktemp -d)
run "$VRBENCH" vm --kernel $k --out "$out_dir" -- sh -c 'echo 42 > /vrbench/out/answer.txt'
is "$rc" 0 "a command that leaves a file succeeds"
is "$(cat "$out_dir/answer.txt" 2>/dev/null)" "42" "the file comes back through --out"
like "$(cat "$out_dir/dmesg" 2>/dev/null)" "vrealloc_bench: loaded" "so does the guest's dmesg"
rm -rf "$out_dir"

run "$VRBENCH" vm --kernel $k --nodes 2 --cpus 2 -- sh -c \
	'ls -d /sys/devices/system/node/node*; cat /sys/devices/system/node/node1/cpulist'
like "$out" "^/sys/devices/system/node/node1\$" "--nodes 2 gives the guest two NUMA nodes"
like "$out" "^1\$" "with CPU 1 on node 1"

start=$(date +%s)
run "$VRBENCH" vm --kernel $k -- sh -c 'echo c > /proc/sysrq-trigger'
is "$rc" 125 "a guest that panics: exit 125"
like "$err" "kernel '$k' \(.*\): .*Kernel panic" "the message names the kernel and the panic"
log=$(printf '%s' "$err" | sed -n 's/.*console log kept: \(.*\)$/\1/p' | tail -n 1)
like "$(cat "$log" 2>/dev/null)" "Kernel panic - not syncing" "its console log is kept ($log)"
[ -n "$log" ] && rm -rf "$(dirname "$log")"

start=$(date +%s)
run "$VRBENCH" vm --kernel $k --timeout 20 -- sleep 100000
elapsed=$(( $(date +%s) - start ))
is "$rc" 125 "a guest that never powers off: exit 125"
like "$err" "kernel '$k' .*did not power off within 20 s" "the message names the kernel and the timeout"
[ "$elapsed" -lt 60 ]
ok $? "it ends within the timeout (took ${elapsed}s of 20)"
log=$(printf '%s' "$err" | sed -n 's/.*console log kept: \(.*\)$/\1/p' | tail -n 1)
like "$(cat "$log" 2>/dev/null)" "vrealloc_bench" "its console log is kept too"
[ -n "$log" ] && rm -rf "$(dirname "$log")"

run "$VRBENCH" vm --kernel $k --no-module -- sh -c 'test -e /sys/kernel/debug/vrealloc_bench'
is "$rc" 1 "--no-module boots without the module"

leftover=$(pgrep -f "qemu-system-x86_64.*$ROOT/results/vm" || true)
is "$leftover" "" "no QEMU process is left running"
done_testing
