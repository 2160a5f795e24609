#!/usr/bin/env bash
# Any day, any machine: what a fresh box meets that a warm one hides.
#  - A pinned kernel Debian has replaced: a local apt repository made from the
#    real Debian 7.3 (the same files, as the archive would serve them today)
#    and a lock that pins an upload the archive no longer has.  A plain `run`
#    fails with an error naming the package, the snapshot URL it tried and the
#    command that moves the pin, and leaves nothing behind; make demo's path
#    (VRBENCH_ON_VANISHED=newest: kernels fetch --build, vm, run) boots the
#    newest 7.3 with one warning, and the result file records both kernels.
#  - A /dev/kvm that opens but cannot run a guest: QEMU stand-ins that print a
#    KVM internal error with a register dump and stop their vCPU, that hang
#    silently, or that abort; the probe returns within 10 s each time, shows
#    none of QEMU's output, says so in one line and caches its verdict.
. "$(dirname "$0")/tap.sh"
plan 26

work=$(mktemp -d /var/tmp/vrbench-anyday.XXXXXX)
trap 'rm -rf "$work"' EXIT

# --- a local archive that has moved on ------------------------------------------
real=$(kernel_dir 7.3)
abi=$(basename "$real")
release=$(sed -n 's/^release = //p' "$real/kernel.ini")
ver=$(sed -nE "s/^linux-headers-$(re "$abi")-amd64 = //p" "$real/kernel.ini")
diag "stand-in archive: Debian $abi ($ver) repackaged from $real"
mkdir -p "$work/pkg" "$work/repo"
mkpkg() {	# mkpkg NAME ARCH: $work/pkg/NAME -> $work/repo/NAME.deb
	mkdir -p "$work/pkg/$1/DEBIAN"
	printf 'Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: t <t@t>\nDescription: stand-in\n' \
		"$1" "$ver" "$2" > "$work/pkg/$1/DEBIAN/control"
	dpkg-deb -b -Znone "$work/pkg/$1" "$work/repo/$1.deb" > /dev/null
}
# headers and kbuild are unpacked into one tree: one package can carry it all
mkdir -p "$work/pkg/linux-headers-$abi-amd64"
cp -a "$real/root/usr" "$work/pkg/linux-headers-$abi-amd64/"
sed -i "s|$real/root/usr/src/|/usr/src/|g" "$work/pkg/linux-headers-$abi-amd64/usr/src/linux-headers-$abi-amd64/Makefile"
mkpkg "linux-headers-$abi-amd64" amd64
mkdir -p "$work/pkg/linux-headers-$abi-common" "$work/pkg/linux-kbuild-$abi"
mkpkg "linux-headers-$abi-common" all
mkpkg "linux-kbuild-$abi" amd64
mkdir -p "$work/pkg/linux-image-$abi-amd64-unsigned/boot"
cp "$real/vmlinuz" "$work/pkg/linux-image-$abi-amd64-unsigned/boot/vmlinuz-$abi-amd64"
mkpkg "linux-image-$abi-amd64-unsigned" amd64
rm -rf "$work/pkg"
(cd "$work/repo" && dpkg-scanpackages -m . /dev/null 2>/dev/null > Packages)
echo "deb [trusted=yes] file:$work/repo ./" > "$work/sources.list"
is "$(grep -c '^Package: ' "$work/repo/Packages")" 4 "the stand-in archive holds Debian $abi ($ver)"

# the lock pins an upload of 7.3 the archive no longer serves
printf '[7.3]\nsource = debian\nseries = 7.3\ndefault = yes\n' > "$work/kernels.ini"
printf '[7.3]\nabi = 7.3.0+deb99\nversion = 7.3.0-0\n' > "$work/kernels.lock"
# a cache of its own for the kernels; the build chroot and sources are shared
mkdir -p "$work/cache"
for d in chroot src accel; do
	[ -e "$VRBENCH_CACHE/$d" ] && ln -s "$VRBENCH_CACHE/$d" "$work/cache/$d"
done
export VRBENCH_KERNELS=$work/kernels.ini VRBENCH_APT_SOURCES=$work/sources.list
export VRBENCH_CACHE=$work/cache VRBENCH_SNAPSHOT_URL=http://127.0.0.1:9
lock_before=$(cat "$work/kernels.lock")

env -u VRBENCH_ON_VANISHED "$VRBENCH" run --kernels 7.3 --runs 1 --bench "$ROOT/bench/claim.ini" \
	--output "$work/fail" > "$work/out" 2> "$work/err"
rc=$? err=$(cat "$work/err")
ok $(( rc == 0 )) "a plain run on a vanished pin fails (rc $rc)"
like "$err" "pinned in .* to Debian ABI 7\.3\.0\+deb99 \(7\.3\.0-0\), but the archive no longer has linux-headers-7\.3\.0\+deb99-amd64 version 7\.3\.0-0" \
	"the error names the package and version"
