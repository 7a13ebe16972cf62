#!/usr/bin/env python3
"""Builds letter-trigrams.bin, the letter model TokenShape uses to tell words from random text.

    python3 src/LinqSecretScan/Detection/train_letter_model.py     # rewrites letter-trigrams.bin beside this file

The model is P(letter | two letters before), over a-z and a word boundary, trained on:
  - /usr/share/dict/american-english (Debian package wamerican: apt-get install wamerican), each word once;
  - the words of the .NET SDK's reference documentation (packs/Microsoft.NETCore.App.Ref/*/ref/*/*.xml) and of
    Python's standard library (/usr/lib/python3.*), identifiers split at case changes, digits and separators,
    each distinct word weighted 1 + log2(occurrences) (words seen fewer than 3 times are left out: hashes and
    test data);
  - letter-model-vocabulary.txt beside this script: words of today's software (webhook, oauth, nextjs...) that the
    sources above rarely use, each weighted 4.
So it knows English and the words programmers use (client, config, webhook, async, impl...) as letter clusters:
the scanner holds no list of words, only these 20 KB of trigram costs. Smoothing: trigram -> bigram -> unigram interpolation with add-2 pseudo-counts.
Output: 27*27*27 bytes, entry [a*729 + b*27 + c] = -log2 P(c | a b) in eighths of a bit (capped at 255), with
26 = the boundary (start context, end of word). Needs only python3 and the files above; CI never runs it.
"""
import collections, glob, math, os, re, shutil, sys

BOUNDARY = 26


def words_from_text(text, counter):
    for identifier in re.finditer(r'[A-Za-z][A-Za-z0-9_]*', text):
        for piece in re.findall(r'[A-Z]+(?![a-z])|[A-Z]?[a-z]+', identifier.group(0)):
            if 2 <= len(piece) <= 24:
                counter[piece.lower()] += 1


def training_words():
    weights = {}
    with open('/usr/share/dict/american-english', encoding='utf-8', errors='replace') as f:
        for line in f:
            w = line.strip()
            if w.isascii() and w.isalpha() and 2 <= len(w) <= 24:
                weights[w.lower()] = 1.0
    code = collections.Counter()
    dotnet = os.path.dirname(os.path.realpath(shutil.which('dotnet')))
    docs = glob.glob(os.path.join(dotnet, 'packs', 'Microsoft.NETCore.App.Ref', '*', 'ref', '*', '*.xml'))
    if not docs:
        sys.exit('no .NET reference documentation found under ' + dotnet)
    for path in docs:
        with open(path, encoding='utf-8', errors='replace') as f:
            words_from_text(f.read(), code)
    stdlib = sorted(glob.glob('/usr/lib/python3.*'))[-1]
    for root, dirs, files in os.walk(stdlib):
        dirs[:] = [d for d in dirs if d not in ('site-packages', 'dist-packages')]
        for name in files:
            if name.endswith('.py'):
                with open(os.path.join(root, name), encoding='utf-8', errors='replace') as f:
                    words_from_text(f.read(), code)
    for w, n in code.items():
        if n >= 3 and w.isalpha():
            weights[w] = max(weights.get(w, 0.0), 1.0) + math.log2(n)
    vocabulary = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'letter-model-vocabulary.txt')
    with open(vocabulary, encoding='utf-8') as f:
        for line in f:
            if not line.startswith('#'):
                for w in line.split():
                    weights[w.lower()] = max(weights.get(w.lower(), 0.0), 4.0)
    return weights


def train(weights):
    tri = collections.Counter()
    bi = collections.Counter()
    uni = collections.Counter()
    for w, weight in weights.items():
        s = [BOUNDARY, BOUNDARY] + [ord(c) - 97 for c in w] + [BOUNDARY]
        for i in range(2, len(s)):
            a, b, c = s[i - 2], s[i - 1], s[i]
            tri[(a, b, c)] += weight
            bi[(b, c)] += weight
            uni[c] += weight
    tri_ctx = collections.Counter()
    bi_ctx = collections.Counter()
    for (a, b, c), v in tri.items():
        tri_ctx[(a, b)] += v
    for (b, c), v in bi.items():
        bi_ctx[b] += v
    total = sum(uni.values())
    table = bytearray(27 * 27 * 27)
    for a in range(27):
        for b in range(27):
            for c in range(27):
                pu = (uni[c] + 1) / (total + 27)
                pb = (bi[(b, c)] + 2 * pu) / (bi_ctx[b] + 2)
                pt = (tri[(a, b, c)] + 2 * pb) / (tri_ctx[(a, b)] + 2)
                table[a * 729 + b * 27 + c] = min(255, round(-math.log2(pt) * 8))
    return table


if __name__ == '__main__':
    weights = training_words()
    table = train(weights)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'letter-trigrams.bin')
    with open(out, 'wb') as f:
        f.write(table)
    print(f'{len(weights)} words -> {out}')
