#!/usr/bin/env bash
# Build a kernel variant from Debian's linux-source (catalogue `source = build`):
# the pinned source tree, config/kernel/vrbench.config plus fragments, plus
# patches, cached and incremental, then register it like a local kernel.
#
# Layout under $VRBENCH_CACHE/kbuild:
#   base-SERIES[+frag...]/out   one full build per fragment set, no patches
#   NAME/src                    a hard-linked copy of the pristine tree, patched
#   NAME/out                    a copy of the base's out, rebuilt incrementally
# Every build runs in a private mount namespace with its source bind-mounted at
# one fixed path (kbuild/.src): Kbuild records absolute source paths in every
# .cmd file, so a variant's copied out/ sees the same paths as its base and
# make rebuilds only what the patches touched (KERNEL-FACTS §9: ~30 s, not 5 min).
# Afterwards out/Makefile and out/source point at the variant's own tree, so
# module builds work outside the namespace.
#
# Usage: kernel-build.sh NAME SERIES "FRAGMENTS" "PATCHES"
#   FRAGMENTS: names (config/kernel/NAME.config) or paths; PATCHES: paths (-p1,
#   against the kernel tree).  Prints the registered kernel directory.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 4 ] || vrb_die "usage: kernel-build.sh NAME SERIES FRAGMENTS PATCHES"
name=$1 series=$2
root=$(cd "$(dirname "$0")/.." && pwd)
read -r -a frag_names <<< "$3"
read -r -a patches <<< "$4"
[ "$(id -u)" = 0 ] || vrb_die "building kernel '$name' needs root (a private mount namespace)"

frags=()
for f in "${frag_names[@]}"; do
	case $f in
	*/*) p=$f ;;
	*) p=$root/config/kernel/$f.config ;;
	esac
	[ -f "$p" ] || vrb_die "kernel '$name': no fragment '$f' ($p; known: $(cd "$root/config/kernel" && ls *.config | sed 's/\.config$//' | grep -vx vrbench | tr '\n' ' '))"
	frags+=("$p")
done
for p in "${patches[@]}"; do
	[ -f "$p" ] || vrb_die "kernel '$name': patch $p does not exist"
done

# The pristine tree: the whole linux-source tarball of the pinned version (or,
# under VRBENCH_ON_VANISHED=newest, the one kernel-source.sh used in its place).
srcdir=$("$root/scripts/kernel-source.sh" "$series")
ver=$(cat "$srcdir/.version")
tarball=$VRBENCH_CACHE/src/linux-source-$series${ver:+_$ver}.tar.xz
pristine=$VRBENCH_CACHE/src/linux-$series-tree
if ! [ -f "$pristine/.complete" ] || [ "$(cat "$pristine/.version")" != "$ver" ]; then
	vrb_log "unpacking the whole linux-source-$series $ver (once; about 1.5 GB)"
	rm -rf "$pristine" "$pristine.tmp"
	mkdir -p "$pristine.tmp"
	tar -xJf "$tarball" -C "$pristine.tmp" --strip-components=1 ||
		vrb_die "unpacking $tarball failed (disk full?)"
	echo "$ver" > "$pristine.tmp/.version"
	touch "$pristine.tmp/.complete"
	mv "$pristine.tmp" "$pristine"
fi

kb=$VRBENCH_CACHE/kbuild
mnt=$kb/.src
mkdir -p "$mnt"
# One kernel build at a time: variants share their base's output directory.
exec 9> "$kb/.lock"
flock 9

# make, in a mount namespace where SRC is at $mnt; then point OUT at SRC.
build_in() {
	local src=$1 out=$2
	shift 2
	unshare -m --propagation private bash -c '
		set -e
		mount --bind "$1" "$2"
		shift 2
		exec "$@"' _ "$src" "$mnt" "$root/scripts/build-kernel.sh" "$mnt" "$out" "$@" > /dev/null
	sed -i "s|^include $mnt/Makefile\$|include $src/Makefile|" "$out/Makefile"
	ln -sfn "$src" "$out/source"
}

# The base of this fragment set: a full build, once per source version and fragments.
base_id=base-$series$(printf '+%s' "${frag_names[@]}" | sed 's/^+$//')
base=$kb/$base_id
base_stamp=$(cat "$pristine/.version" "$root/config/kernel/vrbench.config" ${frags[@]+"${frags[@]}"} | sha256sum | cut -c1-16)
if [ "$(cat "$base/.stamp" 2>/dev/null)" != "$base_stamp" ]; then
	vrb_log "building $base_id from scratch (about 5 min here; 7 min with kasan)"
	rm -rf "$base"
	mkdir -p "$base"
	t0=$(date +%s)
	build_in "$pristine" "$base/out" ${frags[@]+"${frags[@]}"}
	echo "$(( $(date +%s) - t0 ))" > "$base/.seconds"
	echo "$base_stamp" > "$base/.stamp"
fi
# Nothing to make when the stamp matches: it hashes every input (the pinned
# source version, the fragments, the patches), and the trees are never edited.

if [ ${#patches[@]} -eq 0 ]; then
	dir=$base
else
	dir=$kb/$name
	stamp=$({ echo "$base_stamp"; cat "${patches[@]}"; } | sha256sum | cut -c1-16)
	if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
		vrb_log "kernel '$name': $base_id + ${#patches[@]} patch(es)"
		rm -rf "$dir"
		mkdir -p "$dir"
		cp -al "$pristine" "$dir/src"
		for p in "${patches[@]}"; do
			# break the hard links of the files this patch touches first,
			# so the pristine tree never changes
			sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$p" | while IFS= read -r f; do
				[ -f "$dir/src/$f" ] && cp --remove-destination "$pristine/$f" "$dir/src/$f"
				true
			done
			patch -s -p1 -d "$dir/src" --no-backup-if-mismatch < "$p" ||
				vrb_die "kernel '$name': $p does not apply to linux-source-$series $ver"
		done
		cp -a "$base/out" "$dir/out"
		t0=$(date +%s)
		build_in "$dir/src" "$dir/out" ${frags[@]+"${frags[@]}"}
		echo "$(( $(date +%s) - t0 ))" > "$dir/.seconds"
		echo "$stamp" > "$dir/.stamp"
	fi
fi
"$root/scripts/kernel-local.sh" "$name" "$dir/out/arch/x86/boot/bzImage" "$dir/out"