like "$err" "tried http://127\.0\.0\.1:9/mr/binary/linux-headers-7\.3\.0\+deb99-amd64/" "the snapshot URL it tried"
like "$err" "vrbench kernels fetch --refresh 7\.3" "and the command that moves the pin"
is "$(ls -A "$work/cache/kernels" 2>/dev/null)|$(ls "$work/fail" 2>/dev/null | grep -c json)" "|0" \
	"nothing half-downloaded is left, no result written"

export VRBENCH_ON_VANISHED=newest
run "$VRBENCH" kernels fetch --build 7.3
is "$rc:$(printf '%s' "$out" | awk '{ print $2 }')" "0:$abi" "make demo's path: the newest 7.3 is fetched and its module built"
is "$(printf '%s\n' "$err" | grep -c 'warning: ')" 1 "with one warning"
like "$err" "warning: kernel '7\.3' is pinned to Debian 7\.3\.0\+deb99 \(7\.3\.0-0\).*using $(re "$abi") \($(re "$ver")\).*vrbench kernels fetch --refresh 7\.3" \
	"which says what was pinned, what is used and how to move the pin"
run "$VRBENCH" vm --kernel 7.3
is "$rc" 0 "the stand-in kernel boots with the module"
like "$out" "^release=$(re "$release")\$" "and is the newest 7.3 ($release)"
like "$err" "warning: kernel '7\.3' is pinned to Debian 7\.3\.0\+deb99" "the boot warns too"
run "$VRBENCH" run --kernels 7.3 --runs 1 --bench "$ROOT/bench/claim.ini" --output "$work/res"
is "$rc" 0 "a run on the stand-in succeeds"
f=$(ls "$work/res"/*.json 2>/dev/null | head -n 1)
is "$(jq -r '[.kernel.abi, .kernel.pinned.abi, .kernel.pinned.version, .kernel.pinned.honoured] | join(" ")' "$f" 2>/dev/null)" \
	"$abi 7.3.0+deb99 7.3.0-0 false" "its result records the ABI that ran and the pin it stood in for"
is "$(cat "$work/kernels.lock")" "$lock_before" "the lock never moved"

# --- the KVM probe where /dev/kvm cannot run a guest ----------------------------
if ! { exec 7<> /dev/kvm; } 2> /dev/null; then
	for i in $(seq 11); do skip "no usable /dev/kvm here: vrbench never probes"; done
	done_testing
fi
exec 7>&-
rm -f "$work/cache/accel"
qemu=$(command -v qemu-system-x86_64)
mkdir -p "$work/bin"
standin() {	# standin MODE: a qemu-system-x86_64 whose KVM guests fail that way
	cat > "$work/bin/qemu-system-x86_64" <<EOS
#!/bin/sh
case " \$* " in
*" -accel kvm "*)
	date +%s.%N >> "$work/kvm.at"
	case $1 in
	internal-error)
		echo "KVM internal error. Suberror: 1" >&2
		echo "extra data[0]: 0x0000000000000000" >&2
		echo "emulation failure" >&2
		for r in RAX RBX RCX RDX RSI RDI RBP RSP R8 R9 R10 R11; do
			echo "\$r=0000000000000000 \$r=0000000000000000" >&2
		done
		exec sleep 300 ;;	# QEMU waits with its vCPU stopped
	silent) exec sleep 300 ;;
	abort)
		echo "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69" >&2
		kill -ABRT \$\$ ;;
	esac ;;
esac
date +%s.%N >> "$work/tcg.at"
exec "$qemu" "\$@"
EOS
	chmod +x "$work/bin/qemu-system-x86_64"
}
errs=
for mode in internal-error silent abort; do
	standin "$mode"
	rm -f "$work/cache/accel" "$work/kvm.at" "$work/tcg.at"
	PATH=$work/bin:$PATH run env -u VRBENCH_ACCEL "$VRBENCH" vm --kernel 7.3 -- true
	probe=$(awk -v k="$(head -n 1 "$work/kvm.at" 2>/dev/null)" -v t="$(head -n 1 "$work/tcg.at" 2>/dev/null)" \
		'BEGIN { if (k != "" && t != "") printf "%.1f", t - k }')
	is "$rc:$(cat "$work/kvm.at" 2>/dev/null | wc -l)" "0:1" "$mode: the probe boots KVM once, then the guest runs on TCG"
	ok "$(awk -v p="${probe:-99}" 'BEGIN { print (p > 10) }')" "$mode: the probe returns within 10 s (${probe:-?} s)"
	like "$err" "^vrbench: /dev/kvm is present; KVM does not run guests here, using TCG" "$mode: one line says so"
	errs+=$err
done
is "$(printf '%s' "$errs" | grep -cE 'RAX=|KVM internal error|emulation failure|MSR')" 0 \
	"none of QEMU's output reaches the user"
like "$(cat "$work/cache/accel")" " tcg$" "the verdict is cached"
# (a probe that passes is cached as kvm: not reachable on this machine)
done_testing
