#!/usr/bin/env bash
# Fetch a Debian kernel (its vmlinuz, headers and kbuild) for one series,
# newest ABI first, into the cache.  Nothing is installed on the host: the
# packages are downloaded with a private apt configuration and unpacked with
# dpkg -x.  A kernel directory only exists once it is complete: it is built
# under a temporary name and renamed at the end.
#
# Usage: kernel-fetch.sh NAME SERIES [refresh]
# Prints the kernel directory.  Layout of that directory:
#   vmlinuz          the kernel image to boot
#   root/            headers and kbuild, as Debian installs them
#   kernel.ini       ABI, release and the exact package versions
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || vrb_die "usage: kernel-fetch.sh NAME SERIES [refresh]"
name=$1 series=$2 refresh=${3:-}
[[ $series =~ ^[0-9]+\.[0-9]+$ ]] || vrb_die "kernel '$name': series '$series' is not MAJOR.MINOR"

kdir_root=$VRBENCH_CACHE/kernels
namefile=$kdir_root/names/$name
mkdir -p "$kdir_root/names"

if [ -z "$refresh" ] && [ -f "$namefile" ]; then
	abi=$(cat "$namefile")
	if [ -f "$kdir_root/$abi/.complete" ]; then
		echo "$kdir_root/$abi"
		exit 0
	fi
fi

pkg_exists() { [ -n "$(vrb_apt apt-cache show "$1" 2>/dev/null | head -n 1)" ]; }
pkg_version() {
	vrb_apt apt-cache show "$1" 2>/dev/null | awk '/^Version:/ { print $2 }' | sort -V | tail -n 1
}

# Newest ABI of the series for which headers, kbuild and an image all exist.
find_abi() {
	local re abi
	re="^linux-headers-(${series//./\\.}\\.[0-9]+(-[0-9]+|\\+deb[0-9]+))-amd64\$"
	{ vrb_apt apt-cache pkgnames linux-headers-"$series" 2>/dev/null || true; } |
	    { grep -E "$re" || true; } | sed -E "s/$re/\\1/" | sort -V -r |
	while read -r abi; do
		pkg_exists "linux-headers-$abi-common" || continue
		image_pkg "$abi" >/dev/null || continue
		echo "$abi"
		break
	done
}

image_pkg() {
	local p
	for p in "linux-image-$1-amd64-unsigned" "linux-binary-unsigned-$1-amd64" \
	    "linux-image-$1-amd64"; do
		if pkg_exists "$p"; then echo "$p"; return 0; fi
	done
	return 1
}

vrb_apt_update "$refresh"
abi=$(find_abi)
if [ -z "$abi" ] && [ -z "$refresh" ]; then
	vrb_apt_update force
	abi=$(find_abi)
fi
[ -n "$abi" ] || vrb_die "kernel '$name': no Debian kernel of series $series found (headers, kbuild and image) in bookworm, trixie or sid"

kdir=$kdir_root/$abi
if [ -f "$kdir/.complete" ]; then
	echo "$abi" > "$namefile.tmp" && mv "$namefile.tmp" "$namefile"
	echo "$kdir"
	exit 0
fi

hdr_ver=$(pkg_version "linux-headers-$abi-amd64")
kbuild=linux-kbuild-$abi
pkg_exists "$kbuild" || kbuild=linux-kbuild-$series
image=$(image_pkg "$abi")
pkgs=("linux-headers-$abi-amd64=$hdr_ver" "linux-headers-$abi-common=$hdr_ver"
      "$kbuild=$hdr_ver" "$image=$(pkg_version "$image")")

tmp=$kdir.tmp.$$
trap 'rm -rf "$tmp"' EXIT
rm -rf "$kdir" "$kdir".tmp.*
mkdir -p "$tmp/debs" "$tmp/root"
vrb_log "kernel '$name': downloading Debian $abi (${pkgs[*]})"
(cd "$tmp/debs" && vrb_apt apt-get -q download "${pkgs[@]}" >&2) ||
	vrb_die "kernel '$name': downloading ${pkgs[*]} failed"

for deb in "$tmp"/debs/linux-headers-*.deb "$tmp"/debs/linux-kbuild-*.deb; do
	dpkg-deb -x "$deb" "$tmp/root" || vrb_die "kernel '$name': unpacking $(basename "$deb") failed (disk full?)"
done
imgdeb=
for deb in "$tmp"/debs/linux-image-*.deb "$tmp"/debs/linux-binary-*.deb; do
	[ -f "$deb" ] && imgdeb=$deb
done
member=$(dpkg-deb -c "$imgdeb" | awk '{ print $6 }' | grep -E '/vmlinuz[^/]*$' | head -n 1)
[ -n "$member" ] || vrb_die "kernel '$name': no vmlinuz in $(basename "$imgdeb")"
dpkg-deb --fsys-tarfile "$imgdeb" | tar -xO "$member" > "$tmp/vmlinuz" ||
	vrb_die "kernel '$name': extracting vmlinuz failed (disk full?)"
[ -s "$tmp/vmlinuz" ] || vrb_die "kernel '$name': extracted vmlinuz is empty"

hdrs=$tmp/root/usr/src/linux-headers-$abi-amd64
release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$hdrs/include/generated/utsrelease.h")
[ -n "$release" ] || vrb_die "kernel '$name': no UTS_RELEASE in the headers of $abi"
# The flavour Makefile names /usr/src absolutely; point it at this copy.
sed -i "s|/usr/src/|$kdir/root/usr/src/|g" "$hdrs/Makefile"

{
	echo "[kernel]"
	echo "name = $name"
	echo "series = $series"
	echo "abi = $abi"
	echo "release = $release"
	echo "build = $kdir/root/usr/src/linux-headers-$abi-amd64"
	echo "cc = $(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"/\1/p' "$hdrs/.config")"
	echo "fetched = $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "[packages]"
	for deb in "$tmp"/debs/*.deb; do
		echo "$(dpkg-deb -f "$deb" Package) = $(dpkg-deb -f "$deb" Version)"
	done
} > "$tmp/kernel.ini"
rm -rf "$tmp/debs"
touch "$tmp/.complete"
mv "$tmp" "$kdir"
trap - EXIT
echo "$abi" > "$namefile.tmp" && mv "$namefile.tmp" "$namefile"
vrb_log "kernel '$name': Debian $abi ready ($release)"
echo "$kdir"
