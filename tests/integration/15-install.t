#!/usr/bin/env bash
# Installed the way kernel people install tools: the Debian packages built from
# this tree (dpkg-buildpackage, debhelper), checked by lintian, installed with
# apt into a fresh bookworm chroot, and used there without the checkout: the
# man page renders, --help, the catalogue, a comparison of recorded results,
# bash completion, and DKMS builds the module against a catalogue kernel's
# headers.  Then that chroot is the userspace of a guest booted on the same
# kernel (vrbench vm --rootfs): `vrbench native` end to end, with the module
# DKMS installed, as a board in a lab would run it.  Also `make install` with
# DESTDIR and PREFIX.
. "$(dirname "$0")/tap.sh"
. "$ROOT/scripts/lib.sh"
[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP needs root (chroot, apt)"; exit 0; }
# the plan after the skip: a skipped file prints one plan, "1..0"
plan 26
work=$(mktemp -d /tmp/vrbench-install.XXXXXX)
chroot_dir=$work/chroot
# 6.12's cache directory: the catalogue's pin, or its stand-in once Debian drops it
kdir=$(kernel_dir 6.12)
cleanup() {
	for m in proc var/cache/apt/archives "$kdir"; do
		mountpoint -q "$chroot_dir/$m" 2>/dev/null && umount -l "$chroot_dir/$m"
	done
	rm -rf "$work"
}
trap cleanup EXIT

# --- make install ---------------------------------------------------------------
run make -C "$ROOT" --no-print-directory install DESTDIR="$work/destdir" PREFIX=/opt/vrb
ok "$rc" "make install DESTDIR=... PREFIX=/opt/vrb"
is "$(cd "$work/destdir/opt/vrb" && for d in bin share/vrbench share/man/man1 share/bash-completion/completions; do ls "$d"; done | tr '\n' ' ')" \
	"vrbench bench config kmod plots scripts selftests vrbench.1 vrbench " \
	"the binary, share/vrbench, the man page and the completion"
run env -u VRBENCH_ROOT "$work/destdir/opt/vrb/bin/vrbench" kernels list
like "$rc:$out" "^0:NAME .*" "the installed binary reads its catalogue from share/vrbench, no checkout beside it"

# --- the packages ----------------------------------------------------------------
src=$work/src/vrbench
mkdir -p "$src"
(cd "$ROOT" && git ls-files -co --exclude-standard | tar -c -T - | tar -x -C "$src")
run sh -c "cd '$src' && dpkg-buildpackage -us -uc -b"
ok "$rc" "dpkg-buildpackage -us -uc -b builds on bookworm"
[ "$rc" = 0 ] || diag "$(printf '%s\n' "$out" "$err" | tail -n 20)"
debs=$(ls "$work/src"/vrbench_*_amd64.deb "$work/src"/vrealloc-bench-dkms_*_all.deb 2>/dev/null | wc -l)
is "$debs" 2 "vrbench and vrealloc-bench-dkms"
run lintian --tag-display-limit 0 "$work/src"/vrbench_*_amd64.changes
diag "lintian: $(printf '%s\n' "$out" | grep -c '^W:') warnings"
is "$(printf '%s\n' "$out" | grep -c '^E:')" 0 "lintian reports no errors$(printf '%s\n' "$out" | grep '^E:' | head -n 3 | sed 's/^/; /' | tr '\n' ' ')"

# --- a fresh bookworm chroot ----------------------------------------------------
# debootstrap's download is kept in the cache as a tarball; the chroot is new.
tarball=$VRBENCH_CACHE/install/bookworm-minbase.tgz debs_cache=$VRBENCH_CACHE/install/debs
mkdir -p "$debs_cache" "$chroot_dir"
if [ ! -f "$tarball" ]; then
	debootstrap --variant=minbase --make-tarball="$tarball.tmp" bookworm "$work/tb" "$(vrb_mirror debian)" \
		> "$work/debootstrap.log" 2>&1 && mv "$tarball.tmp" "$tarball"
fi
debootstrap --variant=minbase --unpack-tarball="$tarball" bookworm "$chroot_dir" "$(vrb_mirror debian)" \
	> "$work/debootstrap.log" 2>&1
ok "$?" "a fresh bookworm chroot (debootstrap minbase)"
mount -t proc proc "$chroot_dir/proc"
mount --bind "$debs_cache" "$chroot_dir/var/cache/apt/archives"
cp "$work/src"/*.deb "$chroot_dir/tmp/"
cp -r "$ROOT/tests/data/gate" "$chroot_dir/tmp/gate"
in_chroot() { chroot "$chroot_dir" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb "$@"; }
run in_chroot sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends man-db bash-completion dkms /tmp/vrbench_*_amd64.deb /tmp/vrealloc-bench-dkms_*_all.deb'
ok "$rc" "apt installs both packages and their dependencies from the archive"
[ "$rc" = 0 ] || diag "$(printf '%s\n' "$out" "$err" | tail -n 20)"

run in_chroot sh -c 'MANWIDTH=80 man vrbench | col -b'
like "$out" "^ +ci +what a CI job runs" "man vrbench renders (the commands from --help)"
like "$out" "^ +usage: vrbench compare " "with each command's own --help as its section"
run in_chroot vrbench --help
like "$rc:$out" "^0:usage: vrbench COMMAND" "vrbench --help"
run in_chroot vrbench kernels list
like "$out" "^7\.3 +debian +yes +7\.3\.4\+deb13" "vrbench kernels list, from /usr/share/vrbench"
run in_chroot sh -c 'cd /tmp && mkdir a b && cp gate/run0[1-5].json a/ && cp gate/run0[6-9].json gate/run10.json b/ &&
	vrbench compare a b'
like "$rc:$(printf '%s\n' "$out" | tail -n 1)" "^0:verdict: " "vrbench compare on recorded results, no checkout, no cache"
run in_chroot bash -c '. /usr/share/bash-completion/bash_completion; . /usr/share/bash-completion/completions/vrbench
	COMP_WORDS=(vrbench ke); COMP_CWORD=1; COMP_LINE="vrbench ke"; COMP_POINT=10
	_vrbench vrbench ke vrbench; echo "${COMPREPLY[*]}"'
is "$out" "kernels" "bash completion completes a command"

# DKMS against the headers of a catalogue kernel (6.12: bookworm's compiler)
h=$(sed -n 's/^build = //p' "$kdir/kernel.ini" 2>/dev/null)
if [ -n "$kdir" ] && [ -d "$h" ]; then
	release=$(sed -n 's/^release = //p' "$kdir/kernel.ini")
	# the cached headers name their own absolute paths: the same path inside
	mkdir -p "$chroot_dir$kdir" "$chroot_dir/lib/modules/$release"
	mount --bind "$kdir" "$chroot_dir$kdir" && mount -o remount,bind,ro "$chroot_dir$kdir"
	ln -sfn "$h" "$chroot_dir/lib/modules/$release/build"
	# what the headers' packages would have pulled in (linux-kbuild-6.12's Depends)
	in_chroot sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q libelf1 libssl3 zlib1g pahole' > /dev/null 2>&1
	run in_chroot dkms build vrealloc-bench/"$(dpkg-deb -f "$work/src"/vrealloc-bench-dkms_*_all.deb Version)" \
		-k "$release"
	ok "$rc" "dkms build of the module against $release's headers"
	[ "$rc" = 0 ] || diag "$(tail -n 25 "$chroot_dir"/var/lib/dkms/vrealloc-bench/*/build/make.log 2>/dev/null)"
	ls "$chroot_dir"/var/lib/dkms/vrealloc-bench/*/"$release"/x86_64/module/vrealloc_bench.ko* > /dev/null 2>&1
	ok "$?" "vrealloc_bench.ko built by DKMS"
	run in_chroot dkms install vrealloc-bench/"$(dpkg-deb -f "$work/src"/vrealloc-bench-dkms_*_all.deb Version)" \
		-k "$release"
	ok "$rc" "dkms install puts it under /lib/modules/$release"
	[ "$rc" = 0 ] || diag "$(printf '%s\n' "$out" "$err" | tail -n 10)"
else
	skip "no cached 6.12 kernel (run 'vrbench kernels fetch 6.12')"
	skip "no cached 6.12 kernel"
	skip "no cached 6.12 kernel"
fi

# --- vrbench native in a guest whose userspace is that chroot ------------------
# The guest boots the kernel DKMS built for; its /init (busybox) loads nothing
# (--no-module) and runs guest/native.sh chrooted in the Debian tree, where
# vrbench native finds the DKMS module with modinfo and loads it with modprobe.
for m in proc var/cache/apt/archives "$kdir"; do
	mountpoint -q "$chroot_dir/$m" 2>/dev/null && umount "$chroot_dir/$m"
done
# what a Debian image drops: apt's lists and caches
rm -rf "$chroot_dir"/var/lib/apt/lists/* "$chroot_dir"/var/cache/apt/*.bin "$chroot_dir"/tmp/*
diag "the guest's userspace: $(du -sm "$chroot_dir" | cut -f1) MiB"
if [ -d "$h" ]; then
	t0=$(date +%s)
	run "$VRBENCH" vm --kernel 6.12 --no-module --rootfs "$chroot_dir" --mem 3072 --timeout 1200 \
		--out "$work/native" --file "$ROOT/tests/integration/guest/native.sh" -- sh native.sh
	diag "native in a guest: $(($(date +%s) - t0)) s"
	ok "$rc" "the guest ran the job in its Debian userspace"
	[ "$rc" = 0 ] || diag "$(printf '%s\n' "$out" "$err" | tail -n 20; grep -i initramfs "$work/native/dmesg")"
	guest=$out
	field() { printf '%s\n' "$guest" | sed -n "s/^$1: //p"; }
	is "$(field 'dkms module')" "/lib/modules/$release/updates/dkms/vrealloc_bench.ko" \
		"the guest's kernel is the one DKMS built for: modinfo finds the module"
	is "$(field info)" "native target: available" "vrbench info: the native target is available (no headers)"
	is "$(field run):$(field 'after run')" "0:unloaded" "vrbench run --target native: exit 0, module unloaded after"
	like "$(cat "$work/native/run.log" 2>/dev/null)" "native: the installed module /lib/modules/" \
		"it loaded the DKMS module rather than building one"
	[ "$(field run)" = 0 ] || diag "$(tail -n 15 "$work/native/run.log" 2>/dev/null)"
	is "$(field validate)" 0 "its result file validates in the guest"
	res=$(ls "$work"/native/*.json 2>/dev/null | head -n 1)
	run "$VRBENCH" validate "${res:-/nonexistent}"
	is "$rc:$(jq -r '.target.kind + " " + .kernel.release' "$res" 2>/dev/null)" "0:native $release" \
		"and here, with target native and the guest's kernel release"
	is "$(field 'loaded while running'):$(field interrupted):$(field 'after ^C')" "loaded:130:unloaded" \
		"^C mid-suite: exit 130 and the module unloaded"
	[ "$(field interrupted)" = 130 ] || diag "$(tail -n 15 "$work/native/int.log" 2>/dev/null)"
	is "$(field 'failed job'):$(field 'after failed job')" "3:unloaded" \
		"a failed job: its exit code, and the module unloaded"
else
	for i in 1 2 3 4 5 6 7 8 9; do skip "no cached 6.12 kernel"; done
fi
done_testing
