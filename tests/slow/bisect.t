#!/usr/bin/env bash
# make check-bisect: `vrbench bisect` on a real kernel history.  A git repository
# made from Debian's linux-source-7.3 (cached in $VRBENCH_CACHE/src/linux-7.3-git:
# one base commit), then eight commits on top touching mm/ (harmless comment
# edits) of which the fifth applies bench/regressions/c-shrink-keeps-pages.patch.
# The bisection builds each kernel for real, boots it and the good one
# alternately, runs bench/claim.ini and judges with compare --gate: it must name
# the fifth commit.
. "$(dirname "$0")/../integration/tap.sh"
plan 5
repo=$VRBENCH_CACHE/src/linux-7.3-git
pristine=$VRBENCH_CACHE/src/linux-7.3-tree

start=$(date +%s)
"$ROOT/vrbench" kernels build 7.3-src > /dev/null	# unpacks the pristine tree if needed
if [ ! -f "$repo/.vrb-base" ]; then
	rm -rf "$repo"
	cp -a "$pristine" "$repo"
	rm -f "$repo/.complete" "$repo/.version"
	git -C "$repo" init -q
	# -f: Debian's top-level .gitignore ignores everything ("/*", "!/debian/")
	git -C "$repo" add -A -f
	git -C "$repo" -c user.name=vrbench -c user.email=vrbench@localhost commit -q -m "linux-source-7.3 as Debian ships it"
	git -C "$repo" rev-parse HEAD > "$repo/.git/vrb-base"
	touch "$repo/.vrb-base"
	echo .vrb-base >> "$repo/.git/info/exclude"
fi
base=$(cat "$repo/.git/vrb-base")
git -C "$repo" checkout -q -f -B bisect-test "$base"
git -C "$repo" clean -fdxq -e .vrb-base
g() { git -C "$repo" -c user.name=vrbench -c user.email=vrbench@localhost "$@"; }
files=(mm/vmalloc.c mm/util.c mm/vmalloc.c mm/util.c "" mm/vmalloc.c mm/util.c mm/vmalloc.c)
for i in 1 2 3 4 5 6 7 8; do
	if [ "$i" = 5 ]; then
		patch -s -p1 -d "$repo" < "$ROOT/bench/regressions/c-shrink-keeps-pages.patch"
		g commit -q -am "step 5: mm/vmalloc: keep every page on shrink (planted regression)"
	else
		printf '/* vrbench bisect test: harmless edit %d */\n' "$i" >> "$repo/${files[$((i - 1))]}"
		g commit -q -am "step $i: mm: harmless edit"
	fi
done
planted=$(git -C "$repo" rev-parse --short=12 HEAD~3)
diag "repository ready: $(( $(date +%s) - start )) s; planted commit $planted"

start=$(date +%s)
run "$VRBENCH" bisect --tree "$repo" --good "$base" --bad HEAD --bench "$ROOT/bench/claim.ini" \
	--runs 3 --allow-undecided 100%
secs=$(( $(date +%s) - start ))
diag "bisect took $secs s (README: the real bisection's wall time)"
diag "$(printf '%s\n' "$err" | grep 'bisect:' | head -n 20)"
is "$rc" 0 "vrbench bisect over 8 real kernel commits finds a first bad commit"
like "$out" "$planted" "it names the planted commit ($planted)"
like "$out" "step 5: mm/vmalloc: keep every page on shrink" "with its subject"
like "$out" "resident_pages_after" "and the metric that moved"
is "$(git -C "$repo" rev-parse --abbrev-ref HEAD)" bisect-test "the tree is put back on its branch"
done_testing
