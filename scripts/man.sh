#!/usr/bin/env bash
# vrbench(1), generated from the program itself so that the page and --help
# cannot drift: help2man (the field's tool for this) writes the page from
# `vrbench --help` and `--version`, and every command's `vrbench CMD --help`
# becomes its subsection of COMMANDS.  tests/man.sh holds the installed page to
# the binary's --help.
# Usage: scripts/man.sh VRBENCH OUT.1
set -euo pipefail
bin=$1 out=$2
command -v help2man > /dev/null || { echo "man.sh: help2man is missing (make deps installs it)" >&2; exit 1; }
inc=$(mktemp)
trap 'rm -f "$inc"' EXIT
roff() { sed 's/\\/\\e/g; s/^[.'"'"']/\\\&&/'; }
{
	echo "[COMMANDS]"
	for c in $("$bin" --commands); do
		printf '.SS %s\n.nf\n' "$c"
		"$bin" "$c" --help | roff
		printf '.fi\n'
	done
	cat <<'TXT'
[ENVIRONMENT]
.TP
.B VRBENCH_CACHE
Downloaded kernels, their module builds, the chroot and package lists
(default ~/.cache/vrbench).
.TP
.B VRBENCH_RESULTS
Where result directories are written and kernel names are looked up (default:
results/ of a checkout; results/ in the current directory for an installed vrbench).
.TP
.B VRBENCH_CATALOGUE
Another kernel catalogue (kernels.ini; its pins in kernels.lock beside it).
.TP
.B VRBENCH_GATES
A gates file whose keys override config/gates.ini.
.TP
.B VRBENCH_ON_VANISHED
fail (default) or newest: what a pinned Debian kernel that left the archive means.
[FILES]
.TP
.I PREFIX/share/vrbench
The kernel catalogue and its pins, gates, bench files, gnuplot templates, the
module's source and the kselftest of an installed vrbench (a checkout keeps them
beside the binary).
[SEE ALSO]
.BR perf (1),
.BR dkms (8)
TXT
} > "$inc"
mkdir -p "$(dirname "$out")"
help2man --no-info --section=1 --name="measure vrealloc() across kernels: time, memory, verdict" \
	--include="$inc" --output="$out" "$bin"
