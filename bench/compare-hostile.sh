#!/bin/sh
# Times two builds of linq-secret-scan on bench/hostile.sh's dir inputs, in the same hyperfine run per input (so both
# see the same machine load), as bench/compare.sh does for bench/run.sh's rows.
#
#   bench/compare-hostile.sh OLD_BINARY [NEW_BINARY]   NEW_BINARY defaults to a fresh NativeAOT publish of this tree
#
# Prints a Markdown table: median wall time and mean CPU time (user + system) of each, and new/old. The inputs are
# bench/hostile.sh's (bench/out/hostile/inputs), made here on first use. Needs python3, hyperfine.
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/compare-hostile.sh OLD_BINARY [NEW_BINARY]" >&2; exit 2; }
old="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="$(pwd)/bench/out"
mkdir -p "$out/results"
if [ $# -ge 2 ]; then
    new="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
else
    dotnet publish src/LinqSecretScan -c Release -r linux-x64 -o "$out/aot" -nologo -v quiet >/dev/null
    new="$out/aot/linq-secret-scan"
fi

inputs="$out/hostile/inputs"
[ -d "$inputs" ] || python3 bench/generate_hostile.py "$inputs" >&2
rows="single-line-3mb linq-prefix-1m assignment-300k bearer-4mb nested-json-100k utf16le-bom nul-free-junk-8mb file-40mb"
for row in $rows; do
    (cd "$inputs/$row" && hyperfine -N -i --warmup 1 --runs 5 --export-json "$out/results/hostile-$row.json" \
        -n old "$old dir -q --format json -o /dev/null" -n new "$new dir -q --format json -o /dev/null" >/dev/null 2>&1)
done

# shellcheck disable=SC2086 # the rows are words
python3 - "$out/results" $rows <<'PY'
import json, os, sys
from datetime import date
results, rows = sys.argv[1], sys.argv[2:]
print(f"bench/compare-hostile.sh, {date.today().isoformat()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end:\n")
print("| input | old median | new median | old CPU | new CPU | new/old wall | new/old CPU |")
print("|---|---|---|---|---|---|---|")
for row in rows:
    r = {x["command"]: x for x in json.load(open(os.path.join(results, f"hostile-{row}.json")))["results"]}
    o, n = r["old"], r["new"]
    ms = lambda v: f"{v * 1000:,.0f} ms"
    print(f"| {row} | {ms(o['median'])} | {ms(n['median'])} | {ms(o['user'] + o['system'])} | {ms(n['user'] + n['system'])} "
          f"| {n['median'] / o['median']:.2f} | {(n['user'] + n['system']) / (o['user'] + o['system']):.2f} |")
PY
