#!/usr/bin/env bash
# Boot each Debian kernel of the catalogue under QEMU with the module loaded
# and check what the module reports against what was fetched.
. "$(dirname "$0")/tap.sh"

# name:access path the module must report there (KERNEL-FACTS §2)
kernels=("6.12:kvrealloc" "7.3:vrealloc" "6.1:none")
plan $((${#kernels[@]} * 5 + 7))

for k in "${kernels[@]}"; do
	name=${k%%:*} access=${k#*:}
	run "$VRBENCH" kernels fetch --build "$name"
	is "$rc" 0 "$name: fetched and the module built"
	release=$(printf '%s' "$out" | awk '{ print $3 }')
	diag "$name: $out"
	run "$VRBENCH" kernels fetch "$name"
	# (but the one line that says a pin Debian replaced is stood in for, on any day)
	is "$(printf '%s' "$err" | grep -v "^vrbench: warning: kernel '$(re "$name")' is pinned to Debian .*VRBENCH_ON_VANISHED=newest")" "" \
		"$name: a second fetch downloads nothing and says nothing"

	run "$VRBENCH" vm --kernel "$name"
	is "$rc" 0 "$name: boots, loads the module, powers off"
	like "$out" "^release=$(re "$release")\$" "$name: info reports the fetched release $release"
	like "$out" "^access=$access\$" "$name: access path is $access"
done

# A kernel of one's own (source = local), its tree outside the cache, once per
# compiler path: 6.12 (gcc-12, built on the host) and 7.3 (gcc-14, built in the
# trixie chroot, which must see the tree read-only at its own path).  A copy of
# the fetched image and headers stands in for a user's bzImage and build tree.
trees=$(mktemp -d /var/tmp/vrbench-trees.XXXXXX)
cat_file=$trees/kernels.ini
for name in 6.12 7.3; do
	kdir=$(sed -n 's/^build = //p' "$(kernel_dir "$name")/kernel.ini")
	root=${kdir%/usr/src/*}
	cp -a "$root" "$trees/$name"
	cp "$root/../vmlinuz" "$trees/$name/bzImage"
	sed -i "s|$root/|$trees/$name/|g" "$trees/$name/usr/src/"*/Makefile
	printf '[mine-%s]\nsource = local\nvmlinuz = %s\nbuild = %s\n' "$name" \
		"$trees/$name/bzImage" "$trees/$name/${kdir#"$root"/}" >> "$cat_file"
	rm -rf "$ROOT/build/kmod/local-mine-$name"
	VRBENCH_KERNELS=$cat_file run "$VRBENCH" vm --kernel "mine-$name"
	is "$rc" 0 "$name: a local kernel whose tree is outside the cache boots with the module built for it"
	like "$out" "^release=$(re "$name")\." "$name: and reports its release"
done
like "$(cat "$ROOT/build/kmod/local-mine-7.3/build.log")" "CC \[M\]" "the 7.3 tree's module was compiled (in the chroot)"
printf '[broken]\nsource = local\nvmlinuz = /nonexistent/bzImage\nbuild = /tmp\n' >> "$cat_file"
VRBENCH_KERNELS=$cat_file run "$VRBENCH" vm --kernel broken
is "$rc" 125 "a local kernel whose image is missing cannot be measured"
like "$err" "kernel 'broken': image /nonexistent/bzImage does not exist" "and says which file is missing"
rm -rf "$trees"
done_testing
