#!/bin/sh
# History at scale (issue 17): `linq-secret-scan history` beside `git log -p` on git/git's master and on generated
# repositories of 1k, 10k and 100k commits: wall time and CPU time (GNU time) and peak RSS of all processes together (bench/tree_memory.py), RUNS runs each, with the scanner's own
# split (LINQ_SECRET_SCAN_STATS=1: time per phase, memory kept) from the last run. Needs git, python3, rg and GNU time
# (Debian: apt-get install ripgrep time).
#
#   bench/scale.sh [GIT_GIT]     GIT_GIT: a clone of https://github.com/git/git (any form; its master is copied into
#                                bench/out/git-master.git once, packed as a clone packs it). Without it, only the
#                                generated repositories.
#   RUNS=3 SIZES="1000 10000 100000" SCANNER=PATH bench/scale.sh ...    (SCANNER: a built binary instead of a
#                                                                       fresh NativeAOT publish)
#
# The machine must be otherwise idle for the figures to mean anything: the load average is printed first and last.
set -eu
cd "$(dirname "$0")/.."
runs="${RUNS:-3}"
sizes="${SIZES:-1000 10000 100000}"
out="bench/out"
mkdir -p "$out"
if [ -n "${SCANNER:-}" ]; then
    scanner="$(cd "$(dirname "$SCANNER")" && pwd)/$(basename "$SCANNER")"
else
    dotnet publish src/LinqSecretScan -c Release -r linux-x64 -o "$out/aot" -nologo -v quiet >/dev/null
    scanner="$(pwd)/$out/aot/linq-secret-scan"
fi
pattern='linq_[A-Za-z0-9_-]{12,}|(?i)linq[_-]?(api[_-]?)?(key|token)'  # bench/run.sh's
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(git --version)"

# One command, RUNS times: prints "median (min-max)" of the wall seconds, the CPU seconds (user + system, children
# included) and the peak memory: the RSS of the command and every process it started, summed at the moment the sum
# was largest (bench/tree_memory.py samples them every 0.1 s: the scanner runs git beside itself, and GNU time's %M
# sees only the largest single process), with the largest single process's peak beside it.
measure() {
    label="$1"
    shift
    : >"$out/scale-times"
    i=0
    while [ "$i" -lt "$runs" ]; do
        /usr/bin/time -f "%e %U %S" -o "$out/scale-time" python3 bench/tree_memory.py "$@" >/dev/null 2>"$out/scale-stderr" || true
        echo "$(tail -n 1 "$out/scale-time") $(tail -n 1 "$out/scale-stderr" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print(r["peakSumRssMb"], max(r["peakRssMbByProcess"].values()))')" >>"$out/scale-times"
        i=$((i + 1))
    done
    python3 - "$label" "$out/scale-times" <<'EOF'
import sys
rows = [l.split() for l in open(sys.argv[2]) if l.strip()]
wall = sorted(float(r[0]) for r in rows)
cpu = sorted(float(r[1]) + float(r[2]) for r in rows)
rss = sorted(int(r[3]) for r in rows)
single = sorted(int(r[4]) for r in rows)
mid = len(rows) // 2
print(f"| {sys.argv[1]} | {wall[mid]:.2f} s ({wall[0]:.2f}-{wall[-1]:.2f}) | {cpu[mid]:.2f} s ({cpu[0]:.2f}-{cpu[-1]:.2f}) | {rss[mid]} MB ({rss[0]}-{rss[-1]}) | {single[mid]} MB |")
EOF
}
table() {
    repo="$1"
    echo
    echo "### $2"
    echo
    echo "$(git -C "$repo" rev-list --count --all) commits, $(git -C "$repo" count-objects -v | awk '/^in-pack/ {print $2}') objects, pack $(git -C "$repo" count-objects -v | awk '/^size-pack/ {printf "%.0f", $2 / 1024}') MB; median of $runs runs (min-max)"
    echo
    echo "| command | wall | CPU (user + system, children included) | peak RSS, all its processes together | largest single process |"
    echo "|---|---|---|---|---|"
    LINQ_SECRET_SCAN_STATS=1 measure "\`linq-secret-scan history\`" "$scanner" history -q --format json -o /dev/null -C "$repo"
    grep 'stats:' "$out/scale-stderr" | sed 's/^linq-secret-scan: stats: /    /' >"$out/scale-split"
    measure "\`git log -p --all\`" git -C "$repo" log -p --all --output=/dev/null
    measure "\`git log -p -U0 --all \\| rg\`" sh -c "git -C '$repo' log -p -U0 --all | rg -c -e '$pattern' >/dev/null"
    echo
    echo "scanner's split (last run):"
    echo
    cat "$out/scale-split"
}

if [ $# -ge 1 ]; then
    master="$out/git-master.git"
    if [ ! -d "$master" ]; then
        git clone -q --bare --no-local --single-branch --branch master --no-tags "$1" "$master"
    fi
    table "$master" "git/git master"
fi

for n in $sizes; do
    repo="$out/history-$n"
    [ -d "$repo" ] || python3 bench/generate_repo.py history "$repo" --commits "$n" >/dev/null
    table "$repo" "generated, $n commits"
done

echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
