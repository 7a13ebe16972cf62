#!/usr/bin/env python3
"""Times two builds of linq-secret-scan on bench/compare.sh's rows, alternating them run by run.

    bench/interleaved.py [--runs N] [--seed S] OLD_BINARY NEW_BINARY

hyperfine (bench/compare.sh) runs every run of one build, then every run of the other, so anything that changes on the
machine in between (other load, the page cache, CPU frequency) lands on one build only; on a small VM two runs of the
same two binaries can differ by 5-10%. Here each round runs both builds back to back, in an order drawn at random, and
the answer is the median of the per-round ratios new/old with a bootstrap 95% interval: read a row as slower only if
the whole interval is above 1.

Rows: the repositories bench/run.sh and bench/compare.sh generate under bench/out (run bench/compare.sh once first).
Prints a Markdown table of wall time and CPU time (user + system of the scanner's process). Needs python3 only.
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import time

ROWS = [
    # name, folder under bench/out (None: bench/out itself), runs per build at the default, arguments
    ("staged", "staged-small", 150, ["staged", "-q"]),
    ("staged-packed", "staged-packed-small", 150, ["staged", "-q"]),
    ("staged-large", "staged-large", 30, ["staged", "-q", "--format", "json", "-o", "/dev/null"]),
    ("history", "history-1300", 30, ["history", "-q", "--format", "json", "-o", "/dev/null"]),
    ("dir", None, 30, ["dir", "-q", "--format", "json", "-o", "/dev/null", "tree-10000"]),
]


def fail(message):
    print(f"bench/interleaved.py: {message}", file=sys.stderr)
    sys.exit(2)


def run_once(binary, arguments, folder):
    """Wall and CPU seconds of one run; its exit code must be 0 (clean) or 1 (findings)."""
    started = time.perf_counter()
    process = subprocess.Popen([binary, *arguments], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        fail(f"{binary} {' '.join(arguments)} exited {code} in {folder}")
    return wall, usage.ru_utime + usage.ru_stime


def interval(ratios, rng, rounds=2000):
    """Median of the ratios and a bootstrap 95% interval of that median."""
    medians = sorted(statistics.median(rng.choices(ratios, k=len(ratios))) for _ in range(rounds))
    return statistics.median(ratios), medians[int(0.025 * rounds)], medians[int(0.975 * rounds) - 1]


def main():
    # No abbreviations: an option is spelled out or refused (exit 2).
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], allow_abbrev=False)
    parser.add_argument("--runs", type=int, default=0, help="runs per build and row (default: 150 for the staged rows, 30 for the others)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the run order")
    parser.add_argument("old")
    parser.add_argument("new")
    options = parser.parse_args()
    if options.runs < 0:
        fail("--runs must not be negative")
    binaries = []
    for path in (options.old, options.new):
        if not os.path.isfile(path) or not os.access(path, os.X_OK):
            fail(f"{path} is not an executable file")
        binaries.append(os.path.abspath(path))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
    rng = random.Random(options.seed)

    for _, folder, _, _ in ROWS:
        needed = os.path.join(out, folder or "tree-10000")
        if not os.path.isdir(needed):
            fail(f"{needed} is missing: run bench/compare.sh once to generate the rows' repositories")

    print(f"bench/interleaved.py, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start:\n")
    print("| row | runs | old median wall | new median wall | new/old wall (95% interval) | new/old CPU (95% interval) |")
    print("|---|---|---|---|---|---|")
    for name, folder, default_runs, arguments in ROWS:
        where = os.path.join(out, folder) if folder else out
        runs = options.runs or default_runs
        for binary in binaries:  # warm-up: the page cache and the binaries themselves
            run_once(binary, arguments, where)
        walls = {0: [], 1: []}
        wall_ratios, cpu_ratios = [], []
        for _ in range(runs):
            order = [0, 1] if rng.random() < 0.5 else [1, 0]
            result = {}
            for which in order:
                result[which] = run_once(binaries[which], arguments, where)
            walls[0].append(result[0][0])
            walls[1].append(result[1][0])
            wall_ratios.append(result[1][0] / result[0][0])
            cpu_ratios.append(result[1][1] / result[0][1])
        wall, wall_low, wall_high = interval(wall_ratios, rng)
        cpu, cpu_low, cpu_high = interval(cpu_ratios, rng)
        ms = lambda values: f"{statistics.median(values) * 1000:,.1f} ms"
        print(f"| {name} | {runs} | {ms(walls[0])} | {ms(walls[1])} | {wall:.3f} ({wall_low:.3f}-{wall_high:.3f}) "
              f"| {cpu:.3f} ({cpu_low:.3f}-{cpu_high:.3f}) |", flush=True)


if __name__ == "__main__":
    main()
