#!/bin/sh
# Runs in the guest's Debian userspace (15-install.t: vrbench vm --rootfs with
# the chroot apt installed vrbench and vrealloc-bench-dkms into): vrbench
# native end to end as a board in a lab would run it.  Prints KEY: VALUE lines
# the test reads; results and logs go to /vrbench/out.
out=/vrbench/out
loaded() { if [ -e /sys/module/vrealloc_bench ]; then echo loaded; else echo unloaded; fi; }
echo "release: $(uname -r)"
echo "dkms module: $(modinfo -F filename vrealloc_bench 2>&1)"
echo "info: $(vrbench info 2>&1 | grep '^native target')"
echo "before: $(loaded)"

cd /tmp || exit 1
vrbench run --target native --runs 1 --output /tmp/native > "$out/run.log" 2>&1
echo "run: $?"
echo "after run: $(loaded)"
cp /tmp/native/*.json "$out/" 2>/dev/null
vrbench validate /tmp/native/*.json > "$out/validate.log" 2>&1
echo "validate: $?"

# ^C while the suite runs: the signal goes to the whole process group, as a
# terminal's would.  The group is a session whose leader, a shell, writes down
# its id and vrbench's exit: setsid forks when its caller leads a group
# already, and then $! is neither the group nor vrbench (the run went on,
# unsignalled, and `wait` said 0).  A terminal's foreground job has SIGINT at
# its default, but this one is started with `&` by a shell without job
# control, which ignores SIGINT in it, and a shell cannot trap a signal ignored
# on entry (its `trap` is silently void): env puts the default back first, and
# the trap then makes the shell a handler, which vrbench does not inherit.
rm -f /tmp/int.pg /tmp/int.rc
setsid env --default-signal=INT sh -c 'echo $$ > /tmp/int.pg; trap : INT
	vrbench run --target native --runs 3 --output /tmp/int; echo $? > /tmp/int.rc' \
	> "$out/int.log" 2>&1 &
i=0
while { [ ! -s /tmp/int.pg ] || [ "$(loaded)" = unloaded ]; } && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
echo "loaded while running: $(loaded)"
sleep 2
kill -s INT -- "-$(cat /tmp/int.pg)"
i=0
while [ ! -s /tmp/int.rc ] && [ $i -lt 1800 ]; do sleep 0.1; i=$((i + 1)); done
echo "interrupted: $(cat /tmp/int.rc 2>/dev/null || echo 'no exit within 180 s')"
echo "after ^C: $(loaded)"

# a failed job: the command fails with the module loaded
vrbench native -- sh -c 'test -e /sys/module/vrealloc_bench && exit 3' > "$out/failed.log" 2>&1
echo "failed job: $?"
echo "after failed job: $(loaded)"
exit 0
