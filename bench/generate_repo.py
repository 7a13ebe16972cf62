#!/usr/bin/env python3
"""Deterministic repositories for the LinqSecretScan benchmarks.

Everything is generated from a fixed seed at run time, including the few synthetic Linq tokens planted so
the scanner has something to find; nothing realistic is written into this repository.

  generate_repo.py history DIR [--commits N] [--files N]   a repository with N commits (git fast-import)
  generate_repo.py tree DIR [--files N] [--kb N]           a plain tree of N files (for dir / rg)
  generate_repo.py staged-small DIR [--files N] [--pack]   N committed files and 1 small staged file; --pack
                                                           packs the base commit as a clone or `git gc` would
  generate_repo.py staged-large DIR [--files N] [--mb N] [--sha256]
                                                           N new files, about N MB, all staged; --sha256 makes a
                                                           repository with the SHA-256 object format
  generate_repo.py push DIR [--files N] [--commits N]      main: a base commit of N files (tagged base), then N
                                                           commits changing 1 to 5 files each, no tokens: what a
                                                           push brings to a server that has the base
"""
import argparse
import os
import random
import string
import subprocess
import sys

WORDS = ("order customer invoice message phone number chat send receive status delivery webhook event "
         "query select where group join total amount account region retry timeout client server cache "
         "report export import handler service provider factory builder options settings").split()
ALNUM = string.ascii_letters + string.digits


def token(rng):
    return "linq" + "_" + "".join(rng.choice(ALNUM) for _ in range(32))


def csharp_file(rng, name, lines):
    out = ["using System;", "using System.Collections.Generic;", "using System.Linq;", "",
           f"namespace Bench.{name};", "", f"public static class {name}", "{"]
    for i in range(lines):
        a, b = rng.choice(WORDS), rng.choice(WORDS)
        out.append(f"    public static int {a.title()}{b.title()}{i}(IEnumerable<int> xs) => "
                   f"xs.Where(x => x > {rng.randint(0, 99)}).Select(x => x * {rng.randint(1, 9)}).Sum();")
    out.append("}")
    return "\n".join(out) + "\n"


def text_file(rng, lines):
    return "\n".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14))) for _ in range(lines)) + "\n"


def file_content(rng, path, lines):
    return csharp_file(rng, "C" + str(abs(hash(path)) % 100000), lines) if path.endswith(".cs") else text_file(rng, lines)


def paths(count):
    exts = [".cs", ".cs", ".cs", ".md", ".json", ".yml", ".py", ".ts"]
    return [f"src/module{i % 40:02d}/sub{i % 7}/file{i:05d}{exts[i % len(exts)]}" for i in range(count)]


def run(args, cwd, stdin=None):
    subprocess.run(args, cwd=cwd, input=stdin, check=True, stdout=subprocess.DEVNULL)


