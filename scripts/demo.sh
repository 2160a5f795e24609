#!/usr/bin/env bash
# The main job, as far as it goes today: fetch the catalogue's default kernels,
# build the module for each, boot each under QEMU, and print what the module
# reports there.  (Measuring, comparing and plotting join as their issues land.)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

mapfile -t defaults < <(./vrbench kernels list | awk 'NR > 1 && $3 == "yes" { print $1 }')
[ ${#defaults[@]} -gt 0 ] || vrb_die "no default kernels in the catalogue"
status=0
for k in "${defaults[@]}"; do
	./vrbench kernels fetch --build "$k" > /dev/null
	echo "== kernel $k"
	if ! ./vrbench vm --kernel "$k"; then
		status=1
		echo "   (kernel $k: boot or module load failed; see above)"
	fi
done
exit $status
