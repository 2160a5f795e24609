#!/usr/bin/env bash
# Fetch the Debian kernel a catalogue name is pinned to (config/kernels.lock)
# into the cache: its vmlinuz, headers and kbuild.  Nothing is installed on
# the host: the packages are downloaded with a private apt configuration and
# unpacked with dpkg -x.  A kernel directory only exists once it is complete:
# it is built under a temporary name and renamed at the end.
#
# Usage: kernel-fetch.sh NAME SERIES LOCK [refresh|pin=ABI]
#   (no mode)  the pinned ABI and version, from the cache, the archive or
#              Debian's snapshot archive; when none has it, VRBENCH_ON_VANISHED
#              decides (lib.sh: fail, or the newest ABI of the series with a
#              warning).  A name with no pin yet is pinned to the newest ABI of
#              its series (and the lock written)
#   refresh    move the pin to the newest ABI of the series
#   pin=ABI    move the pin to that ABI (its newest version)
# Prints the kernel directory.  Layout of that directory:
#   vmlinuz          the kernel image to boot
#   root/            headers and kbuild, as Debian installs them
#   kernel.ini       ABI, release and the exact package versions
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 3 ] || vrb_die "usage: kernel-fetch.sh NAME SERIES LOCK [refresh|pin=ABI]"
name=$1 series=$2 lock=$3 mode=${4:-}
[[ $series =~ ^[0-9]+\.[0-9]+$ ]] || vrb_die "kernel '$name': series '$series' is not MAJOR.MINOR"

kdir_root=$VRBENCH_CACHE/kernels
mkdir -p "$kdir_root"

pin_abi=$(vrb_lock_get "$lock" "$name" abi)
pin_ver=$(vrb_lock_get "$lock" "$name" version)
[ -z "$pin_abi" ] || [ -n "$pin_ver" ] || vrb_die "$lock: [$name] has an abi but no version"

# A kernel directory that holds exactly the pinned packages.
cached() {
	[ -f "$kdir_root/$1/.complete" ] &&
	    grep -qxF "linux-headers-$1-amd64 = $2" "$kdir_root/$1/kernel.ini"
}
if [ -z "$mode" ] && [ -n "$pin_abi" ] && cached "$pin_abi" "$pin_ver"; then
	echo "$kdir_root/$pin_abi"
	exit 0
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
		archive_has_upload "$abi" "$(pkg_version "linux-headers-$abi-amd64")" || continue
		echo "$abi"
		break
	done
}

# image_pkg ABI [VERSION]: the name of the image package of that upload.
image_pkg() {
	local p
	for p in "linux-image-$1-amd64-unsigned" "linux-binary-unsigned-$1-amd64" \
	    "linux-image-$1-amd64"; do
		if pkg_exists "$p${2:+=$2}"; then echo "$p"; return 0; fi
	done
	return 1
}

# kbuild_pkg ABI VERSION: the kbuild package of that upload (named by ABI since
# 6.12, by series before), or nothing.
kbuild_pkg() {
	local p
	for p in "linux-kbuild-$1" "linux-kbuild-$series"; do
		if pkg_exists "$p=$2"; then echo "$p"; return 0; fi
	done
	return 1
}

# Does the archive still hold every package of the upload ABI VERSION?  Not
# only its headers: the archive may keep some packages of an upload and drop
# others (seen: 6.1.0-56's headers and image at 6.1.192-2 still there, its
# linux-kbuild-6.1 only at the next upload's 6.1.192-3).
archive_has_upload() {
	pkg_exists "linux-headers-$1-amd64=$2" && pkg_exists "linux-headers-$1-common=$2" &&
	    kbuild_pkg "$1" "$2" > /dev/null && image_pkg "$1" "$2" > /dev/null
}

# The four packages of one Debian kernel upload, for the snapshot archive,
# where apt's lists cannot say which names that upload used: each slot is
# "NAME|ARCH" alternatives, the first one found wins.
snapshot_slots() {
	printf '%s\n' "linux-headers-$1-amd64|amd64" "linux-headers-$1-common|all" \
	    "linux-kbuild-$1|amd64 linux-kbuild-$series|amd64" \
	    "linux-image-$1-amd64-unsigned|amd64 linux-binary-unsigned-$1-amd64|amd64"
}

# snapshot_fetch ABI VERSION DIR: every package of that upload from Debian's
# snapshot archive into DIR; stops at the first package it cannot get (an
# unreachable snapshot archive costs one request, well under a second).
snapshot_fetch() {
	local slot alt got
	vrb_log "kernel '$name': the archive no longer has $1 ($2); asking Debian's snapshot archive"
	while read -r slot; do
		got=
		for alt in $slot; do
			vrb_snapshot_get "$3" "${alt%|*}" "$2" "${alt#*|}" && got=1
			first_url=${first_url:-$VRB_SNAPSHOT_URL}
			[ -z "$got" ] || break
		done
		[ -n "$got" ] || return 1
	done < <(snapshot_slots "$1")
}

