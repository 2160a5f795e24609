#!/bin/busybox sh
# /init of the vrbench guest.  Mounts what the benchmark needs, loads the
# module, runs the job's command, and sends everything back on the second
# serial port (/dev/ttyS1) as records the host parses (runner/target/vm_channel.c):
#   @vrb file NAME SIZE\n<SIZE bytes>   a file: the command's output, results
#   @vrb start\n                        /init is running (first)
#   @vrb error TEXT\n                   the harness failed before the command
#   @vrb progress I N CELL\n            progress of vrbench measure (informational)
#   @vrb exit RC\n                      the command's exit code, always last
# The console (ttyS0) is left to the kernel; the host keeps it as a log.
# Under LAVA (the job holds a file named console) there is one serial port:
# the records go to the console as whole lines, printk kept off it, and files
# as "@vrb file64 NAME SIZE", their base64 lines, "@vrb end"; vrbench measure
# adds "@vrb case NAME pass|fail VALUE UNITS" per row for LAVA's monitor.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug
mount -t cgroup2 cgroup2 /sys/fs/cgroup
export PATH=/bin:/sbin:/usr/bin:/usr/sbin:/vrbench/bin HOME=/tmp

console=
if [ -f /vrbench/job/console ]; then
	console=1
	dmesg -n 1
	exec 3>/dev/console	# the console= LAVA's device type reads
	export VRB_LAVA_CASES=1
else
	stty -F /dev/ttyS1 raw -echo
	exec 3>/dev/ttyS1
fi
echo "@vrb start" >&3	# /init runs: a crash after this is not a boot flake

send_file() {
	if [ -n "$console" ]; then
		printf '@vrb file64 %s %s\n' "$1" "$(wc -c < "$2")" >&3
		base64 "$2" >&3
		echo "@vrb end" >&3
		return
	fi
	printf '@vrb file %s %s\n' "$1" "$(wc -c < "$2")" >&3
	cat "$2" >&3
}

finish() {
	printf '@vrb exit %s\n' "$1" >&3
	# LAVA's monitor stops reading at its end marker: one line after the exit code
	[ -n "$console" ] && echo "@vrb done" >&3
	exec 3>&-	# the last close of the port waits for it to drain
	poweroff -f
}

# a truncated initramfs (too little guest memory for a --rootfs) is not a job that ran
if dmesg | grep -q 'Initramfs unpacking failed'; then
	printf '@vrb error %s (more --mem?)\n' "$(dmesg | grep -m1 -o 'Initramfs unpacking failed.*')" >&3
	finish 125
fi
mkdir -p /vrbench/out
if [ -f /vrbench/vrealloc_bench.ko ] && [ ! -f /vrbench/job/no-module ]; then
	args=$(cat /vrbench/job/module-args 2>/dev/null)
	# shellcheck disable=SC2086 # the parameters are separate words
	if ! insmod /vrbench/vrealloc_bench.ko $args 2>/tmp/insmod.err; then
		printf '@vrb error insmod failed: %s\n' "$(tr '\n' ' ' < /tmp/insmod.err)" >&3
		finish 125
	fi
fi

cd /vrbench/job
# vrbench measure sends "@vrb progress I N CELL" records here while it runs.
export VRB_CHANNEL_FD=3
if [ -d /vrbench/root ]; then
	# vm --rootfs: the command runs in that userspace (Debian's tools, not
	# busybox's), with the kernel's filesystems and the job bound into it
	r=/vrbench/root
	for d in proc sys dev tmp vrbench/job vrbench/out; do
		mkdir -p "$r/$d" && mount -o rbind "/$d" "$r/$d"
	done
	chroot "$r" /bin/sh -c 'cd /vrbench/job && exec sh ./cmd' < /dev/null > /tmp/stdout 2>&1
else
	sh ./cmd < /dev/null > /tmp/stdout 2>&1
fi
rc=$?
send_file stdout /tmp/stdout
for f in /vrbench/out/*; do
	[ -f "$f" ] && send_file "${f##*/}" "$f"
done
dmesg > /tmp/dmesg
send_file dmesg /tmp/dmesg
finish $rc
