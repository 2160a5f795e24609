#!/usr/bin/env bash
# README's figures: the savings and latency figures of the newest `make demo`
# run, rendered again by `vrbench plot` and scaled down, into plots/readme/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

demo=$(ls -d results/demo-*/ 2>/dev/null | sort | tail -n 1)
[ -n "$demo" ] || vrb_die "no results/demo-*: run 'make demo' first"
mapfile -t sides < <(ls -d "$demo"default/*/ | sort -V)
[ ${#sides[@]} -ge 2 ] || vrb_die "$demo: fewer than two kernels"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
./vrbench plot --out "$tmp" "${sides[@]}" > /dev/null
mkdir -p plots/readme
for f in savings latency; do
	convert "$tmp/$f.png" -resize 900x "plots/readme/$f.png"
done
echo "plots/readme/savings.png plots/readme/latency.png from $demo"
