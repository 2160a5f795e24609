#!/usr/bin/env bash
# The vrealloc kselftest on 6.1, 6.12 and 7.3: its KTAP parsed by prove (a real
# TAP consumer) and compared case by case with README's table; then on 7.3,
# each fault injection of the module makes its matching cases fail.
. "$(dirname "$0")/tap.sh"
plan 21
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# README's table: "| N what | 6.1 | 6.12 | 7.3 |" rows under "Expected results".
expected() {	# expected KERNEL -> "1:pass 2:pass ..."
	awk -v k="$1" -F'|' '
		/^## The kselftest/ { on = 1 } on && /^\| case/ { for (i = 2; i <= NF; i++) { gsub(/ /, "", $i); if ($i == k) col = i } next }
		on && col && /^\| [0-9]/ { split($2, c, " "); v = $col; gsub(/ /, "", v); printf "%s:%s ", c[1], v }
		on && /^$/ && col { exit }' "$ROOT/README.md"
}
# statuses from KTAP lines: pass, skip, xfail, fail
statuses() {
	sed -nE 's/^ok ([0-9]+) # SKIP.*/\1:skip/p; s/^ok ([0-9]+) # XFAIL.*/\1:xfail/p;
		s/^ok ([0-9]+)( [^#].*|)$/\1:pass/p; s/^not ok ([0-9]+).*/\1:fail/p' "$1" | tr '\n' ' '
}
# prove's verdict on a KTAP file: its list of failed tests ("" when all passed)
prove_failed() {
	prove -e cat "$1" 2>&1 | sed -n 's/^ *Failed tests\{0,1\}: *//p' | tr -d ' ' |
	tr ',' '\n' | awk -F- '{ for (i = $1; i <= ($2 ? $2 : $1); i++) printf "%d ", i }'
}

for k in 6.1 6.12 7.3; do
	"$VRBENCH" selftest --kernel $k > "$tmp/$k.ktap" 2> "$tmp/$k.err"
	rc=$?
	want_rc=0; [ $k = 6.1 ] && want_rc=4
	is "$rc" "$want_rc" "$k: vrbench selftest exits with the kselftest code $want_rc"
	is "$(statuses "$tmp/$k.ktap")" "$(expected $k)" "$k: every case as README's table says"
	prove -e cat "$tmp/$k.ktap" > "$tmp/$k.prove" 2>&1
	ok $? "$k: prove accepts the KTAP (all passed or skipped)"
	like "$(cat "$tmp/$k.prove")" "^Result: PASS" "$k: prove's result is PASS"
done
# TAP::Parser (prove's parser) counts the skips itself.
skips=$(perl -MTAP::Parser -e 'local $/; open(my $f, "<", $ARGV[0]) or die; my $p = TAP::Parser->new({ tap => <$f> });
	my $n = 0; while (my $r = $p->next) { $n++ if $r->is_test && $r->has_skip } print $n' "$tmp/6.1.ktap")
is "$skips" 10 "6.1: TAP::Parser sees all 10 cases skipped"

# Each injection and the cases it must break (the others may fail too).
for inj in corrupt_after_grow:1 "move_on_resize:2 3" dirty_grow:4 "skew_resident:5 6 7" leak_page:7 hold_tail:5; do
	name=${inj%%:*} cases=${inj#*:}
	run_guest "$VRBENCH" selftest --kernel 7.3 --module-args "inject=$name"
	printf '%s\n' "$out" > "$tmp/$name.ktap"
	failed=" $(prove_failed "$tmp/$name.ktap")"
	hit=0
	for c in $cases; do
		case "$failed" in *" $c "*) ;; *) hit=1 ;; esac
	done
	[ "$rc" = 1 ] && [ "$hit" = 0 ]
	st=$?
	ok $st "inject=$name: case(s) $cases fail (prove: failed$failed; exit $rc)"
	[ $st = 0 ] || diag "stderr:" "$(printf '%s' "$err" | tail -n 25)"
done

# The selftest builds inside a kernel tree too, with lib.mk.
ksft=$VRBENCH_CACHE/src/linux-7.3/tools/testing/selftests
mkdir -p "$tmp/tree/tools/testing/selftests"
cp "$ksft/lib.mk" "$ksft/kselftest.h" "$ksft/kselftest_harness.h" "$tmp/tree/tools/testing/selftests/"
cp -r "$ROOT/selftests/vrealloc_bench" "$tmp/tree/tools/testing/selftests/"
# as a developer types it: not as a sub-make of `make check` (lib.mk then expects
# the selftests Makefile to have set OUTPUT)
env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS make -s -C "$tmp/tree/tools/testing/selftests/vrealloc_bench" \
	> "$tmp/tree.log" 2>&1
ok $? "the selftest builds in a kernel tree with lib.mk"
[ -x "$tmp/tree/tools/testing/selftests/vrealloc_bench/vrealloc_bench_test" ]
ok $? "and produces vrealloc_bench_test there"
done_testing
