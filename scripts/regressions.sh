#!/usr/bin/env bash
# make regressions: prove the suite catches the corpus in bench/regressions/.
# Every *.patch there is one regression against 7.3's mm/vmalloc.c; its header
# says which kernel it goes on (Kernel:), which suite shows it (Suite:, default
# unless numa), and what must move: Expect-metric: (a gate finding: latency,
# moved, resident_pages_after, nr_vmalloc_held, memcg_vmalloc_bytes_held,
# node_pages, verify_errors, ...), Expect-kselftest: (a case that must fail),
# Expect-kasan: (a KASAN report in tests/guest/kasan-suite.sh).  Expect-metric:
# any (generated mutants, scripts/mutants.sh): any gate finding, or a guest
# that fails, kills it.  Suite: may name several (default numa init; init:
# bench/init.ini, booted init_on_alloc=0 init_on_free=1).
#
# Builds 7.3 from source (scripts/kernel-build.sh) and each variant, then per
# repetition one interleaved run of N runs of the unpatched kernel, a second
# registration of it, and every variant: the unpatched kernel against its twin
# (A/A: nothing may be flagged) and each variant against the unpatched kernel,
# judged by `compare --gate`; the kselftest on each variant, every repetition.  Writes
# OUT/table.tsv (one row a variant, named columns) and OUT/table.md rendered
# from it (and prints it): regression, metrics that moved, ratio with
# interval, verdict, kselftest cases that failed, unexpected findings.
# Exit 0 when every expectation held in every repetition, 1 otherwise.
#
# Usage: regressions.sh [--runs N] [--repeat R] [--jobs J] [--only a,c,...] [--out DIR] [--tag T]
#                       [--patches DIR] [--timeout S]
#   --patches DIR: the patches in DIR instead of bench/regressions/.  A variant
#   that does not build is left out of the runs and reported as such.
#   --timeout S: a guest of a run that has not finished in S seconds is a
#   failed run (its console kept), a kselftest guest in 3 S (default: vrbench's).
#   --jobs J: guests at once (vrbench run --jobs; default: the host's cores).
#   --tag T: suffix every kernel name with T, so that two runs can share a cache
#   (each then builds and registers kernels of its own).
#   --report: build and measure nothing; write the table again from OUT's results.
#   --rejudge: as --report, but judge OUT's kept runs again with today's gates
#   (config/gates.ini, or $VRBENCH_GATES) first.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

runs=5 repeat=1 jobs=$(nproc) only="" tag="" report=0 rejudge=0 pdir=bench/regressions timeout=() kself_timeout=() out=results/regressions/$(date -u +%Y%m%dT%H%M%SZ)
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--repeat) repeat=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--only) only=,$2,; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--tag) tag=$2; shift 2 ;;
	--patches) pdir=$2; shift 2 ;;
	--timeout) timeout=(--timeout "$2") kself_timeout=(--timeout "$(($2 * 3))"); shift 2 ;;
	--report) report=1; shift ;;
	--rejudge) report=1 rejudge=1; shift ;;
	*) vrb_die "usage: regressions.sh [--runs N] [--repeat R] [--jobs J] [--only a,c,...] [--out DIR] [--tag T] [--patches DIR] [--timeout S] [--report|--rejudge]" ;;
	esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
base=7.3-src$tag again=7.3-src-again$tag
log=$out/log
[ "$report" = 1 ] || : > "$log"

