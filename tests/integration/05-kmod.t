#!/usr/bin/env bash
# The module under QEMU, on the kernels whose vrealloc() behaves differently:
# exact memory accounting (resident pages, NR_VMALLOC, memcg), pointer moves,
# contents, huge areas, gfp cases, NUMA placement, and its safety contract.
. "$(dirname "$0")/tap.sh"
plan 64
G=$ROOT/tests/guest

# field STEP_LINE KEY: the value of KEY= in a result line
field() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
# line OUT SECTION N: step N of SECTION in a kmod-checks.sh transcript
line() { printf '%s\n' "$1" | awk -v s="== $2" -v n="step=$3" '
	$0 == s { on = 1; next } /^== / { on = 0 } on && $1 == n { print; exit }'; }

for k in 7.3 6.12; do
	run "$VRBENCH" vm --kernel $k --file "$G/kmod-checks.sh" -- sh kmod-checks.sh
	is "$rc" 0 "$k: the checks ran in the guest"
	o=$out
	eval "t_$(echo $k | tr . _)=\$o"
done

# --- 256 KiB -> 16 KiB: the savings claim ------------------------------------------
s=$(line "$t_7_3" walk 1)
is "$(field "$s" resident_pages_before)/$(field "$s" resident_pages_after)" 64/4 \
	"7.3: walk 256K -> 16K keeps 4 of 64 pages (93.75 % freed)"
deltas=$(for w in walk walk2 walk3; do field "$(line "$t_7_3" $w 1)" nr_vmalloc_delta; done | paste -sd' ')
ok $(( $(printf '%s\n' $deltas | grep -cx -- -60) < 2 )) \
	"7.3: nr_vmalloc drops by 60 pages on that shrink (in at least 2 of 3 walks: $deltas; the counter is system-wide)"
is "$(field "$(line "$t_7_3" walk 2)" resident_pages_after)" 0 "7.3: the free step leaves no page"
like "$t_7_3" "^status=done err=0" "7.3: a finished walk reports done"
s=$(line "$t_6_12" walk 1)
is "$(field "$s" resident_pages_before)/$(field "$s" resident_pages_after)" 64/64 \
	"6.12: the same shrink keeps all 64 pages"
is "$(field "$s" nr_vmalloc_delta)" na "6.12: has no NR_VMALLOC, reported as na"

# --- regrow: shrink then grow back ----------------------------------------------------
s=$(line "$t_7_3" regrow 1)
is "$(field "$s" moved)/$(field "$s" ops)" 3/3 "7.3: growing back after a shrink moves the pointer"
is "$(field "$s" verify_errors)" 0 "7.3: contents intact across the move"
s=$(line "$t_6_12" regrow 1)
is "$(field "$s" moved)/$(field "$s" ops)" 0/3 "6.12: growing back stays in place"
is "$(field "$s" verify_errors)" 0 "6.12: contents intact"

# --- what 7.2+ does not free ------------------------------------------------------------
for case in nofs noio; do
	s=$(line "$t_7_3" $case 1)
	is "$(field "$s" resident_pages_after)" 64 "7.3: a gfp=$case shrink frees nothing"
done
s=$(line "$t_7_3" huge 0)
if [ "$(field "$s" huge)" = 1 ]; then
	s=$(line "$t_7_3" huge 1)
	is "$(field "$s" resident_pages_before)/$(field "$s" resident_pages_after)" 1024/1024 \
		"7.3: a vmalloc_huge area (mapped huge) frees nothing on shrink"
	is "$(field "$s" fail)/$(field "$s" verify_errors)" 0/0 "7.3: reported as such, not as an error"
	s=$(line "$t_7_3" huge3m 0)
	is "$(field "$s" resident_pages_after)" 1024 \
		"7.3: a 3 MiB vmalloc_huge area counts the 1024 pages its two 2 MiB mappings hold (not 768)"
else
	for i in 1 2 3; do skip "the guest did not map the vmalloc_huge area with huge pages"; done
fi

# --- ladders -----------------------------------------------------------------------------
for k in 7_3 6_12; do
	t=t_$k
	s=$(line "${!t}" grow 7)
	is "$(field "$s" old)/$(field "$s" new)/$(field "$s" resident_pages_after)" 524288/1048576/256 \
		"${k/_/.}: grow ladder 4K -> 1M ends with 256 pages"
	is "$(printf '%s\n' "${!t}" | awk '/^== grow/{on=1;next} /^== /{on=0} on && /^step/' | \
		grep -c 'verify_errors=0 ')" 8 "${k/_/.}: no rung of the grow ladder lost data"
	s=$(line "${!t}" append 0)
	is "$(field "$s" ops)/$(field "$s" verify_errors)" 2999/0 "${k/_/.}: append 3000 x 24 B, contents intact"
	s=$(line "${!t}" zero 1)
	is "$(field "$s" zero_errors)" 0 "${k/_/.}: gfp=zero: bytes past the old size read zero after shrink + grow"
done
is "$(field "$(line "$t_7_3" shrink 7)" resident_pages_after)" 1 "7.3: shrink ladder 1M -> 4K ends with 1 page"
is "$(field "$(line "$t_6_12" shrink 7)" resident_pages_after)" 256 "6.12: shrink ladder keeps all 256 pages"

# --- threads=all: one ladder per CPU at once ------------------------------------------------
for k in 7_3 6_12; do
	t=t_$k
	sec=$(printf '%s\n' "${!t}" | awk '/^== threads/{on=1;next} /^== /{on=0} on')
	cpus=$(printf '%s\n' "${!t}" | sed -n 's/^threads_cpus=//p')
	is "$(printf '%s\n' "$sec" | grep -c "^step=[0-9]* op=grow .* ops=$((cpus * 3)) fail=0 moved=$((cpus * 3)) verify_errors=0 zero_errors=0 ")" 6 \
		"${k/_/.}: threads=all runs $cpus ladders at once: every rung $((cpus * 3)) ops, no errors"
done

# --- an allocation that fails ------------------------------------------------------------
for k in 7_3 6_12; do
	t=t_$k
	sec=$(printf '%s\n' "${!t}" | awk '/^== enomem/{on=1;next} /^== /{on=0} on')
	like "$sec" "^step=[0-9]+ op=grow .* fail=1 " "${k/_/.}: a vrealloc() that fails is recorded in its step"
	like "$sec" "^status=done err=0" "${k/_/.}: as an outcome, not an error of the job"
	like "${!t}" "^after_enomem_rc=0" "${k/_/.}: and the module runs the next job"
done

# --- memcg: gfp=account --------------------------------------------------------------
m=$(printf '%s\n' "$t_7_3" | sed -n 's/^memcg_vmalloc_bytes //p')
is "$m" "0 4194304 1048576 0" "7.3: memcg vmalloc follows a 4M walk: +1024 pages, -768 on shrink to 1M, 0 after free"
m=$(printf '%s\n' "$t_6_12" | sed -n 's/^memcg_vmalloc_bytes //p')
is "$m" "0 4194304 4194304 0" "6.12: memcg vmalloc: +1024 pages, unchanged by the shrink, 0 after free"

for k in 7_3 6_12; do
	t=t_$k
	read -r p0 p1 <<< "$(printf '%s\n' "${!t}" | sed -n 's/^memcg_peak_bytes //p')"
	[ "${p1:-0}" -ge $(( ${p0:-0} + 4194304 )) ]
	ok $? "${k/_/.}: gfp=account threads=all charges the writer's memcg (peak ${p0:-?} -> ${p1:-?} bytes, +4 MiB at least)"
done

# --- NUMA -------------------------------------------------------------------------------
run_guest "$VRBENCH" vm --kernel 7.3 --nodes 2 --cpus 2 -- sh -c '
	D=/sys/kernel/debug/vrealloc_bench
	for n in 0 1; do
		echo "pattern=walk node=$n sizes=256K,16K" > $D/job
		echo 1 > $D/run; echo 1 > $D/run; grep "^step=" $D/result | sed "s/^/node$n /"
	done
	echo "pattern=walk node=1 thisnode=1 sizes=64K" > $D/job && echo 1 > $D/run
	grep "^step=0" $D/result | sed "s/^/thisnode /"
	echo "pattern=grow node=5" > $D/job 2>/dev/null || echo "node5 refused"
	echo "pattern=grow gfps=kernel" > $D/job 2>/dev/null || echo "gfps-grow refused"
	echo "pattern=walk sizes=256K,16K gfps=kernel" > $D/job 2>/dev/null || echo "gfps-count refused"
	echo "pattern=walk sizes=256K,16K gfps=account,kernel" > $D/job 2>/dev/null ||
		echo "gfps-account refused"
	echo "pattern=walk sizes=256K,16K,16K gfps=kernel,nofs,kernel" > $D/job &&
		sed "s/^/gfpsjob /" $D/job
	grep -o "nodes=.*" $D/info'
is_rc 0 "a two-node 7.3 guest runs node jobs"
like "$out" "^nodes=0-1$" "the module sees nodes 0-1"
is "$(field "$(printf '%s\n' "$out" | sed -n 's/^node1 //p' | head -n 1)" node_pages)" 0,64 \
	"node=1 puts all 64 pages on node 1"
is "$(field "$(printf '%s\n' "$out" | sed -n 's/^node0 //p' | head -n 1)" node_pages)" 64,0 \
	"node=0 puts them on node 0"
is "$(field "$(printf '%s\n' "$out" | sed -n 's/^node1 //p' | sed -n 2p)" node_pages)" 0,4 \
	"the shrink on node 1 keeps its 4 pages there"
is "$(field "$(printf '%s\n' "$out" | sed -n 's/^thisnode //p')" node_pages)" 0,16 \
	"thisnode=1 with node=1 allocates on node 1"
like "$out" "^node5 refused$" "a node that does not exist is refused"
like "$out" "^gfps-grow refused$" "gfps= is refused outside a walk"
like "$out" "^gfps-count refused$" "gfps= with fewer entries than sizes= is refused"
like "$out" "^gfps-account refused$" "gfps= that changes account from step to step is refused"
like "$out" "^gfpsjob .* sizes=262144,16384,16384 gfps=kernel,nofs,kernel$" \
	"a walk's gfps= is spelled out in the normalized job"

# --- safety: malformed jobs, two writers, unload ------------------------------------------
make -s -C "$ROOT" build/guest/vrb_fuzz > /dev/null
for k in 7.3 6.12; do
	run "$VRBENCH" vm --kernel $k --no-module --file "$ROOT/build/guest/vrb_fuzz" \
		--file "$G/kmod-safety.sh" -- sh kmod-safety.sh 7
	is "$rc" 0 "$k: the safety run finished"
	summary=$(printf '%s\n' "$out" | grep '^refused=')
	refused=$(field "$summary" refused)
	[ "${refused:-0}" -ge 10000 ]; ok $? "$k: $refused malformed jobs refused (at least 10,000)"
	is "$(field "$summary" accepted)" 0 "$k: none accepted"
	is "$(field "$summary" busy_job)/$(field "$summary" busy_run)" EBUSY/EBUSY \
		"$k: a second writer during a run gets EBUSY on job and run"
	like "$out" "^# errno (EINVAL|E2BIG|ENODEV) " "$k: refusals carry EINVAL, E2BIG or ENODEV"
	is "$(printf '%s\n' "$out" | sed -n 's/^dmesg_problems=//p')" 0 "$k: no WARN, BUG or oops in dmesg"
	v=$(printf '%s\n' "$out" | grep '^vmalloc_used_kb')
	b=$(field "$v" before) a=$(field "$v" after)
	# Process stacks are vmalloc'd and cached per CPU: allow 4 stacks (64 KiB) of
	# noise; the walk area held at rmmod alone is 1 MiB.
	d=$(( ${a:-0} - ${b:-99999} )); d=${d#-}
	[ "$d" -le 64 ]; ok $? "$k: VmallocUsed back to its baseline after rmmod ($b kB -> $a kB)"
done
done_testing
