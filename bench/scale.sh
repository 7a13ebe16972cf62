#!/bin/sh
# History at scale (issue 17): `linq-secret-scan history` beside `git log -p` on git/git's master and on generated
# repositories of 1k, 10k and 100k commits: wall time, CPU time and peak RSS (GNU time), RUNS runs each, with the scanner's own
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

# One command, RUNS times: prints "min median max" of the wall seconds and of the peak RSS in MB.
measure() {
    label="$1"
    shift
    : >"$out/scale-times"
    i=0
    while [ "$i" -lt "$runs" ]; do
        /usr/bin/time -f "%e %M %U %S" -o "$out/scale-time" "$@" >/dev/null 2>"$out/scale-stderr" || true
        tail -n 1 "$out/scale-time" >>"$out/scale-times"
        i=$((i + 1))
    done
    python3 - "$label" "$out/scale-times" <<'EOF'
import sys
rows = [l.split() for l in open(sys.argv[2]) if l.strip()]
wall = sorted(float(r[0]) for r in rows)
rss = sorted(int(r[1]) / 1024 for r in rows)
cpu = sorted(float(r[2]) + float(r[3]) for r in rows)
mid = len(rows) // 2
print(f"| {sys.argv[1]} | {wall[mid]:.2f} s ({wall[0]:.2f}-{wall[-1]:.2f}) | {cpu[mid]:.2f} s ({cpu[0]:.2f}-{cpu[-1]:.2f}) | {rss[mid]:.0f} MB ({rss[0]:.0f}-{rss[-1]:.0f}) |")
EOF
}

table() {
    repo="$1"
    echo
    echo "### $2"
    echo
    echo "$(git -C "$repo" rev-list --count --all) commits, $(git -C "$repo" count-objects -v | awk '/^in-pack/ {print $2}') objects, pack $(git -C "$repo" count-objects -v | awk '/^size-pack/ {printf "%.0f", $2 / 1024}') MB; median of $runs runs (min-max)"
    echo
    echo "| command | wall | CPU (user + system, children waited for included) | peak RSS |"
    echo "|---|---|---|---|"
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
