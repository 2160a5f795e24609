#!/bin/sh
# Runs inside a vrbench guest booted with --no-module: the module's teardown
# and limits.  Usage: sh kmod-teardown.sh CYCLES
#  1. a parameter past its limit (max_samples=600000) loads clamped, and a job
#     runs without the page allocator's WARN;
#  2. CYCLES times: load, start a long pingpong job (threads=all on even
#     cycles, one runner on odd ones), signal the writer at a random moment
#     within 0.3 s, time how long the write takes to return, unload;
#  3. 300 short runs while two readers loop over result and job and the inject
#     parameter is rewritten: no run fails (a reader never makes the writer
#     EBUSY), nothing breaks.
# The writer is a background subshell; a non-interactive shell's background
# jobs ignore SIGINT, so the signal is SIGTERM (any pending signal ends a job).
D=/sys/kernel/debug/vrealloc_bench
P=/sys/module/vrealloc_bench/parameters
KO=/vrbench/vrealloc_bench.ko
cs() { read -r a b < /proc/uptime; echo "${a%.*}${a#*.}"; }	# centiseconds
vmu() { while read -r k v u; do [ "$k" = VmallocUsed: ] && echo "$v"; done < /proc/meminfo; }
warm() { for i in 1 2 3 4 5 6 7 8; do /bin/true & done; wait; sleep 1; }
n=${1:-200}
warm
vmu_before=$(vmu)

insmod $KO max_samples=600000 || { echo "insmod_clamped=failed"; exit 1; }
echo "info_max_samples=$(grep '^max_samples=' $D/info)"
echo "pattern=grow from=4K to=64K reps=2" > $D/job && echo 1 > $D/run && echo "big_max_samples_run=ok"
rmmod vrealloc_bench || echo "rmmod_failed=clamp"

i=0 hung=0 maxcs=0 total=0
while [ $i -lt "$n" ]; do
	insmod $KO || { echo "insmod_failed=$i"; break; }
	th=1
	[ $((i % 2)) = 0 ] && th=all
	echo "pattern=pingpong from=1M to=4K count=100000 reps=100 threads=$th" > $D/job ||
		{ echo "job_refused=$i"; break; }
	( echo 1 > $D/run ) 2> /dev/null &
	w=$!
	usleep $(( (RANDOM % 300) * 1000 ))
	t0=$(cs)
	kill -TERM $w
	k=0
	while kill -0 $w 2> /dev/null && [ $k -lt 1000 ]; do usleep 10000; k=$((k + 1)); done
	if kill -0 $w 2> /dev/null; then hung=1; echo "hung_cycle=$i"; break; fi
	wait $w
	dt=$(( $(cs) - t0 ))
	total=$((total + dt))
	[ $dt -gt $maxcs ] && maxcs=$dt
	rmmod vrealloc_bench || { echo "rmmod_failed=$i"; break; }
	i=$((i + 1))
done
echo "cycles_done=$i hung=$hung stop_max_cs=$maxcs stop_total_cs=$total"

insmod $KO || exit 1
echo "pattern=edges from=4K" > $D/job	# short runs: many chances to meet a reader
rm -f /tmp/stop
for reader in 1 2; do
	( while [ ! -f /tmp/stop ]; do cat $D/result > /dev/null; cat $D/job > /dev/null; done ) 2> /dev/null &
done
( while [ ! -f /tmp/stop ]; do echo move_on_resize,leak_page > $P/inject; echo "" > $P/inject; done ) &
failed=0 j=0
while [ $j -lt 300 ]; do
	echo 1 > $D/run 2> /dev/null || failed=$((failed + 1))
	j=$((j + 1))
done
touch /tmp/stop
wait
echo "writer_runs=$j writer_failures=$failed"
rmmod vrealloc_bench || echo "rmmod_failed=readers"
warm
echo "vmalloc_used_kb before=$vmu_before after=$(vmu)"
echo "dmesg_problems=$(dmesg | grep -cE 'WARNING:|BUG:|Oops|Call Trace|soft lockup|hung_task|blocked for more than')"
