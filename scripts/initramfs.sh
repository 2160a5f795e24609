#!/usr/bin/env bash
# Pack the guest's initramfs.  Two parts, concatenated at boot (the kernel
# unpacks every cpio archive it finds in the initrd):
#   base KO OUT      busybox, /init and the module; built once per kernel
#   job DIR OUT      the job: DIR's files under /vrbench/job; built per boot
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pack() { (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0); }

case ${1:-} in
base)
	[ $# -eq 3 ] || vrb_die "usage: initramfs.sh base KO|- OUT"
	ko=$2 out=$3
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
	pack "$tmp" | gzip -1 > "$out.tmp"
	mv "$out.tmp" "$out"
	;;
job)
	[ $# -eq 3 ] || vrb_die "usage: initramfs.sh job DIR OUT"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/vrbench/job"
	cp -a "$2"/. "$tmp/vrbench/job/"
	pack "$tmp" > "$3"
	;;
*)
	vrb_die "usage: initramfs.sh base KO OUT | job DIR OUT"
	;;
esac
