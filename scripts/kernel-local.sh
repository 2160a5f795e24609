#!/usr/bin/env bash
# Register a kernel of the user's own (an image plus its build or headers
# tree) in the cache, in the same layout as a fetched Debian kernel, so that
# everything after this step treats both alike.  Cheap: re-run on every use,
# since the user's tree may have been rebuilt.
# Usage: kernel-local.sh NAME VMLINUZ BUILD_DIR    prints the kernel directory
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 3 ] || vrb_die "usage: kernel-local.sh NAME VMLINUZ BUILD_DIR"
name=$1 image=$2 build=$3
[ -f "$image" ] || vrb_die "kernel '$name': image $image does not exist"
[ -d "$build" ] || vrb_die "kernel '$name': build directory $build does not exist"
[ -f "$build/.config" ] || vrb_die "kernel '$name': $build has no .config (not a configured kernel tree)"
[ -f "$build/include/generated/utsrelease.h" ] ||
	vrb_die "kernel '$name': $build/include/generated/utsrelease.h is missing (build the kernel first)"
[ -f "$build/Module.symvers" ] ||
	vrb_die "kernel '$name': $build has no Module.symvers ('make modules_prepare' is not enough: build bzImage modules)"
grep -q '^CONFIG_MODULES=y' "$build/.config" ||
	vrb_die "kernel '$name': $build/.config has no CONFIG_MODULES=y"

image=$(cd "$(dirname "$image")" && pwd)/$(basename "$image")
build=$(cd "$build" && pwd)
kdir=$VRBENCH_CACHE/kernels/local-$name
tmp=$kdir.tmp.$$
trap 'rm -rf "$tmp"' EXIT
rm -rf "$tmp"
mkdir -p "$tmp"
ln -s "$image" "$tmp/vmlinuz"
{
	echo "[kernel]"
	echo "name = $name"
	echo "abi = local-$name"
	echo "release = $(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$build/include/generated/utsrelease.h")"
	echo "build = $build"
	echo "cc = $(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"/\1/p' "$build/.config")"
	echo "image = $image"
} > "$tmp/kernel.ini"
touch "$tmp/.complete"
rm -rf "$kdir"
mv "$tmp" "$kdir"
trap - EXIT
echo "$kdir"
