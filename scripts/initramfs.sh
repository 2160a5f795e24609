#!/usr/bin/env bash
# Pack the guest's initramfs.  Two parts, concatenated at boot (the kernel
# unpacks every cpio archive it finds in the initrd):
#   base KO RUNNER OUT  busybox, /init, the module, vrbench and its libraries;
#                    built once per kernel
#   job DIR OUT      the job: DIR's files under /vrbench/job; built per boot
#   rootfs DIR OUT   a userspace (a Debian tree: debootstrap, a chroot) as
#                    /vrbench/root, appended to OUT; the job runs chrooted there
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pack() { (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0); }

case ${1:-} in
base)
	[ $# -eq 4 ] || vrb_die "usage: initramfs.sh base KO|- RUNNER|- OUT"
	ko=$2 runner=$3 out=$4
	bb=/bin/busybox
	# A dynamic busybox would need its libraries in the guest.
	if [ ! -x "$bb" ] || readelf -l "$bb" | grep -q INTERP; then
		vrb_die "$bb is not the static busybox: run 'make deps' (busybox-static)"
	fi
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/bin" "$tmp/vrbench/bin" "$tmp/dev"
	cp "$bb" "$tmp/bin/busybox"
	install -m 0755 "$(dirname "$0")/guest-init.sh" "$tmp/init"
	[ "$ko" = - ] || cp "$ko" "$tmp/vrbench/vrealloc_bench.ko"
	if [ "$runner" != - ]; then
		# The runner is dynamically linked (hwloc needs libudev, which has no
		# static build): its libraries and loader go in at their own paths.
		cp "$runner" "$tmp/vrbench/bin/vrbench"
		ldd "$runner" | awk '/=> \// { print $3 } /^\t\// { print $1 }' | while read -r lib; do
			mkdir -p "$tmp$(dirname "$lib")"
			cp -L "$lib" "$tmp$lib"
		done
	fi
	# a name of this process's own: two guests may pack one kernel's base at once
	pack "$tmp" | gzip -1 > "$out.tmp.$$"
	mv "$out.tmp.$$" "$out"
	;;
job)
	[ $# -eq 3 ] || vrb_die "usage: initramfs.sh job DIR OUT"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/vrbench/job"
	cp -a "$2"/. "$tmp/vrbench/job/"
	pack "$tmp" > "$3"
	;;
rootfs)
	[ $# -eq 3 ] || vrb_die "usage: initramfs.sh rootfs DIR OUT"
	[ -x "$2/bin/sh" ] || vrb_die "--rootfs $2: not a userspace (no bin/sh)"
	dir=$(cd "$2" && pwd) out=$3
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	# cpio cannot prefix names: the top directories from one tree, then the
	# rest through a symlink that only find's -H follows (its starting point),
	# so the tree's own symlinks (merged /usr) stay symlinks
	mkdir -p "$tmp/top/vrbench/root" "$tmp/link/vrbench"
	ln -s "$dir" "$tmp/link/vrbench/root"
	{
		(cd "$tmp/top" && printf '%s\n' vrbench vrbench/root | cpio -o -H newc --quiet -R 0:0)
		(cd "$tmp/link" && find -H vrbench/root -mindepth 1 \
			\( -path vrbench/root/proc -o -path vrbench/root/sys -o -path vrbench/root/dev \) -prune -o -print |
			LC_ALL=C sort | cpio -o -H newc --quiet)
	} | gzip -1 >> "$out"
	;;
*)
	vrb_die "usage: initramfs.sh base KO RUNNER OUT | job DIR OUT | rootfs DIR OUT"
	;;
esac
