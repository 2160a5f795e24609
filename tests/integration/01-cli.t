#!/usr/bin/env bash
# The command line: catalogue listing and every kind of bad input, without booting.
. "$(dirname "$0")/tap.sh"
plan 12

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

run "$VRBENCH" frobnicate
is "$rc" 2 "an unknown command is a usage error"

run "$VRBENCH" native
if [ -e /proc/modules ]; then
	skip "this kernel supports modules; the refusal path is for hosts without"
else
	like "$err" "native target cannot work here: the running kernel has no module support" \
		"native says why it cannot work here"
fi
done_testing
