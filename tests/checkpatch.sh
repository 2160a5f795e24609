#!/usr/bin/env bash
# The module follows the kernel's coding style: checkpatch.pl --strict, from the
# kernel source `make deps` fetched, must report nothing on kmod/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
cp=$VRBENCH_CACHE/src/linux-7.3/scripts/checkpatch.pl
[ -f "$cp" ] || vrb_die "checkpatch.pl is missing: run 'make deps'"
# --terse prints one line per finding and nothing for a clean file.
if ! out=$(perl "$cp" --strict --no-tree --terse --show-types -f kmod/*.c kmod/*.h 2>&1) ||
   [ -n "$out" ]; then
	printf '%s\n' "$out" >&2
	vrb_die "checkpatch.pl --strict is not clean on kmod/"
fi
echo "checkpatch --strict: kmod/ clean"
