#!/bin/sh
# LinqSecretScan's speed table (issue 7), side by side with the tools it is measured against, on repositories
# generated deterministically by bench/generate_repo.py. Prints a markdown table of medians and ratios.
#
#   bench/run.sh            all rows
#   bench/run.sh staged     one row: staged | staged-packed | staged-large | history | dir
#
# Needs: python3, git, hyperfine, ripgrep, git-secrets (Debian: apt-get install hyperfine ripgrep git-secrets),
# and npm for secretlint (optional: its row says so when npm is missing). Generated data goes to bench/out/.
set -eu
cd "$(dirname "$0")/.."
out="$(pwd)/bench/out"
mkdir -p "$out"
only="${1:-all}"

for tool in python3 git hyperfine rg git-secrets; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed (apt-get install hyperfine ripgrep git-secrets python3)" >&2; exit 2; }
done

dotnet publish src/LinqSecretScan -c Release -r linux-x64 -o "$out/aot" -nologo -v quiet >/dev/null
scanner="$out/aot/linq-secret-scan"
pattern='linq_[A-Za-z0-9_-]{12,}|(?i)linq[_-]?(api[_-]?)?(key|token)'
results="$out/results"
mkdir -p "$results"

peak_rss() { # peak resident set size in MB of one run of "$@" (run in the current directory)
    /usr/bin/time -f '%M' -o "$results/rss.txt" "$@" >/dev/null 2>&1 || true
    tail -n 1 "$results/rss.txt" | awk '{ printf "%.0f", $1 / 1024 }'
}

row_staged() { # $1: staged (loose objects, as right after committing everything) or staged-packed (as a clone)
    key="$1"
    repo="$out/$key-small"
    if [ ! -d "$repo" ]; then
        if [ "$key" = staged-packed ]; then
            python3 bench/generate_repo.py staged-small "$repo" --files 1500 --pack
        else
            python3 bench/generate_repo.py staged-small "$repo" --files 1500
        fi
    fi
    git -C "$repo" config --unset-all secrets.patterns >/dev/null 2>&1 || true
    git -C "$repo" secrets --add 'linq_[A-Za-z0-9_-]{12,}'
    git -C "$repo" secrets --add '(LINQ_API_KEY|LINQ_TOKEN)[[:space:]]*[=:][[:space:]]*[^[:space:]]+'
    secretlint=""
    if command -v npm >/dev/null 2>&1; then
        [ -x "$out/secretlint/node_modules/.bin/secretlint" ] || npm install --silent --no-audit --no-fund --prefix "$out/secretlint" \
            secretlint@9 @secretlint/secretlint-rule-preset-recommend@9 >/dev/null 2>&1 || true
        if [ -x "$out/secretlint/node_modules/.bin/secretlint" ]; then
            printf '{ "rules": [ { "id": "@secretlint/secretlint-rule-preset-recommend" } ] }\n' > "$repo/.secretlintrc.json"
            secretlint="$out/secretlint/node_modules/.bin/secretlint --secretlintrc .secretlintrc.json src/module00/sub0/file00000.cs"
        fi
    fi
    cd "$repo"
    set -- "$scanner staged -q" "git secrets --pre_commit_hook"
    [ -z "$secretlint" ] || set -- "$@" "$secretlint"
    hyperfine -N --warmup 5 --runs 40 --export-json "$results/$key.json" "$@" >/dev/null
    cd - >/dev/null
    echo "$key $(peak_rss sh -c "cd $repo && $scanner staged -q")" > "$results/$key.rss"
}

row_staged_large() {
    repo="$out/staged-large"
    [ -d "$repo" ] || python3 bench/generate_repo.py staged-large "$repo" --files 5000 --mb 100
    hyperfine --warmup 1 --runs 5 --export-json "$results/staged-large.json" \
        "cd $repo && $scanner staged -q --format json -o /dev/null; test \$? -le 1" \
        "cd $repo && git diff --cached -U0 | rg -c -e '$pattern' > /dev/null; true" >/dev/null
    echo "staged-large $(peak_rss sh -c "cd $repo && $scanner staged -q --format json -o /dev/null")" > "$results/staged-large.rss"
}

row_history() {
    repo="$out/history-1300"
    [ -d "$repo" ] || python3 bench/generate_repo.py history "$repo" --commits 1300
    hyperfine --warmup 1 --runs 5 --export-json "$results/history.json" \
        "$scanner history -q --format json -o /dev/null -C $repo; test \$? -le 1" \
        "git -C $repo log -p -U0 --all | rg -c -e '$pattern' > /dev/null; true" >/dev/null
    echo "history $(peak_rss "$scanner" history -q --format json -o /dev/null -C "$repo")" > "$results/history.rss"
    git -C "$repo" log -p -U0 --all | wc -c > "$results/history.bytes"
}

row_dir() {
    tree="$out/tree-10000"
    [ -d "$tree" ] || python3 bench/generate_repo.py tree "$tree" --files 10000
    hyperfine --warmup 2 --runs 10 --export-json "$results/dir.json" \
        "$scanner dir -q --format json -o /dev/null $tree; test \$? -le 1" \
        "rg -c -e '$pattern' $tree > /dev/null; true" >/dev/null
    echo "dir $(peak_rss "$scanner" dir -q --format json -o /dev/null "$tree")" > "$results/dir.rss"
}

case "$only" in
    all) row_staged staged; row_staged staged-packed; row_staged_large; row_history; row_dir ;;
    staged|staged-packed) row_staged "$only" ;;
    staged-large) row_staged_large ;;
    history) row_history ;;
    dir) row_dir ;;
    *) echo "bench: unknown row '$only' (staged, staged-packed, staged-large, history, dir)" >&2; exit 2 ;;
esac

python3 bench/report.py "$results"
