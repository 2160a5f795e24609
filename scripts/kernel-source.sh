#!/usr/bin/env bash
# Fetch Debian's linux-source package of one series (once) and unpack the
# parts vrbench builds against: tools/ (libperf, libapi, kselftest.h) and
# checkpatch.pl.  Builds libperf.a and libapi.a there.  Prints the tree.
# Usage: kernel-source.sh [SERIES]     (default 7.3)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

series=${1:-7.3}
dir=$VRBENCH_CACHE/src/linux-$series
tarball=$VRBENCH_CACHE/src/linux-source-$series.tar.xz
if [ -f "$dir/.complete" ]; then
	echo "$dir"
	exit 0
fi
mkdir -p "$VRBENCH_CACHE/src"
tmp=$dir.tmp.$$
trap 'rm -rf "$tmp" "$tarball.tmp"' EXIT
rm -rf "$dir" "$dir".tmp.*

if [ ! -f "$tarball" ]; then
	vrb_apt_update
	pkg=linux-source-$series
	vrb_apt apt-cache show "$pkg" > /dev/null 2>&1 || vrb_apt_update force
	mkdir -p "$tmp/deb"
	vrb_log "downloading $pkg (once; about 170 MB)"
	(cd "$tmp/deb" && vrb_apt apt-get -q download "$pkg" >&2) ||
		vrb_die "downloading $pkg failed"
	dpkg-deb --fsys-tarfile "$tmp"/deb/*.deb |
		tar -xO --wildcards "./usr/src/linux-source-$series.tar.xz" > "$tarball.tmp" ||
		vrb_die "extracting the source tarball from $pkg failed (disk full?)"
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
touch "$tmp/.complete"
mv "$tmp" "$dir"
trap - EXIT
echo "$dir"