hdr() { sed -n "s/^$2: *//p" "$1"; }	# hdr PATCH KEY: every value of KEY
patches=()
pdir=$(cd "$pdir" && pwd) || vrb_die "no directory $pdir"
for p in "$pdir"/*.patch; do
	id=$(basename "$p" .patch)
	[ -z "$only" ] || [[ $only == *,${id%%-*},* ]] || continue
	patches+=("$p")
done
[ ${#patches[@]} -gt 0 ] || vrb_die "no patch in $pdir matches '$only'"

# A catalogue of the unpatched kernel (twice: A/A), the KASAN one, and the variants.
cat=$out/kernels.ini
{
	printf '[%s]\nsource = build\nseries = 7.3\n\n' "$base" "$again"
	for p in "${patches[@]}"; do
		id=$(basename "$p" .patch) k=$(hdr "$p" Kernel)
		printf '[%s]\nsource = build\nseries = 7.3\npatches = %s\n' "$id$tag" "$p"
		[ "$k" = 7.3-kasan ] && printf 'fragments = kasan kmemleak\n'
		echo
	done
} > "$cat"
export VRBENCH_KERNELS=$cat

builds=""
[ "$report" = 1 ] && builds="(see the first run's log)"
[ "$report" = 1 ] || vrb_log "building 7.3 from source and ${#patches[@]} variant(s) (log: $log)"
# A variant that does not build (a mutant can fail to compile) is left out of
# everything after, and named in the table; the unpatched kernel must build.
declare -A unbuilt
[ "$report" = 0 ] || for k in $(cat "$out/unbuilt" 2> /dev/null); do unbuilt[$k]=1; done
[ "$report" = 1 ] || : > "$out/unbuilt"
for k in "$base" "$again" "${patches[@]}"; do
	[ "$report" = 1 ] && break
	id=$(basename "$k" .patch)
	[[ $k == *.patch ]] && id=$id$tag
	t0=$(date +%s)
	if ! ./vrbench kernels build "$id" >> "$log" 2>&1; then
		[[ $k == *.patch ]] || vrb_die "building kernel $id failed (log: $log)"
		vrb_log "kernel $id does not build; left out (log: $log)"
		unbuilt[$(basename "$k" .patch)]=1
		echo "$(basename "$k" .patch)" >> "$out/unbuilt"
		continue
	fi
	builds+="$id=$(( $(date +%s) - t0 ))s "
done
[ "$report" = 1 ] || vrb_log "built: $builds"
built=()
for p in "${patches[@]}"; do
	[ -n "${unbuilt[$(basename "$p" .patch)]:-}" ] || built+=("$p")
done

# side DIR KERNEL: link KERNEL's result files of a run directory into DIR/KERNEL
# (none when its guests failed: the side is empty, and the gate says so)
side() {
	local f
	mkdir -p "$1/$2"
	for f in "$1"/*-"$2"-run*.json; do [ -e "$f" ] && ln -f "$f" "$1/$2/"; done
	return 0
}
# runs_of DIR KERNEL: how many runs of KERNEL DIR kept
runs_of() { find "$1/$2" -name '*.json' 2> /dev/null | wc -l; }

# judge PAIR BASE NEW: compare --gate of two sides into PAIR/compare.json (and
# .txt); prints "rc moved-metrics"
judge() {
	local rc=0
	mkdir -p "$1"
	if [ "$report" = 1 ] && [ "$rejudge" = 0 ]; then	# the exit compare --gate gave
		case $(jq -r .verdict "$1/compare.json" 2>/dev/null) in
		"no regression"*) rc=0 ;; REGRESSION*) rc=1 ;; UNDECIDED*) rc=125 ;; *) rc=2 ;;
		esac
	else
		./vrbench compare --gate --format json "$2" "$3" > "$1/compare.json" 2>> "$log" || rc=$?
		./vrbench compare "$2" "$3" > "$1/compare.txt" 2>> "$log" || true
	fi
	local moved
	moved=$(jq -r '[(.worse[] | .what | capture("^[+-]?(?<m>[a-z_0-9]+)").m),
		(if ([.cells[] | select(.verdict == "slower")] | length) > 0 then "latency" else empty end)] |
		unique | join(",")' "$1/compare.json" 2>/dev/null || echo "?")
	echo "$rc ${moved:--}"
}

# the slowest row called slower, as "ratio [lo, hi]"
slowest() {
	jq -r '[.cells[] | select(.verdict == "slower")] | max_by(.ratio) |
		if . == null then "-" else "\(.key): \(.ratio * 1000 | round / 1000) [\(.ci95[0] * 1000 | round / 1000), \(.ci95[1] * 1000 | round / 1000)]" end' \
		"$1/compare.json" 2>/dev/null || echo "-"
}

failed_cases() { sed -n 's/^not ok \([0-9]*\).*/\1/p' "$1" | paste -sd, -; }
# ktap_complete FILE: a plan "1..N" and N result lines
ktap_complete() {
	local n
	n=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$1" 2> /dev/null | head -n 1)
	[ -n "$n" ] && [ "$n" -gt 0 ] && [ "$(grep -cE '^(not )?ok [0-9]+' "$1")" -ge "$n" ]
}

