#!/usr/bin/env bash
# The main job: fetch the catalogue's default kernels, build the module for
# each, boot each under QEMU and show what the module reports, then measure
# the default suite on all of them (3 independent boots each) and print what
# the result files say about the 256 KiB -> 16 KiB shrink and the regrow.
# (Statistics, gates and plots join as their issues land.)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

mapfile -t defaults < <(./vrbench kernels list | awk 'NR > 1 && $3 == "yes" { print $1 }')
[ ${#defaults[@]} -gt 0 ] || vrb_die "no default kernels in the catalogue"
for k in "${defaults[@]}"; do
	./vrbench kernels fetch --build "$k" > /dev/null
	echo "== kernel $k"
	./vrbench vm --kernel "$k" || vrb_die "kernel $k: boot or module load failed (see above)"
done

kernels=$(IFS=,; echo "${defaults[*]}")
echo
echo "== vrbench run --kernels $kernels --runs 3"
mapfile -t files < <(./vrbench run --kernels "$kernels" --runs 3)
echo
printf '%-8s %-4s %-24s %-22s %-26s\n' KERNEL RUN "256K->16K resident pages" "regrow: pointer moved" "grow 2M->4M p50 (us)"
for f in "${files[@]}"; do
	jq -r '[.kernel.name, (.run.index | tostring),
		(.cells[] | select(.name == "walk-256k-16k") | .steps[1] |
			"\(.resident_pages_before) -> \(.resident_pages_after)"),
		(.cells[] | select(.name == "regrow") | .steps[1] | "\(.moved) of \(.ops)"),
		(.cells[] | select(.name == "grow") | .steps[-1].summary_ns.p50 / 1000 | floor | tostring)]
		| "\(.[0])\t\(.[1])\t\(.[2])\t\(.[3])\t\(.[4])"' "$f" |
	awk -F'\t' '{ printf "%-8s %-4s %-24s %-22s %-26s\n", $1, $2, $3, $4, $5 }'
done
clock=$(jq -r '.target.clock // "real"' "${files[0]}")
echo
[ "$clock" = icount ] && echo "Times are guest time on QEMU's instruction-count clock (8 ns an instruction):" \
	"comparable between kernels and runs here, not wall time."
echo "Result files: ${files[*]}"
