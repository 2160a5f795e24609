#!/usr/bin/env bash
# vrbench export --kcidb: a comparison as a KCIDB v5.3 submission, validated
# against KernelCI's own schema (tests/data/kcidb/schema-v5.3.json, or the one
# $KCIDB_SCHEMA names) with Debian's python3-jsonschema.  Recorded results: no
# guest boots here (14-ci.t validates the document `vrbench ci` writes).
. "$(dirname "$0")/tap.sh"
schema=${KCIDB_SCHEMA:-$ROOT/tests/data/kcidb/schema-v5.3.json}
[ -f "$schema" ] || { echo "1..0 # SKIP no KCIDB schema at $schema (set KCIDB_SCHEMA)"; exit 0; }
# the plan after the skip: a skipped file prints one plan, "1..0"
plan 11
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/base" "$dir/new"
cp "$ROOT"/tests/data/gate/run0[1-5].json "$dir/base/"
cp "$ROOT"/tests/data/gate/run0[6-9].json "$ROOT"/tests/data/gate/run10.json "$dir/new/"
validate() {	# prints "valid", or "invalid: " and the validator's first complaint
	/usr/bin/python3 -c 'import json, sys, jsonschema
try:
    jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
    print("valid")
except jsonschema.ValidationError as e:
    print("invalid: " + e.message)' "$schema" "$1" 2>&1
}

run "$VRBENCH" export --kcidb --out "$dir/doc.json" "$dir/base" "$dir/new"
is "$rc" 0 "export --kcidb of a recorded comparison"
is "$(validate "$dir/doc.json")" "valid" "the document validates against KCIDB's schema v5.3"
"$VRBENCH" export --kcidb --out "$dir/again.json" "$dir/base" "$dir/new" 2>/dev/null
ok "$(cmp -s "$dir/doc.json" "$dir/again.json"; echo $?)" \
	"the same results give the same document: a resubmission updates, never duplicates"
is "$(jq '[.tests[].id] | length == (unique | length)' "$dir/doc.json")" true "every test id is unique"
rows=$("$VRBENCH" compare --format json "$dir/base" "$dir/new" | jq '[.cells[] | select(.ratio != null and (.key | test(" #")))] | length')
is "$(jq '[.tests[] | select(.path | endswith(".p50"))] | length' "$dir/doc.json")" "$((2 * rows))" \
	"one p50 measurement per latency row and side ($rows rows)"
is "$(jq -r '[.tests[] | select(.path | endswith(".p50"))][0].number | "\(.unit) \(.prefix)"' "$dir/doc.json")" \
	"s metric" "in seconds, metric prefix"
"$VRBENCH" compare --gate "$dir/base" "$dir/new" > /dev/null 2>&1
gate_rc=$?
want=$([ "$gate_rc" = 0 ] && echo PASS || { [ "$gate_rc" = 1 ] && echo FAIL || echo ERROR; })
is "$(jq -r '.tests[] | select(.path == "vrbench.gate") | .status' "$dir/doc.json")" "$want" \
	"vrbench.gate is compare --gate's verdict (exit $gate_rc: $want)"

# the validator must refuse what KCIDB would: a bad path, a bad status
jq '.tests[0].path = "vrbench.grow s0"' "$dir/doc.json" > "$dir/bad-path.json"
like "$(validate "$dir/bad-path.json")" "^invalid: .*does not match" "a path with a space is refused"
jq '.tests[0].status = "OK"' "$dir/doc.json" > "$dir/bad-status.json"
like "$(validate "$dir/bad-status.json")" "^invalid: 'OK' is not one of" "a status KCIDB does not know is refused"

run "$VRBENCH" export --kcidb --origin "Bad Origin" "$dir/base" "$dir/new"
like "$rc:$err" "^2:.*--origin 'Bad Origin': KCIDB origins are" "a malformed origin is an input error"
run "$VRBENCH" export "$dir/base" "$dir/new"
is "$rc" 2 "export without a format is a usage error"
done_testing
