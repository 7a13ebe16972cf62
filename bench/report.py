#!/usr/bin/env python3
"""Turns bench/run.sh's hyperfine exports into the README's table: medians, ratios against the first
comparison tool, targets, peak RSS."""
import json
import os
import platform
import subprocess
import sys
from datetime import date

ROWS = [
    ("staged", "`staged`, 1 small file staged, 1,500-file repository, loose objects (just committed)", "≤ 0.5 × git-secrets and ≤ 25 ms", 0.5, 25),
    ("staged-packed", "`staged`, the same change in a packed repository (as cloned, or after `git gc`)", "≤ 0.5 × git-secrets and ≤ 25 ms", 0.5, 25),
    ("staged-large", "`staged`, 5,000 new files / ~100 MB staged", "≤ 1.5 × `git diff --cached -U0 \\| rg`, RSS ≤ 200 MB", 1.5, None),
    ("history", "`history`, 1,300 commits", "≤ 1.0 × `git log -p -U0 --all \\| rg`", 1.0, None),
    ("dir", "`dir`, 10,000-file tree", "≤ 2 × `rg`", 2.0, None),
]


def main(results):
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
    print(f"Measured {date.today().isoformat()} on {os.cpu_count()} cores ({cpu}), {platform.platform()}.\n")
    print("| work | linq-secret-scan (median) | compared with (median) | ratio | target | met | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    for key, label, target, max_ratio, max_ms in ROWS:
        path = os.path.join(results, key + ".json")
        if not os.path.exists(path):
            continue
        runs = json.load(open(path))["results"]
        ours = runs[0]["median"] * 1000
        others = [(r["command"], r["median"] * 1000) for r in runs[1:]]
        base_cmd, base = others[0]
        ratio = ours / base
        met = ratio <= max_ratio and (max_ms is None or ours <= max_ms)
        rss = ""
        rss_path = os.path.join(results, key + ".rss")
        if os.path.exists(rss_path):
            rss = open(rss_path).read().split()[-1] + " MB"
            if key == "staged-large" and int(rss.split()[0]) > 200:
                met = False
        compared = "; ".join(f"{short(cmd)}: {ms:.0f} ms" for cmd, ms in others)
        print(f"| {label} | {ours:.0f} ms | {compared} | {ratio:.2f} | {target} | {'yes' if met else 'no'} | {rss} |")
    bytes_path = os.path.join(results, "history.bytes")
    if os.path.exists(bytes_path):
        print(f"\nThe history repository has {int(open(bytes_path).read()) / 1e6:.1f} MB of `git log -p -U0 --all`.")


def short(command):
    if "git secrets" in command:
        return "git-secrets"
    if "secretlint" in command:
        return "secretlint"
    if "git diff" in command:
        return "git diff \\| rg"
    if "git -C" in command and "log" in command:
        return "git log -p -U0 \\| rg"
    if command.startswith("rg") or " rg " in command:
        return "rg"
    return command.split()[0]


if __name__ == "__main__":
    main(sys.argv[1])
