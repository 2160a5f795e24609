#!/usr/bin/env bash
# Fetching kernels, against a local apt repository of small stand-in kernel
# packages (so this test downloads nothing): success, the cache reused, an
# unknown series, the kernel lock (a name stays pinned to one ABI when Debian
# publishes a newer one, moves only with --refresh/--pin, and a vanished pin is
# a clear error unless the snapshot archive has it or VRBENCH_ON_VANISHED=newest
# stands in the newest of the series), an unreachable mirror, a disk that fills up mid-fetch, and
# the system's apt configuration left untouched throughout.
. "$(dirname "$0")/tap.sh"
plan 49

work=$(mktemp -d)
cleanup() { mountpoint -q "$work/small" && umount "$work/small"; rm -rf "$work"; }
trap cleanup EXIT

apt_before=$("$ROOT/tests/apt-state.sh")

# --- a flat repository with one stand-in kernel, ABI 9.9.1+deb99 -------------
mkpkg() {	# mkpkg NAME ARCH: builds $work/repo/NAME.deb from $work/pkg/NAME
	mkdir -p "$work/pkg/$1/DEBIAN"
	printf 'Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: t <t@t>\nDescription: stand-in\n' \
		"$1" "$ver" "$2" > "$work/pkg/$1/DEBIAN/control"
	dpkg-deb -b -Zgzip "$work/pkg/$1" "$work/repo/$1.deb" > /dev/null
}
mkkernel() {	# mkkernel ABI VERSION: the four packages of one Debian kernel
	abi=$1 ver=$2
	h=$work/pkg/linux-headers-$abi-amd64/usr/src/linux-headers-$abi-amd64
	mkdir -p "$h/include/generated"
	echo "#define UTS_RELEASE \"$abi-amd64\"" > "$h/include/generated/utsrelease.h"
	echo 'CONFIG_CC_VERSION_TEXT="gcc-12 (Debian 12.2.0-14) 12.2.0"' > "$h/.config"
	echo "include /usr/src/linux-headers-$abi-common/Makefile" > "$h/Makefile"
	mkpkg "linux-headers-$abi-amd64" amd64
	mkdir -p "$work/pkg/linux-headers-$abi-common/usr/src/linux-headers-$abi-common"
	mkpkg "linux-headers-$abi-common" all
	mkdir -p "$work/pkg/linux-kbuild-$abi/usr/lib/linux-kbuild-$abi"
	mkpkg "linux-kbuild-$abi" amd64
	mkdir -p "$work/pkg/linux-image-$abi-amd64-unsigned/boot"
	head -c 8M /dev/urandom > "$work/pkg/linux-image-$abi-amd64-unsigned/boot/vmlinuz-$abi-amd64"
	mkpkg "linux-image-$abi-amd64-unsigned" amd64
}
scan() { (cd "$work/repo" && dpkg-scanpackages -m . /dev/null 2>/dev/null > Packages); }
mkdir -p "$work/repo"
mkkernel 9.9.1+deb99 9.9.1-1
scan
echo "deb [trusted=yes] file:$work/repo ./" > "$work/sources.list"
printf '[fake]\nsource = debian\nseries = 9.9\n[absent]\nsource = debian\nseries = 9.8\n' > "$work/kernels.ini"

export VRBENCH_KERNELS=$work/kernels.ini VRBENCH_APT_SOURCES=$work/sources.list
export VRBENCH_CACHE=$work/cache

lock=$work/kernels.lock
run "$VRBENCH" kernels fetch fake
is "$rc" 0 "a kernel is fetched from the repository"
like "$out" "^fake $(re $abi) $(re $abi)-amd64$" "with its ABI and release"
like "$err" "kernel 'fake': pinned to Debian $(re $abi) \($(re $ver)\) in $(re "$lock")" "a name's first fetch pins it, and says so"
is "$(printf '%s|' "$(sed -n '/^\[fake\]/,/^$/p' "$lock")")" "[fake]
abi = $abi
version = $ver|" "the lock names the ABI and the version"
ini=$work/cache/kernels/$abi/kernel.ini
like "$(cat "$ini" 2>/dev/null)" "linux-image-$(re $abi)-amd64-unsigned = $ver" "exact package versions are recorded"
cmp -s "$work/cache/kernels/$abi/vmlinuz" "$work/pkg/linux-image-$abi-amd64-unsigned/boot/vmlinuz-$abi-amd64"
ok $? "the vmlinuz is the package's"
like "$(cat "$work/cache/kernels/$abi/root/usr/src/linux-headers-$abi-amd64/Makefile")" \
	"include $(re "$work/cache/kernels/$abi/root/usr/src/linux-headers-$abi-common/Makefile")" \
	"the flavour Makefile points at the cached headers"

mv "$work/repo" "$work/repo.away"
run "$VRBENCH" kernels fetch fake
is "$rc" 0 "a second fetch succeeds with the repository gone: nothing is downloaded"
mv "$work/repo.away" "$work/repo"

