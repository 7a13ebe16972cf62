#!/bin/sh
# Times `linq-secret-scan history` against `git log -p --all` on a generated repository with a few thousand
# commits (the figure in the README). Needs python3, git, hyperfine (Debian: apt-get install hyperfine).
# The generated repository holds three synthetic tokens, so the scanner exits 1 (findings): that is expected.
#   bench/history.sh [COMMITS]        default 3000
set -eu
cd "$(dirname "$0")/.."
commits="${1:-3000}"
out="bench/out"
mkdir -p "$out"
dotnet publish src/LinqSecretScan -c Release -r linux-x64 -o "$out/aot" -nologo -v quiet >/dev/null
repo="$out/history-$commits"
[ -d "$repo" ] || python3 bench/generate_repo.py history "$repo" --commits "$commits"
scanner="$(pwd)/$out/aot/linq-secret-scan"
echo "repository: $commits commits, $(git -C "$repo" rev-list --all --objects | wc -l) objects, $(git -C "$repo" log -p --all | wc -c) bytes of git log -p --all"
hyperfine --warmup 1 --runs 5 -N --ignore-failure \
    "$scanner history -q --format json -o /dev/null -C $repo" \
    "git -C $repo log -p --all --output=/dev/null"
