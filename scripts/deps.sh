#!/usr/bin/env bash
# Everything vrbench needs on a Debian bookworm host, installed once and cached:
#   - bookworm packages through the system's own apt (its sources untouched);
#   - libperf and kselftest.h from Debian's linux-source (KERNEL-FACTS §7);
#   - the trixie chroot that builds modules for 7.x kernels (KERNEL-FACTS §5).
# Idempotent and quick when all is there; safe to interrupt and re-run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

packages=(
	gcc make libc6-dev pkg-config bc flex bison cpio gzip xz-utils zstd kmod
	libelf-dev dwarves qemu-system-x86 busybox-static debootstrap gnuplot-nox
	libhwloc-dev libjansson-dev libinih-dev libgsl-dev libcmocka-dev
	perl git ca-certificates dpkg-dev clang jq
	fonts-dejavu-core chromium-headless-shell imagemagick libxml2-utils
	devscripts liblwp-protocol-https-perl python3 python3-yaml
	help2man debhelper dh-dkms lintian linux-source-6.12 python3-jsonschema lava-dispatcher lavacli
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || vrb_die "missing packages (${missing[*]}); run 'make deps' as root"
	vrb_log "installing from bookworm: ${missing[*]}"
	apt-get update -q >&2 || vrb_die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"${missing[@]}" >&2 || vrb_die "apt-get install ${missing[*]} failed"
fi

# libperf and checkpatch are tools, not the kernel under test: when the pinned
# linux-source has left the archive, building vrbench goes on with the newest
# and says so (unless VRBENCH_ON_VANISHED says otherwise).
VRBENCH_ON_VANISHED=${VRBENCH_ON_VANISHED:-newest} "$(dirname "$0")/kernel-source.sh" 7.3 > /dev/null
"$(dirname "$0")/make-chroot.sh" trixie > /dev/null
vrb_log "dependencies ready (cache: $VRBENCH_CACHE)"