def history(directory, commits, files):
    rng = random.Random(1337)
    os.makedirs(directory, exist_ok=True)
    run(["git", "init", "-q", "-b", "main", directory], ".")
    all_paths = paths(files)
    contents = {}
    out = []
    mark = 0
    timestamp = 1_600_000_000
    branch_tip = {}
    for c in range(commits):
        branch = "main" if c % 10 else f"feature/{c // 10 % 5}"
        changes = {}
        count = files if c == 0 else rng.randint(1, 5)
        chosen = all_paths if c == 0 else rng.sample(all_paths, count)
        planted = c in (commits // 3, commits // 2, (2 * commits) // 3)
        if planted and all_paths[c % files] not in chosen:
            chosen = chosen + [all_paths[c % files]]
        for path in chosen:
            lines = rng.randint(20, 120)
            body = file_content(rng, path, lines)
            if planted and path == all_paths[c % files]:
                body += f"LINQ_API_KEY = \"{token(rng)}\"\n"
            changes[path] = body
        out.append(f"commit refs/heads/{branch}\n")
        mark += 1
        out.append(f"mark :{mark}\n")
        out.append(f"committer Bench <bench@example.invalid> {timestamp + c * 60} +0000\n")
        msg = f"change {c}"
        out.append(f"data {len(msg)}\n{msg}\n")
        parent = branch_tip.get(branch) or branch_tip.get("main")
        if parent:
            out.append(f"from :{parent}\n")
        for path, body in changes.items():
            data = body.encode()
            out.append(f"M 100644 inline {path}\n")
            out.append(f"data {len(data)}\n")
            out.append(body + "\n")
            contents[path] = body
        branch_tip[branch] = mark
    stream = "".join(out).encode()
    run(["git", "fast-import", "--quiet"], directory, stdin=stream)
    run(["git", "checkout", "-q", "-f", "main"], directory)


def push(directory, files, commits):
    rng = random.Random(2024)
    os.makedirs(directory, exist_ok=True)
    run(["git", "init", "-q", "-b", "main", directory], ".")
    all_paths = paths(files)
    out = []
    for c in range(commits + 1):
        chosen = all_paths if c == 0 else rng.sample(all_paths, rng.randint(1, 5))
        out.append("commit refs/heads/main\n")
        out.append(f"mark :{c + 1}\n")
        out.append(f"committer Bench <bench@example.invalid> {1_650_000_000 + c * 60} +0000\n")
        msg = "base" if c == 0 else f"change {c}"
        out.append(f"data {len(msg)}\n{msg}\n")
        if c > 0:
            out.append(f"from :{c}\n")
        for path in chosen:
            body = file_content(rng, path, rng.randint(20, 120))
            out.append(f"M 100644 inline {path}\ndata {len(body.encode())}\n{body}\n")
        if c == 0:
            out.append("reset refs/tags/base\nfrom :1\n")
    run(["git", "fast-import", "--quiet"], directory, stdin="".join(out).encode())
    run(["git", "checkout", "-q", "-f", "main"], directory)


def tree(directory, files, kb):
    rng = random.Random(4242)
    for i, path in enumerate(paths(files)):
        full = os.path.join(directory, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        body = file_content(rng, path, max(5, kb * 1024 // 60))
        if i % 2500 == 0:
            body += f"token: {token(rng)}\n"
        with open(full, "w") as f:
            f.write(body)


def staged_small(directory, files, pack):
    rng = random.Random(99)
    run(["git", "init", "-q", "-b", "main", directory], ".")
    for path in paths(files):
        full = os.path.join(directory, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(file_content(rng, path, rng.randint(20, 80)))
    run(["git", "add", "-A"], directory)
    run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.invalid", "commit", "-q", "-m", "base"], directory)
    if pack:
        run(["git", "gc", "-q"], directory)
    with open(os.path.join(directory, "src/module00/sub0/file00000.cs"), "a") as f:
        f.write("// one more line\n")
    run(["git", "add", "src/module00/sub0/file00000.cs"], directory)


def staged_large(directory, files, mb, sha256=False):
    rng = random.Random(7)
    run(["git", "init", "-q", "-b", "main"] + (["--object-format=sha256"] if sha256 else []) + [directory], ".")
    per_file_lines = max(10, (mb * 1024 * 1024 // files) // 70)
    for path in paths(files):
        full = os.path.join(directory, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(file_content(rng, path, per_file_lines))
    run(["git", "add", "-A"], directory)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["history", "tree", "staged-small", "staged-large", "push"])
    parser.add_argument("directory")
    parser.add_argument("--commits", type=int, default=3000)
    parser.add_argument("--files", type=int)
    parser.add_argument("--kb", type=int, default=4)
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--pack", action="store_true")
    parser.add_argument("--sha256", action="store_true")
    a = parser.parse_args()
    if os.path.exists(a.directory) and os.listdir(a.directory):
        sys.exit(f"{a.directory} exists and is not empty")
    if a.kind == "history":
        history(a.directory, a.commits, a.files or 1500)
    elif a.kind == "tree":
        tree(a.directory, a.files or 10000, a.kb)
    elif a.kind == "push":
        push(a.directory, a.files or 1500, a.commits)
    elif a.kind == "staged-small":
        staged_small(a.directory, a.files or 1500, a.pack)
    else:
        staged_large(a.directory, a.files or 5000, a.mb, a.sha256)


if __name__ == "__main__":
    main()