run "$VRBENCH" kernels list
like "$out" "fake +debian +no +$(re $abi) +$(re $abi)-amd64" "kernels list shows the cached ABI"

run "$VRBENCH" kernels fetch absent
is "$rc" 1 "a series with no packages fails"
like "$err" "no Debian kernel of series 9\.8 found" "with a clear message"
is "$(grep -c '^\[absent\]' "$lock")" "0" "and pins nothing for it"

# --- Debian publishes a newer ABI: the pin holds until moved ---------------------
mkkernel 9.9.2+deb99 9.9.2-1
scan
run "$VRBENCH" kernels fetch fake
like "$out" "^fake 9\.9\.1\+deb99 " "a newer ABI in the archive does not move a pinned name"
rm -rf "$work/cache"
run "$VRBENCH" kernels fetch fake
like "$out" "^fake 9\.9\.1\+deb99 " "nor does an empty cache: the pinned ABI is downloaded again"
run "$VRBENCH" kernels fetch --refresh fake
like "$out" "^fake 9\.9\.2\+deb99 " "--refresh moves the pin to the newest ABI"
is "$(sed -n 's/^abi = //p' "$lock")" "9.9.2+deb99" "and writes it to the lock"
run "$VRBENCH" kernels list
like "$out" "fake +debian +no +9\.9\.2\+deb99 " "kernels list follows the lock"
run "$VRBENCH" kernels fetch --pin 9.9.1+deb99 fake
like "$out" "^fake 9\.9\.1\+deb99 " "--pin ABI moves it back"
is "$(sed -n 's/^abi = //p' "$lock")" "9.9.1+deb99" "and writes that"
run "$VRBENCH" kernels fetch --pin 9.8.1+deb99 fake
is "$rc" 1 "a pin outside the series is refused"

# --- the pinned kernel vanishes from the archive ---------------------------------
# Resolved from the cache, the archive, Debian's snapshot archive, then the
# policy: VRBENCH_ON_VANISHED=fail (the default) or newest (scripts/lib.sh).
. "$ROOT/tests/snapshot-standin.sh"
mkdir -p "$work/old"
cp "$work/repo/"*9.9.1+deb99*.deb "$work/old/"
lock_before=$(cat "$lock")
# part of the upload gone: the archive keeps the pin's headers, not its kbuild
rm "$work/repo/linux-kbuild-9.9.1+deb99.deb"
scan
rm -rf "$work/cache/kernels"
VRBENCH_ON_VANISHED=fail VRBENCH_SNAPSHOT_URL=http://127.0.0.1:9 run "$VRBENCH" kernels fetch fake
like "rc=$rc $(printf '%s' "$err" | tr '\n' ' ')" "^rc=1 .*the archive no longer has linux-headers-9\.9\.1\+deb99-amd64 version 9\.9\.1-1 and the rest of that upload" \
	"an upload the archive keeps only in part is a vanished pin, not a failed download"
rm "$work/repo/"*9.9.1+deb99*.deb
scan
# package lists cached from before the upload still name the pin
rm -rf "$work/cache/kernels"
VRBENCH_ON_VANISHED=fail run "$VRBENCH" kernels fetch fake
like "rc=$rc $(printf '%s' "$err" | tr '\n' ' ')" "^rc=1 .*the archive no longer has linux-headers-9\.9\.1\+deb99-amd64 version 9\.9\.1-1" \
	"stale package lists that still name the pin are refreshed first (no 404 from a dropped file)"
rm -rf "$work/cache"
t0=$(date +%s)
VRBENCH_ON_VANISHED=fail run "$VRBENCH" kernels fetch fake
t1=$(date +%s)
is "$rc" 1 "a pinned kernel that neither the archive nor the snapshot archive has fails (on_vanished = fail)"
like "$err" "linux-headers-9\.9\.1\+deb99-amd64 version 9\.9\.1-1.*vrbench kernels fetch --refresh fake" \
	"naming the package and the command that moves the pin"
like "$err" "could Debian.s snapshot archive serve it \(tried https?://[^ ]+/mr/binary/linux-headers-9\.9\.1\+deb99-amd64/\)" \
	"and the snapshot archive's URL it tried (debsnap's own address)"
ok $(( t1 - t0 > 10 )) "an unreachable snapshot archive costs seconds at most ($((t1 - t0)) s)"
is "$(ls -A "$work/cache/kernels" 2>/dev/null)" "" "nothing half-fetched is left"
is "$(cat "$lock")" "$lock_before" "and the lock is unchanged"
VRBENCH_ON_VANISHED=maybe run "$VRBENCH" kernels fetch fake
like "$rc:$err" "^1:.*VRBENCH_ON_VANISHED='maybe': expected 'fail' or 'newest'" "an unknown policy is refused"

