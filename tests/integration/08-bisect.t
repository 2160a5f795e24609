#!/usr/bin/env bash
# vrbench bisect end to end on a synthetic git repository: commits 1-4 fine,
# commit 5 makes the regrow cell 30 % slower.  A stand-in measure command
# (tests/bisect-standin.sh) replaces building and booting each revision; the
# bisection, the interleaved baseline, the gate and git bisect run are the
# real ones.  Then a history whose commit 5 changes the results' clock: an
# input error, which must abort the bisection, not blame commit 5.
. "$(dirname "$0")/tap.sh"
plan 13
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
git -C "$repo" init -q -b main
for n in 1 2 3 4 5 6 7 8; do
	[ $n -ge 5 ] && echo 30 > "$repo/slowdown" || echo 0 > "$repo/slowdown"
	echo "$n" > "$repo/commit"
	git -C "$repo" add -A
	git -C "$repo" -c user.name=t -c user.email=t@t commit -q -m "commit $n"
done
good=$(git -C "$repo" rev-list --reverse HEAD | head -n 1)
want=$(git -C "$repo" rev-list --reverse HEAD | sed -n 5p)

export STANDIN_LOG=$repo.log
run "$VRBENCH" bisect --tree "$repo" --good "$good" --bad main --runs 5 \
	--measure-cmd "$ROOT/tests/bisect-standin.sh"
is "$rc" 0 "bisect finds a first bad commit"
like "$out" "^first bad commit: ${want:0:7}[0-9a-f]* commit 5$" "and it is commit 5"
like "$out" "^regrow #1 grow 16384->262144 .*slower$" "with its comparison table: regrow slower"
is "$(printf '%s\n' "$err" | grep -c 'bisect: [0-9a-f]* is ')" 3 "a log line per step (3 steps for 7 commits)"
is "$(git -C "$repo" rev-parse --abbrev-ref HEAD)" main "the tree is back on its branch afterwards"
is "$(git -C "$repo" worktree list | wc -l)" 1 "and the good revision's worktree is gone"
steps=$(awk '{ print $1 }' "$STANDIN_LOG" | paste -sd' ')
is "$steps" "$(for i in $(seq 15); do printf 'good new '; done | sed 's/ $//')" \
	"each step measured the good revision and its own alternately (good, new, ...: 5 pairs a step)"
is "$(awk '$1 == "good" { print $2 }' "$STANDIN_LOG" | sort -u)" 1 "the good side is always the good commit"

# --- an input error mid-bisection -----------------------------------------------
rm -f "$STANDIN_LOG"
echo icount > "$repo/clock"
git -C "$repo" add -A
git -C "$repo" -c user.name=t -c user.email=t@t commit -q -m "commit 9: results on another clock"
run "$VRBENCH" bisect --tree "$repo" --good "$(git -C "$repo" rev-parse HEAD~1)" --bad main --runs 5 \
	--measure-cmd "$ROOT/tests/bisect-standin.sh"
is "$rc" 2 "a step whose results cannot be compared aborts the bisection (exit 2)"
like "$out" "^bisection aborted" "and says so, naming no first bad commit"
like "$err" "not comparable: clock differs" "with the reason"

run "$VRBENCH" bisect --tree "$repo" --good nosuchrev --bad main --measure-cmd true
is "$rc" 2 "an unknown revision is a usage error"
run "$VRBENCH" bisect --tree /nonexistent --good a --bad b
is "$rc" 2 "a tree that is not a git tree is a usage error"
done_testing
