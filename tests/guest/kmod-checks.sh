#!/bin/sh
# Runs inside a vrbench guest (busybox): drives the module through the cases
# tests/integration/05-kmod.t asserts, printing "== SECTION" then result lines.
D=/sys/kernel/debug/vrealloc_bench
steps() { grep -E '^(step|status)=' $D/result; }
walk() {	# walk JOB: the whole walk, one step per write
	echo "$1" > $D/job || { echo "job refused: $1"; return; }
	while echo 1 > $D/run 2>/dev/null; do :; done
	steps
}
memcg() { while read -r k v; do [ "$k" = vmalloc ] && echo "$v"; done < "$1/memory.stat"; }

echo "== walk"; walk "pattern=walk sizes=256K,16K"
# NR_VMALLOC is system-wide: a kernel stack freed by another task can land in a
# step's window.  Two more walks tell that apart from the step's own change.
echo "== walk2"; walk "pattern=walk sizes=256K,16K"
echo "== walk3"; walk "pattern=walk sizes=256K,16K"
echo "== regrow"; echo "pattern=regrow from=256K to=16K reps=3" > $D/job && echo 1 > $D/run && steps
echo "== nofs"; walk "pattern=walk gfp=nofs sizes=256K,16K"
echo "== noio"; walk "pattern=walk gfp=noio sizes=256K,16K"
echo "== huge"; walk "pattern=walk start=huge sizes=4M,16K"
echo "== huge3m"; walk "pattern=walk start=huge sizes=3M,16K"
echo "== grow"; echo "pattern=grow from=4K to=1M reps=2" > $D/job && echo 1 > $D/run && steps
echo "== shrink"; echo "pattern=shrink from=1M to=4K" > $D/job && echo 1 > $D/run && steps
echo "== append"; echo "pattern=append elem=24 count=3000" > $D/job && echo 1 > $D/run && steps
echo "== zero"; echo "pattern=regrow gfp=zero from=64K to=4K reps=2" > $D/job && echo 1 > $D/run && steps

echo "== threads"; echo "pattern=grow from=4K to=256K reps=3 threads=all" > $D/job && echo 1 > $D/run && steps
echo "threads_cpus=$(grep -c ^processor /proc/cpuinfo)"

echo "== account"
echo +memory > /sys/fs/cgroup/cgroup.subtree_control
mkdir -p /sys/fs/cgroup/vrb
echo $$ > /sys/fs/cgroup/vrb/cgroup.procs
echo "pattern=walk gfp=account sizes=4M,1M" > $D/job
m0=$(memcg /sys/fs/cgroup/vrb)
echo 1 > $D/run; m1=$(memcg /sys/fs/cgroup/vrb)
echo 1 > $D/run; m2=$(memcg /sys/fs/cgroup/vrb)
echo 1 > $D/run; m3=$(memcg /sys/fs/cgroup/vrb)
echo "memcg_vmalloc_bytes $m0 $m1 $m2 $m3"
steps

# threads=N runs on kthreads, which have no memcg: the module charges the
# writer's.  memory.peak of a fresh group shows whether anything was charged.
echo "== account-threads"
mkdir -p /sys/fs/cgroup/vrbt
echo $$ > /sys/fs/cgroup/vrbt/cgroup.procs
p0=$(cat /sys/fs/cgroup/vrbt/memory.peak)
echo "pattern=grow gfp=account from=4K to=4M reps=1 threads=all" > $D/job && echo 1 > $D/run
echo "memcg_peak_bytes $p0 $(cat /sys/fs/cgroup/vrbt/memory.peak)"
echo $$ > /sys/fs/cgroup/cgroup.procs
steps

echo "== enomem"	# a ceiling above RAM: the ladder runs into a failing vrealloc()
P=/sys/module/vrealloc_bench/parameters/max_bytes
old=$(cat $P); echo 4294967296 > $P
echo "pattern=grow from=64M to=4G fill=0 verify=0" > $D/job && echo 1 > $D/run && steps
echo "$old" > $P
echo "pattern=grow from=4K to=64K" > $D/job && echo 1 > $D/run && echo "after_enomem_rc=$?"
