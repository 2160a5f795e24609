#!/usr/bin/env bash
# Build kmod/ for one fetched kernel, with the compiler that kernel was built
# with: the host's gcc when the major versions match (Debian 6.x on bookworm),
# the cached trixie chroot for gcc-14 kernels (Debian 7.x).  KERNEL-FACTS §5.
# Usage: build-module.sh KERNEL_DIR OUT_DIR    prints the path of the .ko
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || vrb_die "usage: build-module.sh KERNEL_DIR OUT_DIR"
kdir=$1 out=$2
src=$(cd "$(dirname "$0")/../kmod" && pwd)
ini=$kdir/kernel.ini
[ -f "$ini" ] || vrb_die "$kdir is not a fetched kernel (no kernel.ini)"
ini_get() { sed -n "s/^$1 = //p" "$ini" | head -n 1; }
build=$(ini_get build)
release=$(ini_get release)
cc=$(ini_get cc)
[ -d "$build" ] || vrb_die "kernel build directory $build is missing"

# The directories a module build reads: the build tree, what its top-level
# symlinks point at (Debian's scripts/ and tools/ in linux-kbuild-*, an O=
# tree's source/) and the Makefiles it includes (Debian's -common headers, an
# O= tree's source Makefile); the chroot sees each at its own path.  Printed
# outermost first, with anything inside an already printed directory left out.
build_tree_dirs() {
	{
		readlink -f "$1"
		find "$1" -maxdepth 2 -type l -exec readlink -e {} \; | while read -r t; do
			[ -d "$t" ] && echo "$t" || dirname "$t"
		done
		sed -n 's/^include[ \t]\{1,\}\(\/[^ ]*\)$/\1/p' "$1/Makefile" 2>/dev/null |
			while read -r f; do dirname "$(readlink -f "$f")"; done
	} | sort -u | awk '{ for (i = 1; i <= n; i++) if (index($0 "/", kept[i] "/") == 1) next;
			   kept[++n] = $0; print }'
}

cc_major=$(printf '%s\n' "$cc" | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?$' | cut -d. -f1)
host_major=$(gcc -dumpversion 2>/dev/null | cut -d. -f1)

mkdir -p "$out"
# Per-kernel copy of the sources: kbuild writes its outputs next to them.
cp -p "$src"/*.c "$src"/*.h "$src"/Kbuild "$out"/
out=$(cd "$out" && pwd)
log=$out/build.log

if [ "$cc" != "${cc#*gcc}" ] && [ "$cc_major" = "$host_major" ]; then
	make -C "$build" M="$out" modules > "$log" 2>&1 || {
		tail -n 30 "$log" >&2
		vrb_die "module build for $release failed (host gcc-$host_major; log: $log)"
	}
elif [ "$cc" != "${cc#*gcc}" ] && [ "$cc_major" = 14 ]; then
	chroot_dir=$("$(dirname "$0")/make-chroot.sh" trixie)
	mapfile -t trees < <(build_tree_dirs "$build")
	# A private mount namespace: the bind mounts vanish with the process,
	# so an interrupted build never leaves a mount behind.  Host paths are
	# kept identical inside the chroot, so the headers need no rewriting.
	# The kernel's trees are mounted read-only: a module build writes only
	# to its own directory.
	unshare -m bash -c '
		set -e
		root=$1 out=$2 build=$3
		shift 3
		for d in "$@"; do
			mkdir -p "$root$d"
			mount --bind "$d" "$root$d"
			mount -o remount,bind,ro "$root$d"
		done
		mkdir -p "$root$out"
		mount --bind "$out" "$root$out"
		mount -t proc proc "$root/proc"
		chroot "$root" make -C "$build" M="$out" CC=gcc-14 HOSTCC=gcc-14 modules
	' _ "$chroot_dir" "$out" "$build" "${trees[@]}" > "$log" 2>&1 || {
		tail -n 30 "$log" >&2
		vrb_die "module build for $release failed (trixie chroot, gcc-14; log: $log)"
	}
else
	vrb_die "kernel $release was built with '$cc'; vrbench can build modules with the host's gcc-$host_major or trixie's gcc-14 only"
fi

ko=$out/vrealloc_bench.ko
[ -f "$ko" ] || vrb_die "module build for $release produced no vrealloc_bench.ko (log: $log)"
vermagic=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
[ "$vermagic" = "$release" ] || vrb_die "built module has vermagic '$vermagic', kernel is '$release'"
echo "$ko"
