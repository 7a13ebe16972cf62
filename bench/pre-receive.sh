#!/bin/sh
# The server hook's cost (issue 14): the time a push takes with linq-secret-scan's pre-receive hook against the same
# push without it, measured with hyperfine on the same machine in the same run.
#
#   bench/pre-receive.sh            both rows
#   bench/pre-receive.sh one        a push of 1 commit (changing one file) to a 1,500-file repository
#   bench/pre-receive.sh thousand   a push of 1,000 new commits (1 to 5 files changed each) to the same repository
#
# The pushes go over git's local transport (git push /path/to/server.git: the client runs git-receive-pack, which
# runs the hook, as sshd would). Before each run the server's main is reset to the base commit and the objects of the
# last push are dropped (git repack -a -d, git prune), so every run pushes the same commits to the same server.
# The scanner is the NativeAOT release build (dotnet publish -r linux-x64), as installed on a server; set
# LINQ_SECRET_SCAN_BENCH_SCANNER=/path/to/linq-secret-scan to time another build. Generated data goes to bench/out/.
set -eu
cd "$(dirname "$0")/.."
out="$(pwd)/bench/out"
mkdir -p "$out"
only="${1:-all}"

for tool in python3 git hyperfine; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed (apt-get install hyperfine python3)" >&2; exit 2; }
done

if [ -n "${LINQ_SECRET_SCAN_BENCH_SCANNER:-}" ]; then
    scanner="$LINQ_SECRET_SCAN_BENCH_SCANNER"
else
    dotnet publish src/LinqSecretScan -c Release -r linux-x64 -o "$out/aot" -nologo -v quiet >/dev/null
    scanner="$out/aot/linq-secret-scan"
fi
results="$out/results"
mkdir -p "$results"

source_repo="$out/push-source"
[ -d "$source_repo" ] || python3 bench/generate_repo.py push "$source_repo" --files 1500 --commits 1000
base=$(git -C "$source_repo" rev-parse base)

# Two servers with the base commit: one with the hook, one without.
for name in with-hook without-hook; do
    server="$out/push-$name.git"
    rm -rf "$server"
    git init -q --bare -b main "$server"
    git -C "$source_repo" push -q "$server" base:refs/heads/main
done
"$scanner" install --hook pre-receive -C "$out/push-with-hook.git" >/dev/null

# A client on the base commit, with one more commit (one file changed) on the branch one.
client="$out/push-client"
rm -rf "$client"
git clone -q "$source_repo" "$client"
git -C "$client" checkout -q -b one base
printf '// one more line\n' >> "$client/src/module00/sub0/file00000.cs"
git -C "$client" -c user.name=Bench -c user.email=bench@example.invalid commit -q -am "one change"

reset() { # the server as it was: main at the base commit, nothing else
    printf 'git -C %s update-ref refs/heads/main %s && git -C %s repack -a -d -q && git -C %s prune --expire=now' "$1" "$base" "$1" "$1"
}

row() { # $1: row name, $2: what the client pushes to main, $3: runs
    with="$out/push-with-hook.git"
    without="$out/push-without-hook.git"
    hyperfine -N --warmup 1 --runs "$3" --export-json "$results/pre-receive-$1.json" \
        --prepare "sh -c '$(reset "$with")'" -n "with the hook" "git -C $client push -q $with $2:refs/heads/main" \
        --prepare "sh -c '$(reset "$without")'" -n "without it" "git -C $client push -q $without $2:refs/heads/main"
    git -C "$with" rev-parse --verify -q "refs/heads/main" >/dev/null
}

case "$only" in
    all) row one one 20; row thousand main 10 ;;
    one) row one one 20 ;;
    thousand) row thousand main 10 ;;
    *) echo "bench: unknown row '$only' (one, thousand)" >&2; exit 2 ;;
esac
