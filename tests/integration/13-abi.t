#!/usr/bin/env bash
# The seam between runner and module, key by key: a bench file that sets every
# job key of the module's table (kmod/vrb_abi_table.h) to a value other than
# its default goes bench file -> runner -> debugfs -> the module's parser ->
# the module's normalized job line -> the result file, on 7.3 in a guest, and
# each key comes back with the value it was given.  A key added to the table
# without a line here fails the test, as does a key the runner or the module
# drops or mangles.
. "$(dirname "$0")/tap.sh"

# key: cell and the value the normalized job line must carry (sizes in bytes)
declare -A want=(
	[pattern]="app pattern=append" [api]="grow api=kvrealloc" [gfp]="grow gfp=account"
	[start]="huge start=huge" [node]="grow node=0" [thisnode]="grow thisnode=1"
	[from]="grow from=8192" [to]="grow to=32768" [step]="grow step=x4"
	[elem]="app elem=48" [count]="app count=20" [sizes]="walk sizes=65536,8192"
	[reps]="grow reps=2" [warmup]="grow warmup=2" [purpose]="grow purpose=calibration"
	[calibrate_slowdown]="grow calibrate_slowdown=5" [threads]="app threads=2"
	[fill]="huge fill=0" [verify]="huge verify=0" [drain]="grow drain=0"
	[jitter]="grow jitter=0" [alloc_node]="walk alloc_node=0" [gfps]="walk gfps=kernel,nofs"
	[scatter]="grow scatter=0"
)
mapfile -t keys < <(sed -n 's/^VRB_JOB_KEY(\([a-z_]*\), [0-9]*)$/\1/p' "$ROOT/kmod/vrb_abi_table.h")
plan $(( ${#keys[@]} + 3 ))

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/seam.ini" <<'INI'
[suite]
name = seam

[grow]
pattern = grow
api = kvrealloc
gfp = account
node = 0
thisnode = 1
from = 8K
to = 32K
step = x4
reps = 2
warmup = 2
purpose = calibration
calibrate_slowdown = 5
drain = 0
jitter = 0
scatter = 0

[app]
pattern = append
elem = 48
count = 20
threads = 2

[walk]
pattern = walk
sizes = 64K,8K
alloc_node = 0
gfps = kernel,nofs

[huge]
pattern = shrink
start = huge
from = 4M
to = 2M
fill = 0
verify = 0
INI
missing=
for k in "${keys[@]}"; do [ -n "${want[$k]:-}" ] || missing+=" $k"; done
is "${missing:-none}" none "every key of the module's table has a value in this test"

run "$VRBENCH" run --kernels 7.3 --runs 1 --jobs 1 --cpus 2 --bench "$dir/seam.ini" --output "$dir/out"
is "$rc" 0 "a bench file with every job key runs on 7.3"
f=$(ls "$dir/out"/*.json 2>/dev/null | head -n 1)
is "$(jq -r '[.cells[].status] | unique | join(",")' "$f" 2>/dev/null)" done "and every cell is done"
for k in "${keys[@]}"; do
	cell=${want[$k]%% *} kv=${want[$k]#* }
	# a refused cell keeps the runner's own line: only a done cell's is the module's
	line=$(jq -r --arg c "$cell" '.cells[] | select(.name == $c and .status == "done") | .job' \
		"$f" 2>/dev/null)
	like " $line " " $(re "$kv") " "$k: $kv comes back from the module in cell $cell"
done
done_testing
