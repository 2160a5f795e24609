#!/usr/bin/env bash
# Figures and the report from real runs: Debian 6.12 and 7.3, the default
# suite (2 boots each) and the NUMA suite in a two-node guest (1 boot each).
# gnuplot's PNGs have the size their template asks for and are not blank, the
# SVGs parse, each figure has its data beside it; the HTML report opens in a
# real browser (chromium-headless-shell) with every image loaded, and prints
# to a screenshot and a PDF.  Bad input: one kernel only, a missing cell, an
# unknown schema version, each a clear error and no figure.
. "$(dirname "$0")/tap.sh"
plan 36

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run "$VRBENCH" run --kernels 6.12,7.3 --runs 2 --output "$work/d"
is "$rc" 0 "6.12 and 7.3 measured (default suite, 2 runs each)"
run "$VRBENCH" run --kernels 6.12,7.3 --runs 1 --bench "$ROOT/bench/numa.ini" --nodes 2 --cpus 2 \
	--output "$work/n"
is "$rc" 0 "and the NUMA suite in a two-node guest"
for d in d n; do
	for k in 6.12 7.3; do mkdir -p "$work/$d/$k"; mv "$work/$d"/*-"$k"-run*.json "$work/$d/$k/"; done
done

# png_ok FILE W H: the size asked for, and more than one colour's worth of pixels
png_ok() {
	local got sd
	got=$(identify -format '%w %h' "$1" 2>/dev/null)
	sd=$(convert "$1" -colorspace gray -format '%[fx:standard_deviation]' info: 2>/dev/null)
	[ "$got" = "$2 $3" ] && awk -v s="$sd" 'BEGIN { exit !(s > 0.05) }'
}

run "$VRBENCH" plot --out "$work/p" "$work/d/6.12" "$work/d/7.3"
is "$rc" 0 "vrbench plot 6.12 7.3 succeeds (gnuplot exited 0 for every figure)"
is "$(printf '%s\n' "$out" | grep -c '\.png$') $(printf '%s\n' "$out" | grep -c '\.svg$')" "4 4" \
	"four figures, each as PNG and SVG"
for fig in "latency 1200 860" "savings 1200 640" "ratio 1100 1500" "trend 1000 560"; do
	set -- $fig
	png_ok "$work/p/$1.png" "$2" "$3"; ok $? "$1.png is $2x$3 and not blank"
	xmllint --noout "$work/p/$1.svg" 2>/dev/null; ok $? "$1.svg parses as XML"
done
like "$(cat "$work/p/savings.tsv")" "256K->16K	64	64	4	0.00	93.75" \
	"savings data: 64 pages before, 64 kept by 6.12, 4 by 7.3: 93.75 % returned"
is "$(grep -c . "$work/p/latency-grow.tsv")" "21" "latency data: 10 grow rungs per kernel (and a header)"

run "$VRBENCH" plot --out "$work/pn" "$work/n/6.12" "$work/n/7.3"
is "$rc" 0 "the NUMA suite's results give the NUMA matrix"
png_ok "$work/pn/numa.png" 1120 480; ok $? "numa.png is 1120x480 and not blank"
is "$(awk 'NR > 1 { print $1 $2 }' "$work/pn/numa-2.tsv" | sort | paste -sd' ')" "00 01 10 11" \
	"every CPU node x memory node pair of the two-node guest"

# --- the report, in a browser -------------------------------------------------------
run "$VRBENCH" report --out "$work/r" --numa "$work/n/6.12,$work/n/7.3" "$work/d/6.12" "$work/d/7.3"
is "$rc" 1 "vrbench report writes the report and exits as the gate does (1: 7.3 copies on regrow)"
like "$(head -n 3 "$work/r/index.md")" '^\*\*Verdict: the gate' "index.md starts with the verdict"
like "$(cat "$work/r/index.md")" "regrow #1 grow 16384->262144: moved" "and names what regressed (7.3's regrow copies)"
like "$(cat "$work/r/index.md")" '!\[savings\]\(savings.png\)' "and shows the figures"
is "$(grep -c 'src="data:image/png;base64,' "$work/r/index.html")" 5 "index.html embeds its five figures"
is "$(grep -cE 'src="(https?:|//)|href="https?:' "$work/r/index.html")" 0 "and loads nothing from a network"

chrome() { chromium-headless-shell --no-sandbox --disable-gpu --hide-scrollbars "$@"; }
chrome --virtual-time-budget=10000 --dump-dom "file://$work/r/index.html" > "$work/dom" 2> "$work/console"
like "$(cat "$work/dom")" 'data-images="5/5"' "in Chromium, all 5 images load (naturalWidth > 0)"
chrome --enable-logging=stderr --v=0 --virtual-time-budget=5000 --dump-dom "file://$work/r/index.html" \
	> /dev/null 2> "$work/console"
is "$(grep -ciE 'CONSOLE.*(error|uncaught)|Uncaught' "$work/console")" 0 "with no console error"
chrome --window-size=1300,2400 --screenshot="$work/shot.png" "file://$work/r/index.html" > /dev/null 2>&1
png_ok "$work/shot.png" 1300 2400; ok $? "a screenshot of the page (1300x2400, not blank)"
chrome --print-to-pdf="$work/r.pdf" --no-pdf-header-footer "file://$work/r/index.html" > /dev/null 2>&1
[ "$(head -c 5 "$work/r.pdf" 2>/dev/null)" = "%PDF-" ] && [ "$(stat -c %s "$work/r.pdf")" -gt 100000 ]
ok $? "and a PDF of it (with the figures: over 100 KB)"
# the check itself: a page whose image is broken must not pass it
sed '0,/base64,[A-Za-z0-9+\/]\{40\}/s//base64,AAAA/' "$work/r/index.html" > "$work/broken.html"
chrome --virtual-time-budget=10000 --dump-dom "file://$work/broken.html" 2> /dev/null > "$work/dom2"
like "$(cat "$work/dom2")" 'data-images="4/5"' "(a page with one broken image counts 4 of 5: the check can fail)"

# --- bad input -------------------------------------------------------------------
run "$VRBENCH" plot --out "$work/x1" "$work/d/6.12"
is "$rc" 2 "one kernel only: a usage error"
like "$err" "two or more kernels or commits" "saying two are needed"
mkdir -p "$work/miss"
for f in "$work/d/7.3"/*.json; do jq -c 'del(.cells[] | select(.name == "shrink"))' "$f" > "$work/miss/$(basename "$f")"; done
run "$VRBENCH" plot --out "$work/x2" "$work/d/6.12" "$work/miss"
is "$rc" 2 "a side without the shrink cell: an error"
like "$err" "cell 'shrink' is missing there: the latency figure needs it" "naming the cell and the figure"
is "$(ls "$work/x2"/*.png 2>/dev/null | wc -l)" 0 "and no broken figure is left"
mkdir -p "$work/schema"
jq -c '.schema_version = 99' "$(ls "$work/d/7.3"/*.json | head -n 1)" > "$work/schema/r.json"
run "$VRBENCH" plot --out "$work/x3" "$work/d/6.12" "$work/schema/r.json"
is "$rc" 2 "an unknown schema version: an error"
like "$err" "schema_version 99, this vrbench reads" "saying which version"
mkdir -p "$work/clock"
for f in "$work/d/7.3"/*.json; do jq -c '.target.clock = "real"' "$f" > "$work/clock/$(basename "$f")"; done
run "$VRBENCH" plot --out "$work/x4" "$work/d/6.12" "$work/clock"
is "$rc.$(ls "$work/x4" 2>/dev/null | wc -l)" "2.0" "two clocks side by side: refused, no figure drawn"
done_testing
