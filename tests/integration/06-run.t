#!/usr/bin/env bash
# vrbench run: the default suite on 6.12 and 7.3, three runs each, in QEMU;
# result files checked against the schema and for what they must record;
# bad input refused before any boot; SIGINT in the host and in the guest.
. "$(dirname "$0")/tap.sh"
plan 59
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

start=$(date +%s)
run "$VRBENCH" run --kernels 6.12,7.3 --runs 3 --jobs 1 --output "$dir"
secs=$(( $(date +%s) - start ))
is "$rc" 0 "run --kernels 6.12,7.3 --runs 3 succeeds"
diag "took ${secs}s (README: the benchmark figure)"
files=("$dir"/*.json)
is "${#files[@]}" 6 "it writes 6 result files"
is "$(printf '%s\n' "$out" | grep -c '\.json$')" 6 "and prints one path per line"
run "$VRBENCH" validate "${files[@]}"
is "$rc" 0 "all 6 pass the schema check"
order=$(ls -tr "$dir" | sed -E 's/^[0-9-]+-//; s/\.json$//' | tr '\n' ' ')
is "$order" "6.12-run1 7.3-run1 6.12-run2 7.3-run2 6.12-run3 7.3-run3 " "kernels interleave A B A B"

f73=$(ls "$dir"/*-7.3-run2.json)
q() { jq -r "$1" "$f73"; }
is "$(q '[.cells[] | .counters["task-clock"].value > 0] | all')" true "task-clock is non-zero in every cell"
is "$(q '[.cells[] | .counters["context-switches"] | has("value")] | all')" true "context-switches is counted"
like "$(q '.cells[0].counters.cycles.unavailable')" "No such file|not supported|cannot open" \
	"cycles is marked unavailable here, with the reason"
is "$(q '[.cells[] | .counters.instructions | has("value")] | any')" false "no hardware counter is recorded as a number"
is "$(q '[.cells[] | .binding | has("cpuset") and has("nodeset") and has("mem_policy")] | all')" true \
	"every cell records the binding it got"
w=$(q '.cells[] | select(.name == "walk-256k-16k") | .steps[1]')
is "$(jq -r '.resident_pages_before, .resident_pages_after, .nr_vmalloc_delta' <<< "$w" | tr '\n' ' ')" \
	"64 4 -60 " "7.3 walk step: resident 64 -> 4, nr_vmalloc -60"
is "$(jq -r '.memory.before.vmallocinfo_pages - .memory.after.vmallocinfo_pages' <<< "$w")" 60 \
	"/proc/vmallocinfo pages= drops by 60 across the shrink"
is "$(jq -r '(.memory.before.memcg_current_bytes != null) and (.memory.after.vmalloc_used_kb != null)' <<< "$w")" \
	true "memcg and VmallocUsed are sampled around walk steps"
is "$(q '[.kernel.name, .kernel.abi, (.kernel.packages | length > 0), .run.index, .run.of, .machine.virt] | map(tostring) | join(" ")')" \
	"7.3 7.3.4+deb13 true 2 3 qemu-tcg" "kernel name, ABI, packages, run index and machine recorded"
is "$(q '[.target.clock, .target.cpus] | map(tostring) | join(" ")')" "icount 1" \
	"under TCG the default clock is icount, on one vCPU, and the file says so"
is "$(q '[.kernel.config | has("init_on_alloc", "init_on_free", "kasan", "page_size", "hz", "preempt")] | all')" \
	true "kernel config facts recorded"
is "$(q '[.cells[] | .steps[] | .samples_ns | length > 0] | all')" true "raw samples are kept beside the summaries"
is "$(q '.bench.text | test("\\[walk-256k-16k\\]")')" true "the bench definition itself is recorded"
is "$(q '[.cells[] | .steps[] | (.timer_irqs | length) == (.samples_ns | length) and
	.quiet_ns.n >= 1 and .quiet_ns.n + .timer_hit_samples == (.samples_ns | length)] | all')" \
	true "x86: timer interrupts counted in every sample; quiet_ns holds the rest"
is "$(q '[.cells[] | select(.job | test("pattern=walk")) | .passes] | unique | map(tostring) | join(",")')" "5" \
	"walks are walked 5 times (the suite's reps), so each step has a median of 5"

# --- memory identities, every step of the suite ------------------------------------------
# NR_VMALLOC = the area's own pages + its vmalloc'd page array, step by step.  The
# counter is system-wide: another task's kernel stack (4 pages) can land in a step's
# window, so a step may be off by whole stacks (at most 2 steps a run); off by
# anything else (a page the walk missed, an array not counted) is a failure.
for f in "$dir"/*-7.3-run*.json; do
	jq -r '.cells[] | .name as $c | .steps | to_entries[] | select(.value.nr_vmalloc_delta != null) |
		(.value.nr_vmalloc_delta - (.value.resident_pages_after - .value.resident_pages_before +
		 .value.pages_array_delta)) as $off | "\($c) #\(.key) \($off)"' "$f"
done > "$dir/ident"
n=$(wc -l < "$dir/ident")
odd=$(awk '$NF % 4 != 0' "$dir/ident")
stacks=$(awk '$NF != 0 && $NF % 4 == 0' "$dir/ident")
[ "$n" -ge 156 ] && [ -z "$odd" ] && [ "$(printf '%s' "$stacks" | grep -c .)" -le 6 ]
ok $? "7.3: nr_vmalloc_delta = resident change + pages_array_delta on all $n steps of 3 runs (whole kernel stacks aside: $(printf '%s' "$stacks" | grep -c .))"
[ -z "$odd$stacks" ] || diag "off: $odd $stacks"
is "$(q '[.cells[] | select(.name == "grow") | .steps[] | select(.new_bytes == 4194304) |
	.pages_array_delta, .nr_vmalloc_delta] | map(tostring) | join(" ")')" "2 514" \
	"7.3: the 2M -> 4M grow moves into 1024 pages with a 2-page array: +512 resident, +2 array = 514"
# expect_free says what the kernel should do; resident pages say what it did
for k in 6.12 7.3; do
	bad=$(jq -r '.cells[] | .name as $c | .steps | to_entries[] | .value as $s |
		select(($s.expect_free and $s.resident_pages_after >= $s.resident_pages_before) or
		       ($s.expect_free | not) and $s.resident_pages_after < $s.resident_pages_before) |
		"\($c) #\(.key) expect_free=\($s.expect_free) \($s.resident_pages_before) -> \($s.resident_pages_after)"' \
		"$dir"/*-$k-run1.json)
	is "$bad" "" "$k: every step that should return pages did, and no other step did"
done
is "$(jq -r '[.cells[] | select(.name == "shrink" or .name == "shrink-nofs") |
	"\(.name)=\([.steps[] | .expect_free] | unique | map(tostring) | join(","))"] | join(" ")' "$dir"/*-7.3-run1.json)" \
	"shrink=true shrink-nofs=false" "7.3: plain shrinks are expected to free, gfp=nofs ones not"
is "$(jq -r '[.cells[] | select(.name == "shrink") | .steps[] | .expect_free] | unique | map(tostring) | join(",")' \
	"$dir"/*-6.12-run1.json)" "false" "6.12: no shrink is expected to free"

# --- memory around whole cells: what a ladder leaves charged or mapped ---------------
is "$(q '[.cells[] | select(.steps | length > 0) | select(.job | test("pattern=walk") | not) |
	(.memory.before.vmallocinfo_pages != null and .memory.after.memcg_vmalloc_bytes != null)] | all')" \
	true "every cell but the walks is sampled around the whole cell (memcg, vmallocinfo)"
held=$(jq -r '.cells[] | select(.name == "shrink-account") |
	.memory.after.memcg_vmalloc_bytes - .memory.before.memcg_vmalloc_bytes' "$dir"/*-7.3-run*.json | tr '\n' ' ')
awk -v h="$held" 'BEGIN { n = split(h, v, " "); for (i = 1; i <= n; i++) if (v[i] > 524288 || v[i] < -524288) exit 1; exit n != 3 }'
ok $? "7.3: the accounted shrink ladder hands its charge back (held after the cell: $held bytes; allowance 512 KiB)"
# planted: the cell keeps 4 MiB charged in every run of one side (corpus f5 does it for real)
mkdir -p "$dir/leak"
for f in "$dir"/*-7.3-run*.json; do
	jq '(.cells[] | select(.name == "shrink-account") | .memory.after.memcg_vmalloc_bytes) += 4194304' \
		"$f" > "$dir/leak/$(basename "$f")"
done
mkdir -p "$dir/b73" && ln "$dir"/*-7.3-run*.json "$dir/b73/"
run "$VRBENCH" compare --gate "$dir/b73" "$dir/leak"
is "$rc" 1 "planted: 4 MiB left charged after the cell fails the gate"
# a side whose runs held different amounts reads "min..max, median m (3 runs)"
like "$out" "shrink-account +memcg_vmalloc_bytes_held: -?[0-9]+(\.\.-?[0-9]+, median [-0-9.e+]+)? \(3 runs\) -> [0-9]+(\.\.[0-9]+, median [0-9.e+]+)? \(3 runs\)" "named as memcg held by the cell"

# --- vrbench compare 6.12 -> 7.3 on these runs ----------------------------------------
mkdir -p "$dir/a" "$dir/b"
ln "$dir"/*-6.12-run*.json "$dir/a/" && ln "$dir"/*-7.3-run*.json "$dir/b/"
run "$VRBENCH" compare "$dir/a" "$dir/b"
is "$rc" 0 "compare 6.12 7.3 reads both sides"
like "$out" "^  walk-256k-16k #1 shrink 262144->16384 +64 -> 4 +-93\.75 %$" \
	"compare reports the 256 KiB -> 16 KiB saving: 64 -> 4 pages, -93.75 %"
like "$out" "^  regrow #1 grow 16384->262144 +0 in 3 runs -> 15 in 3 runs$" "and the regrow's copy on 7.3 (pointer moves)"
r=$(printf '%s\n' "$out" | awk '$1 == "regrow" && $2 == "#1" && $3 == "grow" { print $(NF-9) }')
awk -v r="$r" 'BEGIN { exit !(r > 10) }'; ok $? "and that it is slower (ratio of medians $r)"
like "$out" "^regrow #1 grow 16384->262144 .* -  not enough data \(3 and 3 runs\)$" "3 runs a side: no p, no interval"
like "$out" "^verdict: REGRESSION: 0 slower, [1-9][0-9]* lost or worse \(exact\), 0 faster, 0 unchanged, 0 ~, [0-9]+ not enough data" \
	"no latency verdict, but the copies 7.3 started making are a regression"
run "$VRBENCH" compare --format json "$dir/a" "$dir/b"
is "$(jq -r '.cells[] | select(.key == "walk-256k-16k #1 shrink 262144->16384") |
	"\(.exact.resident_pages_after.base[0]) \(.exact.resident_pages_after.new[0]) \(.ratio > 1)"' <<< "$out")" \
	"64 4 true" "--format json carries the same: 64 -> 4 pages in every run, and the ratio"
run "$VRBENCH" compare --gate "$dir/a" "$dir/b"
is "$rc" 1 "--gate 6.12 -> 7.3: the regrow started copying (pointer moves): exit 1"
like "$out" "regrow #1 grow 16384->262144 +moved: 0 \(3 runs\) -> 5 \(3 runs\)" "named in the gate's findings"
run "$VRBENCH" compare --gate "$dir/b" "$dir/a"
is "$rc" 1 "--gate 7.3 -> 6.12: resident pages grew: the gate fails (exit 1)"

# --- vrbench info, in a two-node guest with the module loaded -------------------------
run "$VRBENCH" vm --kernel 7.3 --nodes 2 --cpus 2 -- vrbench info
like "$out" "^node 1: +CPUs 1, [0-9.]+ GiB$" "info prints each node with its CPUs and memory (hwloc)"
like "$out" "^  access=vrealloc$" "and what the module reports"

# --- bad input, before any boot ----------------------------------------------------
bad=$(mktemp)
printf '[suite]\nname = x\n[g]\npattern = grow\nfrom = o0\nsize = o3\n' > "$bad"
start=$(date +%s)
run "$VRBENCH" run --kernels 7.3 --bench "$bad" --output "$dir/bad"
is "$rc" 2 "a bad bench file is a usage error"
like "$err" "$bad:6: \[g\] unknown key 'size'" "naming the file and line"
rm -f "$bad"

# --- [suite] cmdline: every guest of the suite boots with it ---------------------------
ini=$dir/cmdline.ini
printf '[suite]\nname = c\ncmdline = init_on_alloc=0 init_on_free=1\n[w]\npattern = walk\nsizes = 64K,6000,8000\n' > "$ini"
run "$VRBENCH" run --kernels 7.3 --runs 1 --bench "$ini" --output "$dir/cmdline"
is "$rc" 0 "a suite with [suite] cmdline runs"
f=$(ls "$dir/cmdline"/*.json 2>/dev/null | head -n 1)
is "$(jq -r '"\(.kernel.config.init_on_alloc) \(.kernel.config.init_on_free)"' "$f" 2>/dev/null)" "0 1" \
	"its guest booted with the suite's cmdline (the module reports init_on_alloc=0 init_on_free=1)"
is "$(jq '[.cells[].steps[].zero_errors] | add' "$f" 2>/dev/null)" 0 \
	"and the grow back within the kept page read zero there (init_on_free alone zeroes on shrink)"

# --- SIGINT in the host: finished runs kept, nothing half-written ------------------
sig=$dir/sigint
"$VRBENCH" run --kernels 7.3 --runs 5 --jobs 1 --output "$sig" > /dev/null 2>&1 &
pid=$!
for i in $(seq 1 120); do
	[ -n "$(ls "$sig"/*.json 2>/dev/null)" ] && break
	sleep 0.5
done
sleep 1
kill -INT $pid
wait $pid
is "$?" 130 "SIGINT mid-run: exit 130"
n=$(ls "$sig"/*.json 2>/dev/null | wc -l)
[ "$n" -ge 1 ] && [ "$n" -lt 5 ]; ok $? "finished runs are kept ($n of 5)"
"$VRBENCH" validate "$sig"/*.json > /dev/null 2>&1
ok $? "and every kept file is complete and valid"
is "$(ls -a "$sig" | grep -c '\.tmp')" 0 "no half-written file is left"

# --- run --jobs 2: two guests at once, every run kept once -------------------------
tiny=$dir/tiny.ini
printf '[suite]\nname = tiny\nreps = 3\n[grow]\npattern = grow\nfrom = o0\nto = o3\n' > "$tiny"
run "$VRBENCH" run --kernels 6.12,7.3 --runs 2 --jobs 2 --bench "$tiny" --output "$dir/jobs"
is "$rc" 0 "run --jobs 2 succeeds"
is "$(ls "$dir/jobs" | sed -E 's/^[0-9]+-[0-9]+-//' | sort | tr '\n' ' ')" \
	"6.12-run1.json 6.12-run2.json 7.3-run1.json 7.3-run2.json " "every kernel and run exactly once"
"$VRBENCH" validate "$dir"/jobs/*.json > /dev/null 2>&1
ok $? "all valid"
is "$(jq -r .run.session "$dir"/jobs/*.json | sort -u | wc -l)" 1 "one session for all of them"
"$VRBENCH" run --kernels 7.3 --runs 6 --jobs 2 --bench "$tiny" --output "$dir/jobs-int" > /dev/null 2>&1 &
pid=$!
for i in $(seq 1 120); do
	[ -n "$(ls "$dir"/jobs-int/*.json 2>/dev/null)" ] && break
	sleep 0.5
done
kill -INT $pid
wait $pid
is "$?" 130 "SIGINT with --jobs 2: exit 130"
n=$(ls "$dir"/jobs-int/*.json 2>/dev/null | wc -l)
[ "$n" -ge 1 ] && [ "$n" -lt 6 ] && "$VRBENCH" validate "$dir"/jobs-int/*.json > /dev/null 2>&1
ok $? "finished runs kept and valid ($n of 6), nothing half-written: $(ls -a "$dir/jobs-int" | grep -c '\.tmp') .tmp"
sleep 1
is "$(pgrep -f "run --kernels 7.3 --runs 6 --jobs 2" | wc -l)" 0 "no worker is left behind"

# --- SIGINT in the guest: the measurement's cgroup is removed -------------------------
run "$VRBENCH" vm --kernel 7.3 -- sh -c '
	printf "[slow]\npattern=pingpong\nfrom=1M\nto=4K\ncount=3000\n[walk]\npattern=walk\n" > /tmp/slow.ini
	vrbench measure --bench /tmp/slow.ini --out /tmp/r.json 2>/dev/null & pid=$!
	sleep 1; kill -INT $pid; wait $pid; echo "rc=$?"
	echo "cgroups=$(ls -d /sys/fs/cgroup/vrbench.* 2>/dev/null | wc -l)"
	[ -e /tmp/r.json ] && echo written || echo "not written"'
is "$(printf '%s' "$out" | tr '\n' ' ')" "rc=130 cgroups=0 not written" \
	"in the guest, SIGINT leaves no cgroup and no result file (exit 130)"
done_testing
