#!/usr/bin/env bash
# The command line: catalogue listing and every kind of bad input, without booting.
. "$(dirname "$0")/tap.sh"
plan 26

run "$VRBENCH" kernels list
is "$rc" 0 "kernels list succeeds"
like "$out" '^6\.1 +debian +no' "6.1 is listed, not a default"
like "$out" $'\n''7\.3 +debian +yes' "7.3 is listed as a default"

run "$VRBENCH" vm --kernel 7.33
is "$rc" 2 "a misspelled kernel is a usage error (exit 2)"
like "$err" "unknown kernel '7\.33'.*knows 6\.1, 6\.12, 7\.3" "the error names the known kernels"

bad=$(mktemp)
printf '[x]\nsource = debian\nseries = 6.12\nflavor = rt\n' > "$bad"
VRBENCH_KERNELS=$bad run "$VRBENCH" kernels list
is "$rc" 2 "a malformed catalogue is refused"
like "$err" "$bad:4: \[x\] unknown key 'flavor'" "the error names the file and line"
rm -f "$bad"

run "$VRBENCH" vm --kernel 7.3 --nodes two
is "$rc" 2 "a malformed number is refused"
like "$err" "--nodes: 'two' is not a whole number" "and said so"

run "$VRBENCH" vm --kernel 7.3 --cpus 1 --nodes 2
like "$err" "--cpus at least --nodes" "more nodes than CPUs is refused"

# One catalogue name, two Debian ABIs (results from before a pin moved).
cmpdir=$(mktemp -d)
mkdir "$cmpdir/a" "$cmpdir/b"
cp "$ROOT/runner/tests/data/result-7.3.json" "$cmpdir/a/r.json"
jq '.kernel.abi = "7.3.5+deb13"' "$ROOT/runner/tests/data/result-7.3.json" > "$cmpdir/b/r.json"
run "$VRBENCH" compare "$cmpdir/a" "$cmpdir/b"
like "$err" "kernel '7\.3' is Debian 7\.3\.4\+deb13 in one run and 7\.3\.5\+deb13 in another \(base and new\)" \
	"compare says when one kernel name stands for two ABIs"
run "$VRBENCH" compare "$cmpdir/a" "$cmpdir/a"
is "$(printf '%s' "$err" | grep -c 'one name, two kernels')" "0" "and is silent when they agree"
rm -rf "$cmpdir"

run "$VRBENCH" frobnicate
is "$rc" 2 "an unknown command is a usage error"

run "$VRBENCH" native
if [ -e /proc/modules ]; then
	skip "this kernel supports modules; the refusal path is for hosts without"
else
	like "$err" "native target cannot work here: the running kernel has no module support" \
		"native says why it cannot work here"
fi

# --- run --jobs and anchor: bad counts refused before any boot -------------------------
run "$VRBENCH" run --kernels 7.3 --jobs 0
is "$rc" 2 "run --jobs 0 is a usage error"
like "$err" "--jobs: '0' is not a valid count" "naming the option"
run "$VRBENCH" anchor --boots 1 --loads 2
is "$rc" 2 "anchor with fewer than 3 loads in all is a usage error"
like "$err" "boots x loads must be from 3" "saying why"
run "$VRBENCH" anchor --kernel 7.33
is "$rc" 2 "anchor on a kernel not in the catalogue: exit 2"

# --- config/gates.ini: every gate default's one source --------------------------------
g=$(mktemp -d)
mkdir -p "$g/a" "$g/b" "$g/root/config"
cp "$ROOT"/tests/data/gate/run0[1-5].json "$g/a/"
cp "$ROOT"/tests/data/gate/run0[6-9].json "$ROOT/tests/data/gate/run10.json" "$g/b/"
run "$VRBENCH" compare --gate "$g/a" "$g/b"
like "$out" "threshold 2 %" "compare's threshold is config/gates.ini's (2 %), not a number in C"
printf '[latency]\np50_threshold = 10%%\n' > "$g/partial.ini"
VRBENCH_GATES=$g/partial.ini run "$VRBENCH" compare --gate "$g/a" "$g/b"
like "$out" "threshold 10 %" "a gates file of one key overrides config/gates.ini for that key"
grep -v '^min_runs' "$ROOT/config/gates.ini" > "$g/root/config/gates.ini"
VRBENCH_ROOT=$g/root run "$VRBENCH" compare --gate "$g/a" "$g/b"
like "$rc:$err" "^2:.*config/gates.ini: \[latency\] min_runs is missing" \
	"a defaults file without a key is an error naming it, never a fallback"
rm "$g/root/config/gates.ini"
VRBENCH_ROOT=$g/root run "$VRBENCH" compare --gate "$g/a" "$g/b"
like "$rc:$err" "^2:.*config/gates.ini: cannot read the gates file" "so is an unreadable one"
VRBENCH_GATES=$g/nosuch.ini run "$VRBENCH" compare --gate "$g/a" "$g/b"
like "$rc:$err" "^2:.*nosuch.ini: cannot read the gates file" "and a gates file named but missing"
rm -rf "$g"

# --- the CI examples a kernel tree copies: valid YAML, running vrbench ci -------------
for y in gitlab-ci github-actions; do
	run python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); print(repr(d))' \
		"$ROOT/contrib/$y.yml"
	like "$rc:$out" "^0:.*vrbench ci .*125" "contrib/$y.yml parses, runs vrbench ci and handles 125"
done
done_testing
