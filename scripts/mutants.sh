#!/usr/bin/env bash
# make mutants: how much of vrealloc's behaviour the suite and the kselftest
# see, measured on mutants generated from the code under test, not picked by
# hand.  `vrbench mutants` writes one patch per mutant of 7.3's mm/vmalloc.c
# (vrealloc_node_align_noprof, vm_area_free_pages: every condition negated,
# statement dropped, comparison off by one, min/max swapped, page count one
# more); scripts/regressions.sh --patches builds each on the 7.3 base and
# judges it like the corpus (the default and NUMA suites against unpatched
# 7.3, the kselftest on it).  A mutant is killed when the gate finds anything,
# a guest fails (panic, hang: the console log is kept), or a kselftest case
# fails; one that does not compile is counted apart.
#
# bench/mutants-known.txt names the survivors already looked at, each with why
# (equivalent: no behaviour can tell it from 7.3; gap: a behaviour nothing
# observes yet).  Writes OUT/mutants.md and prints it.  Exit 0 when every
# survivor is known, 1 when one is new (the suite lost sight of something, or
# the source moved: read the table), 2 when the run itself failed.
#
# Usage: mutants.sh [--runs N] [--jobs J] [--only ID,ID...] [--out DIR] [--timeout S] [--report]
#   --report: build and measure nothing; judge OUT's kept run again (after an
#   edit of bench/mutants-known.txt, say) and write mutants.md anew.
#   --timeout: a guest that has not finished a run in S seconds (default 120;
#   a kselftest 3 S) failed: a mutant that hangs the kernel costs minutes, not
#   vrbench's default of ten.
#   --only: these mutant ids only (the first column of a table; to re-check
#   a few after a change).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

runs=3 jobs=$(nproc) timeout=120 only="" report=() out=results/mutants/$(date -u +%Y%m%dT%H%M%SZ)
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--only) only=,$2,; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--report) report=(--report); shift ;;
	*) vrb_die "usage: mutants.sh [--runs N] [--jobs J] [--only ID,ID...] [--out DIR] [--timeout S] [--report]" ;;
	esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)

# 7.3's mm/vmalloc.c as the base kernel is built from it: the unpacked tree
# when kernel-build.sh has made it, else straight from the pinned tarball
srcdir=$(scripts/kernel-source.sh 7.3)
ver=$(cat "$srcdir/.version")
tree=$VRBENCH_CACHE/src/linux-7.3-tree
if [ -f "$tree/.complete" ] && [ "$(cat "$tree/.version")" = "$ver" ]; then
	cp "$tree/mm/vmalloc.c" "$out/vmalloc.c"
else
	tar -xJOf "$VRBENCH_CACHE/src/linux-source-7.3${ver:+_$ver}.tar.xz" --wildcards '*/mm/vmalloc.c' \
		> "$out/vmalloc.c" || vrb_die "cannot read mm/vmalloc.c from linux-source-7.3 $ver"
fi
rm -rf "$out/patches" "$out/all"
./vrbench mutants --out "$out/all" "$out/vmalloc.c" > "$out/ids" || vrb_die "vrbench mutants failed"
mkdir -p "$out/patches"
n=0
while read -r id; do
	[ -z "$only" ] || [[ $only == *,$id,* ]] || continue
	ln "$out/all/$id.patch" "$out/patches/"
	n=$((n + 1))
done < "$out/ids"
[ "$n" -gt 0 ] || vrb_die "no mutant matches '$only' (ids: $out/ids)"
vrb_log "$n mutants of linux-source-7.3 $ver's mm/vmalloc.c (patches: $out/patches); each is built (about a minute) and judged"

rc=0
# --report writes the table anew; the kept one waits aside so that a report
# that stops half-way is not read over the old table, and is not lost either
[ -z "${report[*]-}" ] || [ ! -f "$out/run/table.tsv" ] || mv "$out/run/table.tsv" "$out/run/table.tsv.kept"
scripts/regressions.sh --patches "$out/patches" --runs "$runs" --jobs "$jobs" --timeout "$timeout" \
	--out "$out/run" ${report[@]+"${report[@]}"} || rc=$?
if [ ! -f "$out/run/table.tsv" ]; then
	[ ! -f "$out/run/table.tsv.kept" ] || mv "$out/run/table.tsv.kept" "$out/run/table.tsv"
	vrb_die "regressions.sh wrote no table (exit $rc; log: $out/run/log)"
fi
rm -f "$out/run/table.tsv.kept"
# col ID NAME: the column NAME of variant ID's row in regressions.sh's table.tsv
col() {
	awk -F'\t' -v id="$1" -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
		$1 == id && c { print $c; exit }' "$out/run/table.tsv"
}
# its A/A row: the base against its twin must stay clean, or nothing here counts
aa=$(col none moved)
[[ $aa == *"flagged: -"* ]] || vrb_die "the unpatched kernel against itself was flagged ($aa): the run says nothing of the mutants"
# and the kselftest must pass on it in full, or a "failed" case says nothing
aa_kself=$(col none kselftest_failed)
[ "$aa_kself" = none ] || vrb_die "the kselftest on the unpatched kernel: $aa_kself (log: $out/run/log)"