# The variants a suite's gate run must catch: Kernel 7.3-src, an Expect-metric
# (a patch only the kselftest must catch needs no gate runs), that Suite.
gated() {
	local p
	for p in ${built[@]+"${built[@]}"}; do
		[ "$(hdr "$p" Kernel)" = 7.3-src ] && [ -n "$(hdr "$p" Expect-metric)" ] || continue
		[[ " $(hdr "$p" Suite) " == *" $1 "* ]] || { [ "$1" = default ] && [ -z "$(hdr "$p" Suite)" ]; } || continue
		echo "$p"
	done
}
mapfile -t gated_default < <(gated default)
mapfile -t gated_numa < <(gated numa)
mapfile -t gated_init < <(gated init)

# measure DIR BASE... -- ARGS: one interleaved `vrbench run` of every kernel
# named, each then a side of its own in DIR/KERNEL
measure() {
	local d=$1 k
	shift
	local ks=()
	while [ "$1" != -- ]; do ks+=("$1"); shift; done
	shift
	[ "$report" = 1 ] && return 0
	./vrbench run --kernels "$(IFS=,; echo "${ks[*]}")" --runs "$runs" --jobs "$jobs" \
		${timeout[@]+"${timeout[@]}"} --output "$d" "$@" >> "$log" 2>&1 || {
		# 125: some guest failed (its console log is kept); the rest are judged, and a
		# side short of runs is undecided there, never passed
		local rc=$?
		[ "$rc" = 125 ] || return 1
		vrb_log "some runs could not be measured (log: $log)"
	}
	for k in "${ks[@]}"; do side "$d" "$k"; done
}

# The kernels the kselftest runs on: the unpatched one and every 7.3-src variant.
kself_ids=(7.3-src)
for p in ${built[@]+"${built[@]}"}; do
	[ "$(hdr "$p" Kernel)" = 7.3-src ] && kself_ids+=("$(basename "$p" .patch)")
done

