#!/usr/bin/env bash
# The Makefile on a machine's first run: in a copy of the tracked files (no
# build outputs), pkg-config knows none of the -dev packages until `deps` has
# run, as on a fresh Debian box.  A make that evaluated pkg-config before deps
# (the first `make demo` on a fresh machine linked with no libraries) fails here.
. "$(dirname "$0")/tap.sh"
plan 6

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tree" "$work/bin"
(cd "$ROOT" && git ls-files -z | xargs -0 tar -c) | tar -x -C "$work/tree"

# pkg-config answers only once the (stand-in) deps step has run; the real deps
# script still runs, and finds everything installed.
real_pc=$(command -v pkg-config)
cat > "$work/bin/pkg-config" <<EOS
#!/bin/sh
[ -f "$work/deps-ran" ] || exit 1
exec $real_pc "\$@"
EOS
cat > "$work/deps.sh" <<EOS
#!/bin/sh
touch "$work/deps-ran"
exec "$work/tree/scripts/deps.sh"
EOS
chmod +x "$work/bin/pkg-config" "$work/deps.sh"
# As a user types it: not as a sub-make of `make check`, whose MAKEFLAGS carry
# its own variables (VRB_DEPS_DONE among them) into every make below it.
fresh_make() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u VRB_DEPS_DONE make "$@"; }

PATH=$work/bin:$PATH run fresh_make -C "$work/tree" VRB_DEPS="$work/deps.sh" vrbench
is "$rc" 0 "make vrbench succeeds when pkg-config works only after deps"
[ "$rc" = 0 ] || diag "$(printf '%s' "$err" | tail -n 5)"
[ -x "$work/tree/vrbench" ] && "$work/tree/vrbench" --help > /dev/null 2>&1
ok $? "and the binary it linked runs"

rm -f "$work/deps-ran"
PATH=$work/bin:$PATH run fresh_make -C "$work/tree" VRB_DEPS="$work/deps.sh" build/tests/test_stats
is "$rc" 0 "a file target (a unit test binary) goes through deps first too"

rm -f "$work/deps-ran" "$work/tree/vrbench"
PATH=$work/bin:$PATH run fresh_make -C "$work/tree" VRB_DEPS=true vrbench
is "$rc" 2 "when deps leaves pkg-config without the packages, make stops"
like "$err" "pkg-config knows none of inih jansson hwloc gsl: run 'make deps'" "with a message naming the step"
[ ! -e "$work/tree/vrbench" ]
ok $? "and links nothing"
done_testing
