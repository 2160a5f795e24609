#!/usr/bin/env bash
# make check-coverage: `vrbench coverage` on 7.3-gcov (7.3 from source, the
# kernel's gcov on mm/vmalloc.c only: config/kernel/gcov.config and
# gcov-vmalloc.patch).  About 5 min the first time (the kernel build), then
# six guests (nothing, the control; default suite; numa suite on two nodes;
# the kselftest, also booted init_on_alloc=0 init_on_free=1 and with both off).
. "$(dirname "$0")/../integration/tap.sh"
plan 13
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

start=$(date +%s)
run "$VRBENCH" kernels build 7.3-gcov
is "$rc" 0 "7.3-gcov is built (or already was) ($(( $(date +%s) - start )) s)"

# a kernel without gcov: said before any boot
run "$VRBENCH" coverage --kernel 7.3 --out "$dir/none"
is "$rc" 2 "coverage on Debian's 7.3: exit 2"
like "$err" "has no .*/mm/vmalloc\.gcno: not built with gcov" "saying what it lacks"

start=$(date +%s)
run "$VRBENCH" coverage --out "$dir/cov"
is "$rc" 0 "coverage: six sources, each with its counts ($(( $(date +%s) - start )) s)"
diag "$out"
j=$dir/cov/coverage.json
# the shrink/grow split is taken both ways by the default suite, which never
# calls vrealloc(p, 0): its counts are its own, not the boot's or the kselftest's
row() { jq -r --arg s "$2" --argjson l "$1" \
	'.vrealloc_node_align_noprof.branch_lines[] | select(.code | startswith($s)) | "\(.[$l].taken)/\(.[$l].of)"' "$j"; }
is "$(row '"default"' 'if (size <= old_size)')" "2/2" "default suite: shrinks and grows (both outcomes of size <= old_size)"
is "$(row '"default"' 'if (!size)')" "1/2" "default suite: never size 0"
# after the reset only the harness's own processes run: their vmap'd stacks
# (a vmalloc and a vfree each); boot and module load alone make 57 vmallocs
is "$(jq -r '[.calls.vrealloc_node_align_noprof.idle, (.calls.__vmalloc_node_range_noprof.idle < 10)] | join(" ")' "$j")" "0 true" \
	"the control (a guest that runs nothing after the reset): no vrealloc, a few vmallocs (boot's are not counted)"
like "$(jq -r '[.calls.vfree.default, .calls.vrealloc_node_align_noprof.default] | join(" ")' "$j")" "^[1-9][0-9]* [1-9][0-9]*$" \
	"the default suite's own calls are counted"
is "$(row '"kselftest"' 'if (!size)')" "2/2" "the kselftest: vrealloc(p, 0) frees"
is "$(row '"kselftest"' 'if (!n)')" "2/2" "the kselftest: a grow past all of RAM fails (edges step fail)"
is "$(row '"any"' 'if (want_init_on_free()')" "4/4" \
	"the shrink's zeroing condition takes all four outcomes over the three kselftest boots"
lines=$(jq '.vrealloc_node_align_noprof.default.lines' "$j")
ok "$([ "${lines:-0}" -gt 20 ] && echo 0 || echo 1)" "the whole function is in the table ($lines lines with code)"
like "$(cat "$dir/cov/coverage.md")" "^\| [0-9]+ \| \`if \(unlikely\(flags & __GFP_THISNODE\)" \
	"coverage.md: a row per branch line, its code"
done_testing
