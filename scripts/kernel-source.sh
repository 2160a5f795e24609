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
pin=$(vrb_lock_get "$lock" "$pkg" version)
dir=$VRBENCH_CACHE/src/linux-$series
key=source-$pkg=$pin
policy=$(vrb_on_vanished)
have() { [ -f "$dir/.complete" ] && [ "$(cat "$dir/.version" 2>/dev/null)" = "$1" ]; }
tarball_of() { echo "$VRBENCH_CACHE/src/linux-source-$series${1:+_$1}.tar.xz"; }
warn_substitute() {
	vrb_warn "$pkg is pinned to $pin in $lock, which neither the archive nor its snapshot archive serves any more; using $1, the newest (VRBENCH_ON_VANISHED=newest); move the pin: set [$pkg] version = $1 in $lock"
}

if have "$pin"; then
	echo "$dir"
	exit 0
fi
sub=$(vrb_vanished_get "$key" version)
if [ "$policy" = newest ] && [ -n "$sub" ] && have "$sub"; then
	warn_substitute "$sub"
	echo "$dir"
	exit 0
fi
mkdir -p "$VRBENCH_CACHE/src"
tmp=$dir.tmp.$$
trap 'rm -rf "$tmp" "$VRBENCH_CACHE/src/"*.tar.xz.tmp.$$' EXIT
rm -rf "$dir".tmp.*

# From the cache, the archive at the pinned version, the snapshot archive at
# that version, or (VRBENCH_ON_VANISHED=newest) the archive's newest.
ver=$pin
if [ ! -f "$(tarball_of "$ver")" ]; then
	mkdir -p "$tmp/deb"
	# a download follows: fresh lists first (cached ones may name a version
	# whose file the archive has already dropped)
	vrb_apt_update force
	want=$pkg${ver:+=$ver}
	if [ -n "$(vrb_apt apt-cache show "$want" 2>/dev/null)" ]; then
		vrb_log "downloading $want (once; about 170 MB)"
		(cd "$tmp/deb" && vrb_apt apt-get -q download "$want" >&2) ||
			vrb_die "downloading $want failed"
	elif [ -n "$ver" ] && vrb_log "the archive no longer has $want; asking Debian's snapshot archive" &&
	    vrb_snapshot_get "$tmp/deb" "$pkg" "$ver" all; then
		:
	elif [ "$policy" = fail ]; then
		vrb_die "the archive no longer has $want (pinned in $lock), nor could Debian's snapshot archive serve it (tried ${VRB_SNAPSHOT_URL:-nothing}); move the pin: set [$pkg] version = to one 'apt-cache policy $pkg' lists, or set VRBENCH_ON_VANISHED=newest to use the newest for now"
	else
		rm -rf "$tmp/deb" && mkdir -p "$tmp/deb"
		ver=$(vrb_apt apt-cache show "$pkg" 2>/dev/null | awk '/^Version:/ { print $2 }' | sort -V | tail -n 1)
		[ -n "$ver" ] || vrb_die "the archive has no $pkg at all"
		vrb_vanished_put "$key" "version=$ver" "checked=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
			"snapshot_url=${VRB_SNAPSHOT_URL:-}"
		warn_substitute "$ver"
		if ! [ -f "$(tarball_of "$ver")" ]; then
			vrb_log "downloading $pkg=$ver (once; about 170 MB)"
			(cd "$tmp/deb" && vrb_apt apt-get -q download "$pkg=$ver" >&2) ||
				vrb_die "downloading $pkg=$ver failed"
		fi
	fi
fi
tarball=$(tarball_of "$ver")
if [ ! -f "$tarball" ]; then
	dpkg-deb --fsys-tarfile "$tmp"/deb/*.deb |
		tar -xO --wildcards "./usr/src/linux-source-$series.tar.xz" > "$tarball.tmp.$$" ||
		vrb_die "extracting the source tarball from $pkg failed (disk full?)"
	rm -f "$VRBENCH_CACHE/src/linux-source-$series"*.tar.xz	# a pin that moved
	mv "$tarball.tmp.$$" "$tarball"
fi
rm -rf "$tmp/deb"

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
