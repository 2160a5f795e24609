#!/usr/bin/env bash
# Make (once) the Debian trixie chroot in which modules for 7.x kernels are
# built: those kernels were compiled by trixie's gcc-14 and their kbuild tools
# need trixie's glibc, neither of which bookworm has (KERNEL-FACTS §5).
# Usage: make-chroot.sh [SUITE]   prints the chroot's path
set -euo pipefail
. "$(dirname "$0")/lib.sh"

suite=${1:-trixie}
dir=$VRBENCH_CACHE/chroot/$suite
if [ -f "$dir/.complete" ]; then
	echo "$dir"
	exit 0
fi
command -v debootstrap >/dev/null || vrb_die "debootstrap is missing: run 'make deps'"
mkdir -p "$VRBENCH_CACHE/chroot"
tmp=$dir.tmp.$$
trap 'rm -rf "$tmp"' EXIT
rm -rf "$dir" "$dir".tmp.*
vrb_log "creating the $suite build chroot (once; about 30 s and 500 MB)"
if ! debootstrap --variant=minbase \
	--include=gcc-14,make,libc6-dev,libelf1t64,dwarves,kmod,bc \
	"$suite" "$tmp" "$(vrb_mirror debian)" > "$VRBENCH_CACHE/chroot/$suite.log" 2>&1; then
	tail -n 20 "$VRBENCH_CACHE/chroot/$suite.log" >&2
	vrb_die "debootstrap of $suite failed (log: $VRBENCH_CACHE/chroot/$suite.log)"
fi
rm -rf "$tmp/var/cache/apt/archives/"*.deb
touch "$tmp/.complete"
mv "$tmp" "$dir"
trap - EXIT
echo "$dir"
