#!/usr/bin/env bash
# Build the kernel of a git tree (its checked-out revision) for benchmarking:
# tinyconfig + config/kernel/vrbench.config (+ more fragments), bzImage and
# modules, incrementally in one O= directory per tree.  Fails loudly when a
# fragment symbol did not survive the merge (merge_config/olddefconfig drop
# unmet symbols silently).
# Usage: build-kernel.sh TREE OUT_DIR [FRAGMENT...]   prints OUT_DIR when it succeeded
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || vrb_die "usage: build-kernel.sh TREE OUT_DIR [FRAGMENT...]"
tree=$(cd "$1" && pwd) out=$2
shift 2
frags=("$(cd "$(dirname "$0")/.." && pwd)/config/kernel/vrbench.config")
for f in "$@"; do
	[ -f "$f" ] || vrb_die "no Kconfig fragment $f"
	frags+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
log=$out/build.log
{
	make -C "$tree" O="$out" tinyconfig
	(cd "$out" && "$tree/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${frags[@]}")
	make -C "$tree" O="$out" olddefconfig
} > "$log" 2>&1 || { tail -n 20 "$log" >&2; vrb_die "configuring $tree failed (log: $log)"; }
missing=$(cat "${frags[@]}" | grep -E '^CONFIG_[A-Z0-9_]+=' | sort -u | while IFS= read -r line; do
	grep -qx "$line" "$out/.config" || echo "${line%%=*}"
done)
[ -z "$missing" ] || vrb_die "the kernel's .config lacks: $(echo $missing) (unknown or unmet in this tree)"
make -C "$tree" O="$out" -j"$(nproc)" bzImage modules >> "$log" 2>&1 ||
	{ tail -n 20 "$log" >&2; vrb_die "building $tree failed (log: $log)"; }
echo "$out"