# kselftest R: every kernel's KTAP into OUT/repR/ID.ktap, J guests at once; then
# what failed in each, and whether every case that must fail did (and none on
# the unpatched kernel)
declare -A kself kself_same
kselftest() {
	local r=$1 id kname f cases
	mkdir -p "$out/rep$r"
	if [ "$report" = 0 ]; then
		# built here once: the guests started side by side must not make it at once
		mkdir -p "$root/build/selftests"
		make -s -C selftests/vrealloc_bench OUTPUT="$root/build/selftests" > /dev/null
		# each kernel twice: as Debian boots it, and with init_on_alloc=0
		# init_on_free=1, where init_on_free alone obliges the shrink-time
		# zeroing (under Debian's init_on_alloc=1 a kernel that ignores
		# init_on_free passes); one pool of J guests for both
		for id in "${kself_ids[@]}"; do
			kname=$id$tag
			[ "$id" = 7.3-src ] && kname=$base
			printf '%s %s -\n' "$kname" "$out/rep$r/$id.ktap"
			printf '%s %s init_on_alloc=0,init_on_free=1\n' "$kname" "$out/rep$r/$id.init_on_free.ktap"
		done | xargs -P "$jobs" -n 3 sh -c 'a=; [ "$5" = - ] || a=$(echo "$5" | tr , " ")
			./vrbench selftest --nodes 2 $2 ${a:+--append "$a"} --kernel "$3" > "$4" 2>> "$1" || true' _ \
			"$log" "${kself_timeout[*]}" || true
	fi
	for id in "${kself_ids[@]}"; do
		f=$out/rep$r/$id.ktap
		[ -f "$f" ] || f=$out/$id.ktap	# a run from before the kselftest was repeated
		# a KTAP without its plan and every result line did not run: not "none failed"
		if ! ktap_complete "$f"; then
			cases="did-not-run"
			all_ok=1
		else
			cases=$(failed_cases "$f")
		fi
		# the init_on_free boot's failures, each as CASE@init_on_free (a run
		# from before it was added has no such file and adds nothing)
		f=$out/rep$r/$id.init_on_free.ktap
		if [ -f "$f" ] && [ "$cases" != did-not-run ]; then
			if ! ktap_complete "$f"; then
				cases+="${cases:+,}did-not-run@init_on_free"
			else
				cases+=$(failed_cases "$f" | sed 's/\([0-9][0-9]*\)/\1@init_on_free/g; s/^./,&/')
				cases=${cases#,}
			fi
		fi
		if [ "$r" = 1 ]; then
			kself[$id]=$cases kself_same[$id]=1
		elif [ "$cases" = "${kself[$id]}" ]; then
			kself_same[$id]=$((kself_same[$id] + 1))
		else
			kself[$id]="${kself[$id]} / $cases"
		fi
		if [ "$id" = 7.3-src ]; then
			[ -z "$cases" ] || all_ok=1
			continue
		fi
		for c in $(hdr "$pdir/$id.patch" Expect-kselftest); do
			[[ ,$cases, == *,$c,* ]] || all_ok=1
		done
	done
}

declare -A caught aa_flags r_moved r_rc r_slow
all_ok=0
for r in $(seq 1 "$repeat"); do
	# One run of the base, its A/A twin and every gated variant, interleaved,
	# so each variant is judged against the same base runs (and drift spreads
	# over all of them); the NUMA suite's variants likewise on a 2-node guest,
	# the init suite's on guests booted init_on_alloc=0 init_on_free=1.
	for suite in default numa init; do
		d=$out/rep$r/$suite
		case $suite in
		default)
			set -- ${gated_default[@]+"${gated_default[@]}"}
			extra=() ks=("$base" "$again") ;;
		numa)
			set -- ${gated_numa[@]+"${gated_numa[@]}"}
			extra=(--bench bench/numa.ini --nodes 2 --cpus 2) ks=("$base") ;;
		init)
			set -- ${gated_init[@]+"${gated_init[@]}"}
			extra=(--bench bench/init.ini) ks=("$base") ;;
		esac
		[ "$suite" = default ] || [ $# -gt 0 ] || continue
		for p in "$@"; do ks+=("$(basename "$p" .patch)$tag"); done
		vrb_log "repetition $r: the $suite suite on ${ks[*]}, $runs runs each"
		ok=1
		measure "$d" "${ks[@]}" -- ${extra[@]+"${extra[@]}"} || ok=0
		if [ "$suite" = default ]; then
			if [ "$ok" = 1 ]; then
				read -r rc moved <<< "$(judge "$out/rep$r/aa" "$d/$base" "$d/$again")"
			else
				rc=run-failed moved=?
			fi
			aa_flags[$r]="exit $rc, flagged: $moved"
			[ "$moved" = - ] || all_ok=1
		fi
		for p in "$@"; do
			id=$(basename "$p" .patch)
			# a patch judged in both suites keeps one judgement of each
			jd=$out/rep$r/$id
			[ "$(hdr "$p" Suite | wc -w)" -gt 1 ] && jd=$jd.$suite
			# --report of a variant OUT never ran: no verdict to read (judged
			# here, it would count as a guest that failed: killed)
			[ "$report" = 0 ] || [ -f "$jd/compare.json" ] || [ "$(runs_of "$d" "$id$tag")" -gt 0 ] ||
				vrb_die "--report: $out holds no $suite run of $id (--only names more than it ran?)"
			if [ "$ok" = 1 ]; then
				read -r rc moved <<< "$(judge "$jd" "$d/$base" "$d/$id$tag")"
			else
				rc=run-failed moved=?
			fi
			# a side its guests left short (panic, hang: run exit 125, the
			# console kept in the log) is itself a finding
			if [ "$ok" = 1 ] && [ "$(runs_of "$d" "$id$tag")" -lt "$runs" ]; then
				moved="${moved%-}${moved:+,}guest-failed"
				moved=${moved#,}
			fi
			r_moved[$id]+="${r_moved[$id]:+,}$moved"
			r_rc[$id]+="${r_rc[$id]:+ }$suite=$rc"
			slow=$(slowest "$jd")
			[ "$slow" = - ] || r_slow[$id]=$slow
		done
	done
	# what each gated variant moved in this repetition, over its suites
	for p in ${gated_default[@]+"${gated_default[@]}"} ${gated_numa[@]+"${gated_numa[@]}"} \
		${gated_init[@]+"${gated_init[@]}"}; do
		id=$(basename "$p" .patch)
		[ -n "${r_rc[$id]:-}" ] || continue
		moved=$(tr ',' '\n' <<< "${r_moved[$id]}" | { grep -vx -- - || true; } | sort -u | paste -sd, -)
		want=$(hdr "$p" Expect-metric | paste -sd, -)
		hit=yes
		if [ "$want" = any ]; then
			# killed by any finding, or by a guest that failed
			[[ " ${r_rc[$id]} " == *"=1 "* ]] || [[ ,$moved, == *,guest-failed,* ]] || hit=no
		else
			for m in $(hdr "$p" Expect-metric); do
				[[ ,$moved, == *,$m,* ]] || hit=no
			done
		fi
		[ "$hit" = no ] && all_ok=1
		caught[$id]+="$r:$hit:${r_rc[$id]}:${moved:--}:${r_slow[$id]:--}"$'\n'
		unset "r_moved[$id]" "r_rc[$id]" "r_slow[$id]"
	done
	[ "$report" = 1 ] || vrb_log "repetition $r: the kselftest on ${#kself_ids[@]} kernels"
	kselftest "$r"
done

# the KASAN variant(s): the same guest script as make check-kasan
declare -A kasan
for p in "${patches[@]}"; do
	id=$(basename "$p" .patch)
	[ "$(hdr "$p" Kernel)" = 7.3-kasan ] || continue
	[ "$report" = 1 ] && [ -f "$out/$id.kasan" ] && continue_kasan=1 || continue_kasan=0
	if [ "$continue_kasan" = 0 ]; then
		vrb_log "$id: the KASAN suite"
		# the selftest binary goes into the guest: built only when a guest runs
		mkdir -p "$root/build/selftests"
		make -s -C selftests/vrealloc_bench OUTPUT="$root/build/selftests" > /dev/null
		./vrbench vm --kernel "$id$tag" --no-module --cpus 2 --timeout 3600 \
			--file tests/guest/kasan-suite.sh --file tests/guest/kmod-teardown.sh \
			--file build/selftests/vrealloc_bench_test -- sh kasan-suite.sh 5 > "$out/$id.kasan" 2>> "$log" || true
	fi
	kasan[$id]=$(sed -n 's/^kasan_reports=//p' "$out/$id.kasan")
	[ "${kasan[$id]:-0}" -gt 0 ] || all_ok=1
done

# One row a variant, tab-separated under a header of column names: what
# scripts/mutants.sh reads (by name, not position), and what table.md renders.
tsv_row() { local IFS=$'\t'; printf '%s\n' "$*"; }
{
	tsv_row id must_move caught moved gate_exit slowest kselftest_failed kselftest_same expected_cases
	tsv_row none nothing - "${aa_flags[*]}" - - "${kself[7.3-src]:-none}" "${kself_same[7.3-src]:-0}" none
	for p in "${patches[@]}"; do
		id=$(basename "$p" .patch)
		want=$(hdr "$p" Expect-metric | paste -sd, -)
		cases=$(hdr "$p" Expect-kselftest | paste -sd, -)
		if [ "$(hdr "$p" Kernel)" = 7.3-kasan ]; then
			tsv_row "$id" "KASAN report" "${kasan[$id]:-0} report(s)" - - - - - -
			continue
		fi
		if [ -n "${unbuilt[$id]:-}" ]; then
			tsv_row "$id" "${want:--}" "did not build" - - - - - "${cases:--}"
			[ "$want" = any ] || all_ok=1
			continue
		fi
		line=${caught[$id]:-}
		n=$(printf '%s' "$line" | grep -c '^[0-9]*:yes:' || true)
		last=$(printf '%s' "$line" | grep . | tail -n 1 || true)
		IFS=: read -r _ hit rc moved slow <<< "$last"
		[ -n "$want" ] && got="$n of $repeat" || got="(kselftest)"
		tsv_row "$id" "${want:--}" "$got" "${moved:--}" "${rc:--}" "${slow:--}" "${kself[$id]:-none}" \
			"${kself_same[$id]:-0}" "${cases:--}"
	done
} > "$out/table.tsv"
{
	echo "# vrbench regression corpus: $(date -u +%Y-%m-%d), $runs runs a side, $repeat repetition(s)"
	echo
	echo "Kernels built from linux-source-7.3 (tinyconfig + config/kernel/vrbench.config): $builds"
	echo
	echo "| regression | must move | caught (repetitions) | moved (gate findings, last repetition) | gate exit (suite=exit) | slowest row (ratio [95 % CI]) | kselftest failed | expected cases |"
	echo "|---|---|---|---|---|---|---|---|"
	awk -F'\t' -v rep="$repeat" 'NR == 1 { next }
		$1 == "none" { $1 = "none: 7.3-src vs itself (A/A)"; $5 = $6 = "" }
		$2 == "KASAN report" { $4 = $5 = $6 = $7 = $9 = ""; $8 = "-" }
		$3 == "did not build" { $4 = $5 = $6 = $7 = ""; $8 = "-" }
		{ k = $8 == "-" ? $7 : $7 " (the same in " $8 " of " rep ")"
		  printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, k, $9 }' "$out/table.tsv"
} > "$out/table.md"
cat "$out/table.md"
echo "results and logs: $out"
exit $all_ok
