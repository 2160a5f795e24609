#!/usr/bin/env bash
# Boot each Debian kernel of the catalogue under QEMU with the module loaded
# and check what the module reports against what was fetched.
. "$(dirname "$0")/tap.sh"

# name:access path the module must report there (KERNEL-FACTS §2)
kernels=("6.12:kvrealloc" "7.3:vrealloc" "6.1:none")
plan $((${#kernels[@]} * 4))

for k in "${kernels[@]}"; do
	name=${k%%:*} access=${k#*:}
	run "$VRBENCH" kernels fetch --build "$name"
	is "$rc" 0 "$name: fetched and the module built"
	release=$(printf '%s' "$out" | awk '{ print $3 }')
	diag "$name: $out"

	run "$VRBENCH" vm --kernel "$name"
	is "$rc" 0 "$name: boots, loads the module, powers off"
	like "$out" "^release=$(re "$release")\$" "$name: info reports the fetched release $release"
	like "$out" "^access=$access\$" "$name: access path is $access"
done
done_testing
