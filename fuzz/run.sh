#!/bin/sh
# Fuzzes the detector, the text decoders and the chunked content scanner with SharpFuzz under afl-fuzz, for a
# bounded time, from a seed corpus made at run time (no realistic secret is committed).
#
#   fuzz/run.sh [SECONDS]          default 600; FUZZ_OUT=DIR sets the work folder (default fuzz/out)
#
# Needs afl-fuzz (Debian: apt-get install afl++) and the SharpFuzz.CommandLine dotnet tool, which this script
# installs into the work folder from NuGet. Crashes and hangs are left in $FUZZ_OUT/findings/default/{crashes,hangs};
# each crash is replayed at the end so its exception is printed. Exit 1 if afl-fuzz found a crash or a hang.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-600}
out=${FUZZ_OUT:-fuzz/out}
mkdir -p "$out"
out=$(cd "$out" && pwd)

if ! command -v afl-fuzz >/dev/null 2>&1; then
    echo "fuzz/run.sh: afl-fuzz not found (Debian: apt-get install afl++)" >&2
    exit 2
fi

if [ ! -x "$out/tools/sharpfuzz" ]; then
    dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$out/tools" >/dev/null
fi

# bin/ is instrumented for afl-fuzz; replay/ is the same build uninstrumented (an instrumented assembly run outside
# afl-fuzz crashes on its first branch, with no shared memory to count it in).
rm -rf "$out/bin" "$out/replay"
dotnet publish fuzz/LinqSecretScan.Fuzz -c Release -o "$out/replay" -nologo -v q -p:NuGetAudit=false
cp -r "$out/replay" "$out/bin"
"$out/tools/sharpfuzz" "$out/bin/LinqSecretScan.dll"

rm -rf "$out/seeds"
dotnet "$out/replay/LinqSecretScan.Fuzz.dll" seed "$out/seeds"

# Resume where an earlier run stopped when there is one.
input="$out/seeds"
if [ -d "$out/findings/default/queue" ]; then
    input=-
fi

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
echo "fuzz/run.sh: fuzzing for $seconds s (afl-fuzz log: $out/afl.log)"
afl-fuzz -V "$seconds" -i "$input" -o "$out/findings" -t 10000 -m none -- dotnet "$out/bin/LinqSecretScan.Fuzz.dll" >"$out/afl.log" 2>&1 || true

stats="$out/findings/default/fuzzer_stats"
if [ -f "$stats" ]; then
    grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg) ' "$stats"
fi

found=0
for crash in "$out"/findings/default/crashes/id:* "$out"/findings/default/hangs/id:*; do
    [ -f "$crash" ] || continue
    found=1
    echo "--- $crash"
    dotnet "$out/replay/LinqSecretScan.Fuzz.dll" replay "$crash" 2>&1 | head -n 3 || true
done
exit "$found"
