# shellcheck shell=bash
# Common helpers for vrbench's shell glue: cache location, messages, and the
# private apt configuration used to download from Debian suites that are not
# (and must never be) in the system's own apt sources.

VRBENCH_CACHE=${VRBENCH_CACHE:-${HOME:-/root}/.cache/vrbench}
export VRBENCH_CACHE

vrb_log() { printf 'vrbench: %s\n' "$*" >&2; }
# A failing command under set -e must not end a script silently.
trap 'vrb_log "error: ${BASH_SOURCE[0]##*/}:$LINENO: \"$BASH_COMMAND\" failed"' ERR

vrb_die() { printf 'vrbench: error: %s\n' "$*" >&2; exit 1; }

# The mirror URIs come from the system's apt configuration at run time so
# that no host name is ever written into the repository.
vrb_system_sources() {
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
	    /etc/apt/sources.list.d/*.list 2>/dev/null || true
}

# $1 = "debian" or "debian-security": print the first URI serving it.
vrb_mirror() {
	local want=$1 uri
	uri=$(vrb_system_sources | awk -v want="$want" '
		/^[ \t]*#/ { next }
		/^URIs:/ { for (i = 2; i <= NF; i++) print $i; next }
		/^deb[ \t]/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }
	' | awk -v want="$want" '{ u = $0; sub(/\/+$/, "", u); n = split(u, p, "/");
		if (p[n] == want) { print u; exit } }')
	[ -n "$uri" ] || vrb_die "no '$want' archive found in the system's apt sources (/etc/apt)"
	printf '%s\n' "$uri"
}

VRB_APT_DIR=$VRBENCH_CACHE/apt
VRB_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# apt-get/apt-cache options that point every state and cache path at
# $VRB_APT_DIR, so nothing under /etc/apt or /var/lib/apt is touched.
vrb_apt_opts() {
	printf '%s\n' \
	    -o "Dir::Etc::SourceList=$VRB_APT_DIR/sources.list" \
	    -o "Dir::Etc::SourceParts=$VRB_APT_DIR/empty.d" \
	    -o "Dir::Etc::Preferences=$VRB_APT_DIR/preferences" \
	    -o "Dir::Etc::PreferencesParts=$VRB_APT_DIR/empty.d" \
	    -o "APT::Sandbox::User=root" \
	    -o "Dir::State::Lists=$VRB_APT_DIR/lists" \
	    -o "Dir::State::status=/dev/null" \
	    -o "Dir::Cache=$VRB_APT_DIR/cache" \
	    -o "APT::Get::List-Cleanup=0" \
	    -o "Acquire::Languages=none" \
	    -o "Debug::NoLocking=1"
}

vrb_apt() {
	local tool=$1; shift
	local -a opts
	mapfile -t opts < <(vrb_apt_opts)
	"$tool" "${opts[@]}" "$@"
}

# Write the private sources list and refresh its package lists.  Refreshes
# only when forced or when the lists are missing, so a warm cache stays offline.
vrb_apt_update() {
	local force=${1:-}
	local deb sec
	mkdir -p "$VRB_APT_DIR/lists/partial" "$VRB_APT_DIR/cache/archives/partial" \
	    "$VRB_APT_DIR/empty.d"
	touch "$VRB_APT_DIR/preferences"
	if [ -z "$force" ] && [ -f "$VRB_APT_DIR/lists/.complete" ]; then
		return 0
	fi
	if [ -n "${VRBENCH_APT_SOURCES:-}" ]; then
		# A local mirror, or a test's own repository, in sources.list format.
		cp "$VRBENCH_APT_SOURCES" "$VRB_APT_DIR/sources.list" ||
			vrb_die "cannot read VRBENCH_APT_SOURCES=$VRBENCH_APT_SOURCES"
	else
		deb=$(vrb_mirror debian)
		sec=$(vrb_mirror debian-security)
		{
			for s in bookworm bookworm-updates bookworm-backports trixie trixie-backports sid; do
				echo "deb [signed-by=$VRB_KEYRING] $deb $s main"
			done
			echo "deb [signed-by=$VRB_KEYRING] $sec bookworm-security main"
		} > "$VRB_APT_DIR/sources.list"
	fi
	vrb_log "refreshing the private package lists"
	rm -f "$VRB_APT_DIR/lists/.complete"
	vrb_apt apt-get -q --error-on=any update >&2 ||
		vrb_die "could not download Debian package lists (is the Debian archive reachable?)"
	touch "$VRB_APT_DIR/lists/.complete"
}

# The kernel lock (config/kernels.lock): the exact Debian ABI and package
# version each catalogue name means, so one name is one kernel on every
# machine until someone moves the pin on purpose.  INI: [NAME] abi= version=.
# vrb_lock_get LOCK NAME KEY: prints the value, or nothing.
vrb_lock_get() {
	[ -f "$1" ] || return 0
	awk -v want="[$2]" -v key="$3" '
		/^[ \t]*[#;]/ { next }
		/^\[/ { insec = ($0 == want); next }
		insec && $1 == key && $2 == "=" { print $3; exit }
	' "$1"
}

# vrb_lock_set LOCK NAME KEY=VALUE...: replaces NAME's section in place (its
# comments too: they described the old pin) or appends it; every other line
# is kept.  Written under a temporary name and renamed.
vrb_lock_set() {
	local lock=$1 name=$2 body="" kv tmp
	shift 2
	for kv in "$@"; do body+="${kv%%=*} = ${kv#*=}"$'\n'; done
	tmp=$lock.tmp.$$
	[ -f "$lock" ] || printf '# The exact Debian kernel each catalogue name means.\n' > "$lock"
	awk -v want="[$name]" -v body="$body" '
		/^\[/ { if (skip) print ""; skip = 0 }
		$0 == want { print; printf "%s", body; skip = 1; done = 1; next }
		!skip { print }
		END { if (!done) { print ""; print want; printf "%s", body } }
	' "$lock" > "$tmp" && mv "$tmp" "$lock"
}

# --- pins that vanish ---------------------------------------------------------
# Debian's archive keeps only the current upload of each suite, so every exact
# pin in config/kernels.lock disappears from it at the package's next upload
# (KERNEL-FACTS §11).  A pinned package is looked for in the cache, then in the
# archive at the exact version, then in Debian's snapshot archive (debsnap, from
# devscripts: the way Debian users get an old package back), and only then does
# the policy decide, VRBENCH_ON_VANISHED:
#   fail    (default) stop with an error naming the package, the snapshot URL
#           tried and the command that moves the pin;
#   newest  use the newest version of the same series, with one warning line;
#           the lock is not rewritten (moving a pin is done on purpose).
# `make demo` and the test suite set newest: they must work on any day.
vrb_on_vanished() {
	case ${VRBENCH_ON_VANISHED:-fail} in
	fail | newest) printf '%s\n' "${VRBENCH_ON_VANISHED:-fail}" ;;
	*) vrb_die "VRBENCH_ON_VANISHED='$VRBENCH_ON_VANISHED': expected 'fail' or 'newest'" ;;
	esac
}

vrb_warn() { printf 'vrbench: warning: %s\n' "$*" >&2; }

# Where a vanished pin's substitute is remembered, so later uses of the same
# pin need no network: $VRBENCH_CACHE/vanished/KEY holds `KEY=VALUE` lines.
vrb_vanished_file() { printf '%s/vanished/%s\n' "$VRBENCH_CACHE" "$1"; }

# vrb_vanished_get KEY FIELD: a field of the record, or nothing.
vrb_vanished_get() {
	local f
	f=$(vrb_vanished_file "$1")
	[ -f "$f" ] && sed -n "s/^$2=//p" "$f" | head -n 1
	return 0
}

# vrb_vanished_put KEY FIELD=VALUE...: written under a temporary name, renamed.
vrb_vanished_put() {
	local f kv
	f=$(vrb_vanished_file "$1")
	shift
	mkdir -p "${f%/*}"
	for kv in "$@"; do printf '%s\n' "$kv"; done > "$f.tmp.$$" && mv "$f.tmp.$$" "$f"
}

# vrb_snapshot_get DIR PKG VERSION ARCH: download PKG at exactly VERSION from
# Debian's snapshot archive into DIR (debsnap).  Fast and quiet: its output
# goes to DIR/debsnap.log, and VRB_SNAPSHOT_URL is set to the first URL it
# asked, for the caller's error message.  VRBENCH_SNAPSHOT_URL replaces the
# snapshot archive's address (a local mirror of it, or a test's stand-in);
# without it debsnap's own default is used, so no host is named here.
# Returns 0 only when DIR holds that package at that version.
vrb_snapshot_get() {
	local dir=$1 pkg=$2 ver=$3 arch=$4 home deb
	mkdir -p "$dir"
	command -v debsnap > /dev/null || {
		VRB_SNAPSHOT_URL="(debsnap is not installed: apt-get install devscripts)"
		return 1
	}
	# debsnap reads its settings from ~/.devscripts alone: give it a home of
	# its own, so nothing depends on the user's.
	home=$dir/.home
	mkdir -p "$home"
	: > "$home/.devscripts"
	[ -z "${VRBENCH_SNAPSHOT_URL:-}" ] ||
		printf 'DEBSNAP_BASE_URL=%s\n' "${VRBENCH_SNAPSHOT_URL%/}" > "$home/.devscripts"
	HOME=$home timeout 120 debsnap -v --force --binary -a "$arch" -d "$dir" "$pkg" "$ver" \
		>> "$dir/debsnap.log" 2>&1 || true
	VRB_SNAPSHOT_URL=$(sed -n 's/^Getting json \(.*\)$/\1/p' "$dir/debsnap.log" | head -n 1)
	for deb in "$dir/${pkg}_"*.deb; do
		[ -f "$deb" ] || continue
		[ "$(dpkg-deb -f "$deb" Package 2>/dev/null)" = "$pkg" ] &&
		    [ "$(dpkg-deb -f "$deb" Version 2>/dev/null)" = "$ver" ] && return 0
	done
	return 1
}
