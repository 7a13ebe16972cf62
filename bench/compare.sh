#!/bin/sh
# Times two builds of linq-secret-scan on bench/run.sh's rows, in the same hyperfine run per row (so both see the
# same machine load): the way to show that a change keeps the rows as fast as before.
#
#   bench/compare.sh [--hostile] OLD_BINARY [NEW_BINARY]   NEW_BINARY defaults to a fresh NativeAOT publish of this tree
#
# --hostile: bench/hostile.sh's dir inputs instead (bench/out/hostile/inputs, made on first use), 5 runs each.
#
# Prints a Markdown table: median, mean ± σ and mean CPU time (user + system) of each, and new/old. Repositories are
# the ones bench/run.sh generates (bench/out/), made here on first use. Needs python3, git, hyperfine.
set -eu
usage() { echo "usage: bench/compare.sh [--hostile] OLD_BINARY [NEW_BINARY]${1:+ ($1)}" >&2; exit 2; }
hostile=false
if [ "${1:-}" = "--hostile" ]; then
    hostile=true
    shift
fi
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
# Binaries are resolved against the caller's directory, before this script moves to the repository's root.
resolve() {
    case "$1" in -*) usage "unknown option $1" ;; esac
    if [ ! -f "$1" ] || [ ! -x "$1" ]; then usage "$1 is not an executable file"; fi
    echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
}
old="$(resolve "$1")"
new=""
[ $# -lt 2 ] || new="$(resolve "$2")"
cd "$(dirname "$0")/.."
out="$(pwd)/bench/out"
mkdir -p "$out/results"
if [ -z "$new" ]; then
    dotnet publish src/LinqSecretScan -c Release -r linux-x64 -o "$out/aot" -nologo -v quiet >/dev/null
    new="$out/aot/linq-secret-scan"
fi

if [ "$hostile" = true ]; then
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
print(f"bench/compare.sh --hostile, {date.today().isoformat()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end:\n")
print("| input | old median | new median | old CPU | new CPU | new/old wall | new/old CPU |")
print("|---|---|---|---|---|---|---|")
for row in rows:
    r = {x["command"]: x for x in json.load(open(os.path.join(results, f"hostile-{row}.json")))["results"]}
    o, n = r["old"], r["new"]
    ms = lambda v: f"{v * 1000:,.0f} ms"
    print(f"| {row} | {ms(o['median'])} | {ms(n['median'])} | {ms(o['user'] + o['system'])} | {ms(n['user'] + n['system'])} "
          f"| {n['median'] / o['median']:.2f} | {(n['user'] + n['system']) / (o['user'] + o['system']):.2f} |")
PY
    exit 0
fi

[ -d "$out/staged-small" ] || python3 bench/generate_repo.py staged-small "$out/staged-small" --files 1500 >&2
[ -d "$out/staged-packed-small" ] || python3 bench/generate_repo.py staged-small "$out/staged-packed-small" --files 1500 --pack >&2
[ -d "$out/staged-large" ] || python3 bench/generate_repo.py staged-large "$out/staged-large" --files 5000 --mb 100 >&2
[ -d "$out/history-1300" ] || python3 bench/generate_repo.py history "$out/history-1300" --commits 1300 >&2
[ -d "$out/tree-10000" ] || python3 bench/generate_repo.py tree "$out/tree-10000" --files 10000 >&2

compare() { # $1: row name, $2: folder to run in, $3: runs, $4: the scanner's arguments
    (cd "$2" && hyperfine -N -i --warmup 3 --runs "$3" --export-json "$out/results/compare-$1.json" \
        -n old "$old $4" -n new "$new $4" >/dev/null)
}

compare staged "$out/staged-small" 60 "staged -q"
compare staged-packed "$out/staged-packed-small" 60 "staged -q"
compare staged-large "$out/staged-large" 8 "staged -q --format json -o /dev/null"
compare history "$out/history-1300" 8 "history -q --format json -o /dev/null"
compare dir "$out" 10 "dir -q --format json -o /dev/null $out/tree-10000"

python3 - "$out/results" <<'PY'
import json, os, sys
from datetime import date
results = sys.argv[1]
print(f"bench/compare.sh, {date.today().isoformat()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end:\n")
print("| row | old median | new median | old mean ± σ | new mean ± σ | old CPU | new CPU | new/old (median) |")
print("|---|---|---|---|---|---|---|---|")
for row in ["staged", "staged-packed", "staged-large", "history", "dir"]:
    path = os.path.join(results, f"compare-{row}.json")
    if not os.path.exists(path):
        continue
    r = {x["command"]: x for x in json.load(open(path))["results"]}
    o, n = r["old"], r["new"]
    ms = lambda v: f"{v * 1000:.1f} ms"
    print(f"| {row} | {ms(o['median'])} | {ms(n['median'])} | {ms(o['mean'])} ± {o['stddev'] * 1000:.1f} | {ms(n['mean'])} ± {n['stddev'] * 1000:.1f} "
          f"| {ms(o['user'] + o['system'])} | {ms(n['user'] + n['system'])} | {n['median'] / o['median']:.2f} |")
PY
