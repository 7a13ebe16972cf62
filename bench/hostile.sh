#!/bin/bash
# Hostile inputs against the NativeAOT binary: time and peak memory of each scan (GNU time's %e and %M), with the
# exit code and what was found, as the Markdown rows of the README's table. Measurements, not assertions: the
# tests check behaviour with generous hang guards; this shows the cost.
#   bench/hostile.sh            needs python3, git, /usr/bin/time; writes its inputs under bench/out/hostile
set -eu
cd "$(dirname "$0")/.."
out="bench/out/hostile"
mkdir -p "$out"
dotnet publish src/LinqSecretScan -c Release -r linux-x64 -o bench/out/aot -nologo -v quiet >/dev/null
scanner="$(pwd)/bench/out/aot/linq-secret-scan"
[ -d "$out/inputs" ] || python3 bench/generate_hostile.py "$out/inputs"

# measure LABEL DIR ARGS...: one table row; the findings column counts JSON findings.
measure() {
    label=$1 dir=$2
    shift 2
    set +e
    ( cd "$dir" && /usr/bin/time -f "%e s|%M KB" -o "$OLDPWD/$out/time.txt" "$scanner" "$@" --format json -q -o "$OLDPWD/$out/report.json" 2>"$OLDPWD/$out/stderr.txt" )
    status=$?
    set -e
    findings=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['findings']))" "$out/report.json" 2>/dev/null || echo "-")
    reason=$(head -n 1 "$out/stderr.txt" | sed "s/^linq-secret-scan: //; s/^could not scan: //; s|$PWD/||g" | cut -c 1-110)
    IFS='|' read -r seconds memory < <(tail -n 1 "$out/time.txt")
    memory_mb=$(( ${memory% KB} / 1024 ))
    echo "| $label | exit $status, $findings finding(s)${reason:+; $reason} | $seconds | $memory_mb MB |"
    rm -f "$out/report.json"
}

echo "| input | result | time | peak RSS |"
echo "|---|---|---|---|"
for input in single-line-3mb linq-prefix-1m assignment-300k bearer-4mb nested-json-100k utf16le-bom nul-free-junk-8mb file-40mb file-300mb; do
    measure "dir: $input ($(du -h "$out/inputs/$input" | cut -f1))" "$out/inputs/$input" dir
done

# A file above maxFileSize (default 512 MiB), sparse so that it costs no disk.
mkdir -p "$out/over-max" && truncate -s 600M "$out/over-max/huge.bin"
measure "dir: 600 MB file, above maxFileSize" "$out/over-max" dir

# 100,000 files committed, one small change staged (with a token).
repo="$out/repo-100k"
if [ ! -d "$repo" ]; then
    python3 bench/generate_repo.py staged-small "$repo" --files 100000
fi
python3 -c 'import random, string; r = random.Random(5); print("token = \"linq" + "_" + "".join(r.choice(string.ascii_letters + string.digits) for _ in range(32)) + "\"")' >"$repo/src/module00/sub0/token.txt"
git -C "$repo" add src/module00/sub0/token.txt
measure "staged: 100,000 files, 2 staged" "$repo" staged
git -C "$repo" update-index --split-index
measure "staged: 100,000 files, split index (read through git)" "$repo" staged
git -C "$repo" update-index --no-split-index
git -C "$repo" sparse-checkout init --cone --sparse-index >/dev/null 2>&1
git -C "$repo" sparse-checkout set src/module00 >/dev/null 2>&1
measure "staged: 100,000 files, sparse index (read through git)" "$repo" staged
git -C "$repo" sparse-checkout disable >/dev/null 2>&1
# A SHA-256 repository (LibGit2Sharp cannot open it; staged goes through git): a 40 MB file and a token staged.
sha="$out/repo-sha256"
rm -rf "$sha" && git init -q -b main --object-format=sha256 "$sha"
cp "$out/inputs/file-40mb/input.log" "$sha/big.log"
git -C "$sha" add big.log
measure "staged: SHA-256 repository, 40 MB file staged (read through git)" "$sha" staged

( cd "$repo" && /usr/bin/time -f "%e s|%M KB" -o "$OLDPWD/$out/time.txt" git diff --cached --raw >/dev/null )
IFS='|' read -r seconds memory <"$out/time.txt"
echo "| git diff --cached --raw in the same repository (for comparison) | | $seconds | $(( ${memory% KB} / 1024 )) MB |"
