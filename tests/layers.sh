#!/usr/bin/env bash
# The runner's folders are the pipeline's stages (runner/README.md); each may
# include only the stages before it.  Also: no include cycle among headers
# (runner/ or kmod/), and no source file over 500 lines.  Prints one line per
# breach and fails; says nothing else but its last line.
set -uo pipefail
cd "$(dirname "$0")/.."

# stage: the stages (and kmod's shared ABI headers) it may include, from each
# folder's README.md ("May include: a, b"), their one source
declare -A may=([tests]="lib plan target guest store judge render cli kmod")
for r in runner/*/README.md; do
	s=${r#runner/}
	s=${s%%/*}
	may[$s]=$(sed -n 's/^May include: //p' "$r" | tr -d ',' | sed 's/nothing but itself//')
	grep -q '^May include: ' "$r" || { echo "layers: $r says nothing of what $s may include"; exit 1; }
done
declare -A home=()
for f in runner/*/*.h; do
	s=${f#runner/}
	home[$(basename "$f")]=${s%%/*}
done
bad=0
for f in runner/*/*.[ch]; do
	s=${f#runner/}
	s=${s%%/*}
	while read -r inc; do
		case $inc in
		kmod/*) to=kmod ;;
		*) to=${home[$inc]:-?} ;;
		esac
		if [ "$to" = "?" ]; then
			echo "layers: $f includes \"$inc\", which no runner folder holds"
			bad=1
		elif [ "$to" != "$s" ] && ! [[ " ${may[$s]:-} " == *" $to "* ]]; then
			echo "layers: $f ($s) includes \"$inc\" ($to): $s may include only: ${may[$s]:-nothing}"
			bad=1
		fi
	done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
done

# header include cycles: tsort reports a loop
for d in runner kmod; do
	edges=$(for h in $(find "$d" -name '*.h'); do
		for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$h"); do
			echo "$(basename "$h") $(basename "$inc")"
		done
	done)
	loop=$(printf '%s\n' "$edges" | tsort 2>&1 >/dev/null)
	if [[ $loop == *loop* ]]; then
		echo "layers: an include cycle among $d/'s headers:"
		printf '%s\n' "$loop" | sed 's/^/  /'
		bad=1
	fi
done

# one include guard, one header: runner/bench.h and kmod/vrb_bench.h once shared
# VRB_BENCH_H, so whichever came second was silently empty
dups=$(grep -h '^#ifndef [A-Z_]*_H$' runner/*/*.h kmod/*.h | sort | uniq -d)
[ -z "$dups" ] || { echo "layers: include guards used by two headers: $dups"; bad=1; }

for f in runner/*/*.c kmod/*.c; do
	n=$(wc -l < "$f")
	[ "$n" -le 500 ] || { echo "layers: $f has $n lines (at most 500: split it by concern)"; bad=1; }
done
[ "$bad" = 0 ] && echo "layers: runner/ stages include only earlier stages; no include cycle; no file over 500 lines"
exit "$bad"
