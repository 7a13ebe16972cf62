#!/usr/bin/env python3
"""Runs a command and samples the memory of it and every process it starts, every 0.1 s (Linux /proc): prints, as one
line of JSON on standard error, the wall time, each process's peak RSS (VmHWM, by command name), and the peak of the
sum of the RSS of all of them at one moment, with how much of that sum was anonymous memory (RssAnon) and how much
mapped files (RssFile: the pack git maps is counted once per process that maps it). GNU time's %M reports only the
largest single process, so a scan that runs git beside itself needs this to be measured whole.

    bench/tree_memory.py COMMAND [ARGS...]
"""
import json, os, subprocess, sys, time

def children(pid):
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return found

def status(pid):
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
    except OSError:
        return None
    return fields

def kb(value):
    return int(value.split()[0]) if value else 0

start = time.monotonic()
process = subprocess.Popen(sys.argv[1:])
peaks, peak_sum, peak_anon, peak_file = {}, 0, 0, 0
while process.poll() is None:
    total = anon = mapped = 0
    todo = [process.pid]
    while todo:
        pid = todo.pop()
        todo.extend(children(pid))
        s = status(pid)
        if not s or "VmRSS" not in s:
            continue
        name = f"{s.get('Name', '?')}[{pid}]"
        peaks[name] = max(peaks.get(name, 0), kb(s.get("VmHWM")))
        total += kb(s.get("VmRSS"))
        anon += kb(s.get("RssAnon"))
        mapped += kb(s.get("RssFile")) + kb(s.get("RssShmem"))
    if total > peak_sum:
        peak_sum, peak_anon, peak_file = total, anon, mapped
    time.sleep(0.1)
result = {
    "exit": process.returncode,
    "wallSeconds": round(time.monotonic() - start, 2),
    "peakRssMbByProcess": {k: round(v / 1024) for k, v in peaks.items()},
    "peakSumRssMb": round(peak_sum / 1024),
    "atThatPointAnonymousMb": round(peak_anon / 1024),
    "atThatPointMappedFilesMb": round(peak_file / 1024),
}
print(json.dumps(result), file=sys.stderr)
sys.exit(process.returncode)
