#!/usr/bin/env bash
# Fetch Debian's linux-source package of one series (once) and unpack the
# parts vrbench builds against: tools/ (libperf, libapi, kselftest.h) and
# checkpatch.pl.  Builds libperf.a and libapi.a there.  Prints the tree.
# The package version is pinned in config/kernels.lock ([linux-source-SERIES]),
# like the kernels: libperf and checkpatch change with it.
# Usage: kernel-source.sh [SERIES]     (default 7.3)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

series=${1:-7.3}
lock=$(cd "$(dirname "$0")/.." && pwd)/config/kernels.lock
pkg=linux-source-$series
ver=$(vrb_lock_get "$lock" "$pkg" version)
dir=$VRBENCH_CACHE/src/linux-$series
tarball=$VRBENCH_CACHE/src/linux-source-$series${ver:+_$ver}.tar.xz
if [ -f "$dir/.complete" ] && [ "$(cat "$dir/.version" 2>/dev/null)" = "$ver" ]; then
	echo "$dir"
	exit 0
fi
mkdir -p "$VRBENCH_CACHE/src"
tmp=$dir.tmp.$$
trap 'rm -rf "$tmp" "$tarball.tmp"' EXIT
rm -rf "$dir" "$dir".tmp.*

if [ ! -f "$tarball" ]; then
	vrb_apt_update
	want=$pkg${ver:+=$ver}
	[ -n "$(vrb_apt apt-cache show "$want" 2>/dev/null)" ] || vrb_apt_update force
	[ -n "$(vrb_apt apt-cache show "$want" 2>/dev/null)" ] ||
		vrb_die "the archive has no $want (pinned in $lock); move the pin: set [$pkg] version = to one 'apt-cache policy $pkg' lists"
	mkdir -p "$tmp/deb"
	vrb_log "downloading $want (once; about 170 MB)"
	(cd "$tmp/deb" && vrb_apt apt-get -q download "$want" >&2) ||
		vrb_die "downloading $want failed"
	dpkg-deb --fsys-tarfile "$tmp"/deb/*.deb |
		tar -xO --wildcards "./usr/src/linux-source-$series.tar.xz" > "$tarball.tmp" ||
		vrb_die "extracting the source tarball from $pkg failed (disk full?)"
	rm -f "$VRBENCH_CACHE/src/linux-source-$series"*.tar.xz	# a pin that moved
	mv "$tarball.tmp" "$tarball"
	rm -rf "$tmp/deb"
fi

vrb_log "unpacking tools/ and checkpatch from linux-source-$series"
mkdir -p "$tmp"
tar -xJf "$tarball" -C "$tmp" --strip-components=1 --wildcards \
	"linux-source-$series/tools/*" \
	"linux-source-$series/scripts/checkpatch.pl" \
	"linux-source-$series/scripts/spelling.txt" \
	"linux-source-$series/scripts/const_structs.checkpatch" ||
	vrb_die "unpacking $tarball failed (disk full?)"

vrb_log "building libperf and libapi"
make -s -C "$tmp/tools/lib/perf" > "$tmp/libperf.log" 2>&1 ||
	{ tail -n 20 "$tmp/libperf.log" >&2; vrb_die "building libperf failed"; }
make -s -C "$tmp/tools/lib/api" > "$tmp/libapi.log" 2>&1 ||
	{ tail -n 20 "$tmp/libapi.log" >&2; vrb_die "building libapi failed"; }
[ -f "$tmp/tools/lib/perf/libperf.a" ] && [ -f "$tmp/tools/lib/api/libapi.a" ] ||
	vrb_die "libperf.a or libapi.a is missing after the build"
echo "$ver" > "$tmp/.version"
touch "$tmp/.complete"
rm -rf "$dir"
mv "$tmp" "$dir"
trap - EXIT
echo "$dir"
