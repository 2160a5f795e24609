#!/bin/sh
# Runs inside a vrbench guest booted with --no-module: load the module, throw
# malformed jobs at it (vrb_fuzz), run real jobs, unload it, and report whether
# VmallocUsed came back.  Process stacks are vmalloc'd and cached per CPU, so
# both readings are taken after the same warm-up.
vmu() { while read -r k v u; do [ "$k" = VmallocUsed: ] && echo "$v"; done < /proc/meminfo; }
warm() { for i in 1 2 3 4 5 6 7 8; do /bin/true & done; wait; sleep 1; }
D=/sys/kernel/debug/vrealloc_bench
warm; before=$(vmu)
insmod /vrbench/vrealloc_bench.ko || exit 1
./vrb_fuzz 10000 "${1:-1}"
echo "pattern=grow from=4K to=2M reps=2" > $D/job && echo 1 > $D/run
echo "pattern=walk sizes=1M,8K" > $D/job && echo 1 > $D/run	# held at rmmod
rmmod vrealloc_bench || echo "rmmod failed"
warm; after=$(vmu)
echo "vmalloc_used_kb before=$before after=$after"
echo "dmesg_problems=$(dmesg | grep -cE 'WARNING:|BUG:|Oops|Call Trace')"