# same_code ID: the mutated file compiles to the same machine code as in the
# unpatched build (kernel-build.sh's kbuild/base-7.3 and kbuild/ID; relocations
# named, so a call that changes target differs): no behaviour can tell them
# apart, and the mutant is equivalent under this config whatever the source
# says (a dropped call to a function Debian's config compiles empty, say)
same_code() {
	local f o
	f=$(sed -n 's|^+++ b/\(.*\)\.c$|\1.o|p' "$out/patches/$1.patch" | head -n 1)
	for o in "$VRBENCH_CACHE/kbuild/base-7.3/out/$f" "$VRBENCH_CACHE/kbuild/$1/out/$f"; do
		[ -n "$f" ] && [ -f "$o" ] || return 1
	done
	cmp -s <(objdump -dr --no-show-raw-insn "$VRBENCH_CACHE/kbuild/base-7.3/out/$f" | tail -n +3) \
		<(objdump -dr --no-show-raw-insn "$VRBENCH_CACHE/kbuild/$1/out/$f" | tail -n +3)
}

declare -A known
while read -r id reason; do
	[ -n "$id" ] && [ "${id#\#}" = "$id" ] && known[$id]=$reason
done < bench/mutants-known.txt

killed=0 gate=0 gate_only=0 kself=0 kself_crash=0 crash=0 unbuilt=0 equiv=0 gaps=0 new=0
rows=""
while read -r id; do
	[ -f "$out/patches/$id.patch" ] || continue
	caught=$(col "$id" caught) moved=$(col "$id" moved) grc=$(col "$id" gate_exit)
	kfail=$(col "$id" kselftest_failed)
	what=$(sed -n 's/^Mutant: //p' "$out/patches/$id.patch")
	change=$(grep '^+[^+]' "$out/patches/$id.patch" | head -n 1 | cut -c2- | xargs | cut -c1-70)
	if [ "$caught" = "did not build" ]; then
		unbuilt=$((unbuilt + 1)) verdict="does not compile"
	elif [[ $caught == 1* ]] || [ "$kfail" != none ]; then
		killed=$((killed + 1)) by=()
		[[ $caught == 1* ]] && by+=("gate: $moved") && gate=$((gate + 1))
		[[ $moved == *guest-failed* ]] && crash=$((crash + 1))
		# did-not-run: the kernel panicked or hung under the kselftest, which
		# upstream's runner reports as a failure too
		[ "$kfail" = none ] && gate_only=$((gate_only + 1))
		if [ "$kfail" = did-not-run ]; then
			by+=("kselftest: the kernel crashed or hung under it") kself_crash=$((kself_crash + 1))
		elif [ "$kfail" != none ]; then
			by+=("kselftest: $kfail") kself=$((kself + 1))
		fi
		verdict="killed ($(IFS=';'; echo "${by[*]}" | sed 's/;/; /g'))"
	elif same_code "$id"; then
		equiv=$((equiv + 1))
		verdict="survived, equivalent: compiles to the same machine code as 7.3's ($(sed -n 's|^+++ b/\(.*\)\.c$|\1.o|p' "$out/patches/$id.patch" | head -n 1), objdump -dr)${known[$id]:+; ${known[$id]#equivalent: }}"
	elif [ -n "${known[$id]:-}" ]; then
		case ${known[$id]} in
		equivalent:*) equiv=$((equiv + 1)) ;;
		*) gaps=$((gaps + 1)) ;;
		esac
		verdict="survived, known: ${known[$id]}"
	else
		new=$((new + 1)) verdict="**survived, new** (gate exit: $grc)"
	fi
	rows+="| $id | $what | \`$change\` | $verdict |"$'\n'
done < "$out/ids"

total=$((killed + equiv + gaps + new))
# no non-equivalent mutant has no score: "0 %" would read as all survived
score=$(awk -v k="$killed" -v t="$((total - equiv))" \
	'BEGIN { if (t) printf "%.0f %%", 100 * k / t; else printf "n/a (no non-equivalent mutant)" }')
{
	echo "# vrbench mutants: $(date -u +%Y-%m-%d), linux-source-7.3 $ver, $runs runs a side"
	echo
	echo "$n mutants; $unbuilt do not compile; of the $total that do: **$killed killed** ($gate by the gate," \
		"$kself by a failed kselftest case, $kself_crash by a kernel that crashed or hung under the kselftest," \
		"$crash with a guest of the suites that failed; $gate_only by the gate alone, which the kselftest missed), $equiv equivalent, $gaps known gaps," \
		"$new new survivors.  Mutation score (killed of the non-equivalent): **$score**."
	echo
	echo "| mutant | operator, where | the line it becomes | verdict |"
	echo "|---|---|---|---|"
	printf '%s' "$rows"
	echo
	echo "Built and judged by scripts/regressions.sh (its table: run/table.md, its log: run/log)."
} > "$out/mutants.md"
cat "$out/mutants.md"
echo "results and logs: $out"
[ "$rc" -le 1 ] || exit 2
[ "$new" = 0 ] || exit 1
exit 0