# the snapshot archive (a stand-in on the loopback) still has the pinned upload
mkdir -p "$work/snap"
snapshot_publish "$work/snap" "$work/old/"*.deb
if snapshot_serve "$work/snap"; then
	VRBENCH_ON_VANISHED=fail VRBENCH_SNAPSHOT_URL=$SNAPSHOT_URL run "$VRBENCH" kernels fetch fake
	is "$rc:$(printf '%s' "$out" | awk '{ print $2 }')" "0:9.9.1+deb99" \
		"a pin gone from the archive is fetched from the snapshot archive at its exact version"
	like "$(cat "$work/cache/kernels/9.9.1+deb99/kernel.ini")" "^from = snapshot$" "and kernel.ini says where from"
	cmp -s "$work/cache/kernels/9.9.1+deb99/vmlinuz" \
		"$work/pkg/linux-image-9.9.1+deb99-amd64-unsigned/boot/vmlinuz-9.9.1+deb99-amd64"
	ok $? "the vmlinuz is the pinned package's"
	is "$(cat "$lock")|$(ls -A "$work/cache/kernels")" "$lock_before|9.9.1+deb99" \
		"the lock is unchanged and nothing but the kernel is left"
	kill "$SNAPSHOT_PID"
else
	for i in 1 2 3 4; do skip "the snapshot stand-in (python3 http.server) did not start"; done
fi

# on_vanished = newest: the newest ABI of the series stands in, with one warning
rm -rf "$work/cache"
export VRBENCH_SNAPSHOT_URL=http://127.0.0.1:9
VRBENCH_ON_VANISHED=newest run "$VRBENCH" kernels fetch fake
is "$rc:$(printf '%s' "$out" | awk '{ print $2 }')" "0:9.9.2+deb99" \
	"on_vanished = newest: the newest ABI of the series is used"
is "$(printf '%s\n' "$err" | grep -c 'warning')" 1 "with one warning line"
like "$err" "warning: kernel 'fake' is pinned to Debian 9\.9\.1\+deb99 \(9\.9\.1-1\).*using 9\.9\.2\+deb99 \(9\.9\.2-1\).*vrbench kernels fetch --refresh fake" \
	"naming the pin, what is used instead and the command that moves the pin"
is "$(cat "$lock")" "$lock_before" "the lock is not moved"
mv "$work/repo" "$work/repo.away"
VRBENCH_ON_VANISHED=newest run "$VRBENCH" kernels fetch fake
like "$rc:$out:$err" "^0:fake 9\.9\.2\+deb99 .*warning: kernel 'fake' is pinned" \
	"the next use needs no network, and warns again"
run "$VRBENCH" kernels list
like "$out" "^fake +debian +no +9\.9\.1\+deb99 +\(pin gone from Debian; 9\.9\.2\+deb99 stood in\)" \
	"kernels list shows the pin and what stands in for it"
VRBENCH_ON_VANISHED=fail run "$VRBENCH" kernels fetch fake
is "$rc" 1 "a stand-in is never used under on_vanished = fail"
mv "$work/repo.away" "$work/repo"
unset VRBENCH_SNAPSHOT_URL
rm -rf "$work/cache"
run "$VRBENCH" kernels fetch --refresh fake
is "$rc" 0 "--refresh then recovers"
abi=9.9.2+deb99 ver=9.9.2-1

run "$VRBENCH" kernels fetch nosuch
is "$rc" 2 "an unknown kernel name is a usage error"

# --- an unreachable mirror ------------------------------------------------------
echo "deb [trusted=yes] http://127.0.0.1:9/debian bookworm main" > "$work/down.list"
VRBENCH_APT_SOURCES=$work/down.list VRBENCH_CACHE=$work/cache2 run "$VRBENCH" kernels fetch fake
is "$rc" 1 "an unreachable mirror fails"
like "$err" "could not download Debian package lists" "and says so"
is "$(ls "$work/cache2/kernels" 2>/dev/null)" "" "leaving no kernel directory"

# --- a disk that fills up while fetching ----------------------------------------
mkdir -p "$work/small"
if mount -t tmpfs -o size=6M tmpfs "$work/small" 2>/dev/null; then
	VRBENCH_CACHE=$work/small run "$VRBENCH" kernels fetch fake
	diag "$(printf "%s" "$err" | tail -n 2)"
	is "$rc" 1 "a full disk fails the fetch"
	like "$err" "kernel 'fake': .*(failed|disk full)" "with a message naming the kernel"
	is "$(ls -A "$work/small/kernels")" "" "nothing half-extracted is left behind"
	umount "$work/small"
else
	for i in 1 2 3; do skip "cannot mount a small tmpfs here (not root?)"; done
fi

is "$("$ROOT/tests/apt-state.sh")" "$apt_before" "/etc/apt sources and preferences are untouched"
done_testing
