#!/bin/sh
# What each way of reading git costs, on the benchmark repositories of bench/run.sh: the scanner with each path
# pinned by its switch (CONTRIBUTING.md), and git's own plumbing reading the same objects, side by side in one
# hyperfine run per row. Prints a Markdown table of medians. This is the evidence for keeping each path in
# src/LinqSecretScan/Sources/Git/ (Managed/, Native/, Cli/).
#
#   bench/git-paths.sh              all rows
#   bench/git-paths.sh ROW          one of: staged-small staged-packed staged-large staged-sha256 history commits
#
# Columns: default (LibGit2Sharp on the enumerating thread, direct libgit2 calls on workers and for the history's tree
# walk; the staged diff narrowed by the index's cache-tree), MANAGED_GIT=1 (LibGit2Sharp only), MANAGED_GIT=0 (direct
# libgit2 calls on every thread), GIT_CLI=1 (the staged diff and every blob through git: `git diff --cached` and
# `git cat-file --batch`), FULL_DIFF=1 (staged without the cache-tree narrowing), and git alone reading the same
# objects. Needs python3, git, hyperfine. Set OLD=/path/to/another/linq-secret-scan to add a column for it.
set -eu
cd "$(dirname "$0")/.."
out="$(pwd)/bench/out"
mkdir -p "$out/results"
only="${1:-all}"
for tool in python3 git hyperfine; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed" >&2; exit 2; }
done

dotnet publish src/LinqSecretScan -c Release -r linux-x64 -o "$out/aot" -nologo -v quiet >/dev/null
scanner="$out/aot/linq-secret-scan"
old="${OLD:-}"

repo_for() { # $1: row; prints the repository, generating it on first use (the same ones bench/run.sh uses)
    case "$1" in
        staged-small) r="$out/staged-small"; [ -d "$r" ] || python3 bench/generate_repo.py staged-small "$r" --files 1500 >&2 ;;
        staged-packed) r="$out/staged-packed-small"; [ -d "$r" ] || python3 bench/generate_repo.py staged-small "$r" --files 1500 --pack >&2 ;;
        staged-large) r="$out/staged-large"; [ -d "$r" ] || python3 bench/generate_repo.py staged-large "$r" --files 5000 --mb 100 >&2 ;;
        staged-sha256) r="$out/staged-sha256"; [ -d "$r" ] || python3 bench/generate_repo.py staged-large "$r" --files 300 --mb 6 --sha256 >&2 ;;
        history|commits) r="$out/history-1300"; [ -d "$r" ] || python3 bench/generate_repo.py history "$r" --commits 1300 >&2 ;;
    esac
    echo "$r"
}

row() { # $1: row name
    name="$1"
    repo="$(repo_for "$name")"
    case "$name" in
        staged-*)
            scan="staged -q --format json -o /dev/null"
            # git alone: list what the index adds, then read each of those blobs
            # (against the empty tree when nothing is committed yet, as in staged-large)
            git_alone="git diff-index --cached -M --raw --no-abbrev \$(git rev-parse -q --verify HEAD || git hash-object -t tree /dev/null) | awk '{ print \$4 }' | grep -v '^0*\$' | git cat-file --batch > /dev/null"
            runs=20; [ "$name" = staged-large ] && runs=5; [ "$name" = staged-sha256 ] && runs=5 ;;
        history)
            scan="history -q --format json -o /dev/null"
            # git alone: every object reachable from any ref, each read once
            git_alone="git rev-list --all --objects | cut -d' ' -f1 | git cat-file --batch > /dev/null"
            runs=5 ;;
        commits)
            scan="commits HEAD~300..HEAD -q --format json -o /dev/null"
            # git alone: what each of those commits changed, and each new blob read
            git_alone="git log --raw --no-abbrev --no-renames --format= HEAD~300..HEAD | awk '{ print \$4 }' | grep -v '^0*\$' | git cat-file --batch > /dev/null"
            runs=5 ;;
    esac
    # Each command is run without a shell (-N) from inside the repository; git alone needs its pipe, hence sh -c.
    # A SHA-256 repository has one way in (git); the old build read it with two git processes per blob.
    set -- -n default "$scanner $scan"
    case "$name" in
        staged-sha256) ;;
        *) set -- "$@" \
            -n managed "env LINQ_SECRET_SCAN_MANAGED_GIT=1 $scanner $scan" \
            -n native "env LINQ_SECRET_SCAN_MANAGED_GIT=0 $scanner $scan" \
            -n git-cli "env LINQ_SECRET_SCAN_GIT_CLI=1 $scanner $scan" ;;
    esac
    case "$name" in
        staged-small|staged-packed|staged-large) set -- "$@" -n full-diff "env LINQ_SECRET_SCAN_FULL_DIFF=1 $scanner $scan" ;;
    esac
    set -- "$@" -n git-alone "sh -c \"$git_alone\""
    [ -z "$old" ] || set -- "$@" -n old "$old $scan"
    (cd "$repo" && hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$out/results/git-paths-$name.json" "$@" >/dev/null)
}

case "$only" in
    all) for r in staged-small staged-packed staged-large staged-sha256 history commits; do row "$r"; done ;;
    staged-small|staged-packed|staged-large|staged-sha256|history|commits) row "$only" ;;
    *) echo "bench: unknown row '$only' (staged-small, staged-packed, staged-large, staged-sha256, history, commits)" >&2; exit 2 ;;
esac

python3 - "$out/results" <<'EOF'
import json, os, sys
from datetime import date
results = sys.argv[1]
rows = ["staged-small", "staged-packed", "staged-large", "staged-sha256", "history", "commits"]
columns = ["default", "managed", "native", "git-cli", "full-diff", "git-alone", "old"]
present = [c for c in columns if any(
    os.path.exists(os.path.join(results, f"git-paths-{r}.json")) and
    any(x["command"] == c for x in json.load(open(os.path.join(results, f"git-paths-{r}.json")))["results"]) for r in rows)]
print(f"bench/git-paths.sh, {date.today().isoformat()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end.\n")
for title, value in (("median wall time, ms", lambda x: x["median"] * 1000), ("mean CPU time (user + system), ms", lambda x: (x["user"] + x["system"]) * 1000)):
    print(f"{title}:\n")
    print("| row | " + " | ".join(present) + " |")
    print("|---|" + "---|" * len(present))
    for r in rows:
        path = os.path.join(results, f"git-paths-{r}.json")
        if not os.path.exists(path):
            continue
        values = {x["command"]: value(x) for x in json.load(open(path))["results"]}
        print(f"| {r} | " + " | ".join(f"{values[c]:.0f}" if c in values else "" for c in present) + " |")
    print()
EOF
