#!/usr/bin/env bash
# Boot each Debian kernel of the catalogue under QEMU with the module loaded
# and check what the module reports against what was fetched.
. "$(dirname "$0")/tap.sh"

# name:access path the module must report there (KERNEL-FACTS §2)
kernels=("6.12:kvrealloc" "7.3:vrealloc" "6.1:none")
plan $((${#kernels[@]} * 5 + 4))

for k in "${kernels[@]}"; do
	name=${k%%:*} access=${k#*:}
	run "$VRBENCH" kernels fetch --build "$name"
	is "$rc" 0 "$name: fetched and the module built"
	release=$(printf '%s' "$out" | awk '{ print $3 }')
	diag "$name: $out"
	run "$VRBENCH" kernels fetch "$name"
	is "$err" "" "$name: a second fetch downloads nothing and says nothing"

	run "$VRBENCH" vm --kernel "$name"
	is "$rc" 0 "$name: boots, loads the module, powers off"
	like "$out" "^release=$(re "$release")\$" "$name: info reports the fetched release $release"
	like "$out" "^access=$access\$" "$name: access path is $access"
done

# A kernel of one's own (source = local): here the fetched 6.12 image and its
# headers tree stand in for a user's bzImage and build directory.
kdir=$(sed -n 's/^build = //p' "$VRBENCH_CACHE"/kernels/6.12.*/kernel.ini | head -n 1)
image=$(dirname "$(dirname "$(dirname "$(dirname "$kdir")")")")/vmlinuz
cat_file=$(mktemp)
printf '[mine]\nsource = local\nvmlinuz = %s\nbuild = %s\n[broken]\nsource = local\nvmlinuz = /nonexistent/bzImage\nbuild = /tmp\n' \
	"$image" "$kdir" > "$cat_file"
VRBENCH_KERNELS=$cat_file run "$VRBENCH" vm --kernel mine
is "$rc" 0 "a local kernel (image + build tree) boots with the module built for it"
like "$out" "^release=6\.12\." "and reports its release"
VRBENCH_KERNELS=$cat_file run "$VRBENCH" vm --kernel broken
is "$rc" 125 "a local kernel whose image is missing cannot be measured"
like "$err" "kernel 'broken': image /nonexistent/bzImage does not exist" "and says which file is missing"
rm -f "$cat_file"
done_testing