# The pinned kernel, or what the policy puts in its place (lib.sh: "pins that
# vanish").  Sets abi, ver, from (archive or snapshot) and substituted.
resolve_pin() {
	local key policy sub subver snap
	key=kernel-$pin_abi=$pin_ver
	policy=$(vrb_on_vanished)
	sub=$(vrb_vanished_get "$key" abi) subver=$(vrb_vanished_get "$key" version)
	if [ "$policy" = newest ] && [ -n "$sub" ] && cached "$sub" "$subver"; then
		# found vanished before and its substitute is here: no network
		abi=$sub ver=$subver substituted=1
		warn_substitute
		echo "$kdir_root/$abi"
		exit 0
	fi
	abi=$pin_abi ver=$pin_ver from=archive substituted=
	# Not cached, so a download follows: fresh lists first (lists cached from
	# before an upload still name the pin, whose files are then gone: a 404).
	vrb_apt_update force
	archive_has_upload "$abi" "$ver" && return 0
	snap=$kdir_root/.snapshot.$$
	staging=$snap
	first_url=
	if snapshot_fetch "$abi" "$ver" "$snap"; then
		from=snapshot
		return 0
	fi
	rm -rf "$snap"
	staging=
	if [ "$policy" = fail ]; then
		vrb_die "kernel '$name' is pinned in $lock to Debian ABI $abi ($ver), but the archive no longer has linux-headers-$abi-amd64 version $ver and the rest of that upload, nor could Debian's snapshot archive serve it (tried ${first_url:-nothing}); move the pin with 'vrbench kernels fetch --refresh $name' (newest $series ABI) or 'vrbench kernels fetch --pin ABI $name' and commit the lock, or set VRBENCH_ON_VANISHED=newest to use the newest $series ABI without moving it"
	fi
	abi=$(find_abi)
	[ -n "$abi" ] || vrb_die "kernel '$name': pinned Debian $pin_abi ($pin_ver) is gone and no other $series kernel is in the archive"
	ver=$(pkg_version "linux-headers-$abi-amd64")
	substituted=1
	vrb_vanished_put "$key" "abi=$abi" "version=$ver" "checked=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
		"snapshot_url=${first_url:-}"
}

# One line, every time a substitute is used: what was pinned, what is used,
# and the command that moves the pin.
warn_substitute() {
	vrb_warn "kernel '$name' is pinned to Debian $pin_abi ($pin_ver), which neither the archive nor its snapshot archive serves any more; using $abi ($ver), the newest $series (VRBENCH_ON_VANISHED=newest); move the pin with 'vrbench kernels fetch --refresh $name'"
}

staging=
trap '[ -z "$staging" ] || rm -rf "$staging"' EXIT

case $mode in
refresh)
	vrb_apt_update force
	abi=$(find_abi)
	[ -n "$abi" ] || vrb_die "kernel '$name': no Debian kernel of series $series found (headers, kbuild and image) in bookworm, trixie or sid"
	ver=$(pkg_version "linux-headers-$abi-amd64")
	;;
pin=*)
	abi=${mode#pin=}
	[[ $abi == "$series".* ]] || vrb_die "kernel '$name': ABI '$abi' is not of series $series"
	vrb_apt_update
	pkg_exists "linux-headers-$abi-amd64" || vrb_apt_update force
	pkg_exists "linux-headers-$abi-amd64" && image_pkg "$abi" > /dev/null ||
		vrb_die "kernel '$name': Debian has no kernel with ABI $abi (linux-headers-$abi-amd64 and an image)"
	ver=$(pkg_version "linux-headers-$abi-amd64")
	;;
"")
	if [ -n "$pin_abi" ]; then
		resolve_pin
	else
		vrb_apt_update
		abi=$(find_abi)
		if [ -z "$abi" ]; then
			vrb_apt_update force
			abi=$(find_abi)
		fi
		[ -n "$abi" ] || vrb_die "kernel '$name': no Debian kernel of series $series found (headers, kbuild and image) in bookworm, trixie or sid"
		ver=$(pkg_version "linux-headers-$abi-amd64")
	fi
	;;
*) vrb_die "kernel-fetch.sh: unknown mode '$mode'" ;;
esac

from=${from:-archive} substituted=${substituted:-}
pin() {
	if [ -n "$substituted" ]; then
		warn_substitute
	elif [ "$abi" != "$pin_abi" ] || [ "$ver" != "$pin_ver" ]; then
		vrb_lock_set "$lock" "$name" "abi=$abi" "version=$ver"
		vrb_log "kernel '$name': pinned to Debian $abi ($ver) in $lock"
	fi
}

kdir=$kdir_root/$abi
if cached "$abi" "$ver"; then
	pin
	echo "$kdir"
	exit 0
fi

tmp=$kdir.tmp.$$
trap 'rm -rf "$tmp"; [ -z "$staging" ] || rm -rf "$staging"' EXIT
rm -rf "$kdir" "$kdir".tmp.*
mkdir -p "$tmp/debs" "$tmp/root"
if [ "$from" = snapshot ]; then
	mv "$staging"/*.deb "$tmp/debs/"
else
	# Every package of one Debian upload carries the source's version.
	kbuild=$(kbuild_pkg "$abi" "$ver") || vrb_die "kernel '$name': no kbuild package of Debian $abi ($ver)"
	image=$(image_pkg "$abi" "$ver") || vrb_die "kernel '$name': no image package of Debian $abi ($ver)"
	pkgs=("linux-headers-$abi-amd64=$ver" "linux-headers-$abi-common=$ver"
	      "$kbuild=$ver" "$image=$ver")
	vrb_log "kernel '$name': downloading Debian $abi (${pkgs[*]})"
	(cd "$tmp/debs" && vrb_apt apt-get -q download "${pkgs[@]}" >&2) ||
		vrb_die "kernel '$name': downloading ${pkgs[*]} failed"
fi

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
	echo "from = $from"
	echo "[packages]"
	for deb in "$tmp"/debs/*.deb; do
		echo "$(dpkg-deb -f "$deb" Package) = $(dpkg-deb -f "$deb" Version)"
	done
} > "$tmp/kernel.ini"
rm -rf "$tmp/debs"
touch "$tmp/.complete"
mv "$tmp" "$kdir"
[ -z "$staging" ] || rm -rf "$staging"
trap - EXIT
pin
vrb_log "kernel '$name': Debian $abi ready ($release)"
echo "$kdir"
