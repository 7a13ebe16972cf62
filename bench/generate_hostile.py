#!/usr/bin/env python3
"""Hostile inputs for bench/hostile.sh, generated at run time from a fixed seed. Each file ends with one
synthetic Linq token (made here, never written down) that the scan must still find after the hostile part.

  generate_hostile.py DIR
"""
import os
import random
import string
import sys

ALNUM = string.ascii_letters + string.digits


def token(rng):
    return "linq" + "_" + "".join(rng.choice(ALNUM) for _ in range(32))


def write(directory, name, body, rng, encoding="utf-8"):
    folder = os.path.join(directory, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "input.txt"), "wb") as f:
        f.write((body + "\n" + token(rng) + "\n").encode(encoding))


def big(directory, name, megabytes, rng):
    """A file of C#-like lines, with a token at the start, in the middle and at the end, written in blocks."""
    folder = os.path.join(directory, name)
    os.makedirs(folder, exist_ok=True)
    line = "var total = orders.Where(o => o.Status == Status.Sent).Sum(o => o.Amount); // System.Linq\n"
    block = line * (1024 * 1024 // len(line))
    with open(os.path.join(folder, "input.log"), "w") as f:
        f.write("first = " + token(rng) + "\n")
        for i in range(megabytes):
            f.write(block)
            if i == megabytes // 2:
                f.write("LINQ_API_KEY=" + "".join(rng.choice(ALNUM) for _ in range(40)) + "\n")
        f.write("last = " + token(rng) + "\n")


def main():
    directory = sys.argv[1]
    rng = random.Random(6)
    write(directory, "single-line-3mb", "".join(rng.choice(ALNUM) for _ in range(3_000_000)), rng)
    write(directory, "linq-prefix-1m", "linq_" * 1_000_000, rng)
    write(directory, "assignment-300k", "LINQ_API_KEY=" * 300_000, rng)
    write(directory, "bearer-4mb", "Authorization: Bearer " + "a" * 4_000_000, rng)
    write(directory, "nested-json-100k", '{"linq": ' * 100_000 + "1" + "}" * 100_000, rng)
    write(directory, "utf16le-bom", "\ufeff" + "key: value\r\n" * 100_000, rng, "utf-16-le")
    junk = bytes(b if b not in (0, 10) else 0xFF for b in rng.randbytes(8_000_000))
    folder = os.path.join(directory, "nul-free-junk-8mb")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "input.bin"), "wb") as f:
        f.write(junk + b"\n" + token(rng).encode() + b"\n")
    big(directory, "file-40mb", 40, rng)
    big(directory, "file-300mb", 300, rng)


if __name__ == "__main__":
    main()
