#!/usr/bin/env python3
"""Derive the list of common lower-case English words used by heading-case checks.

A word qualifies when, in running text of the corpus (not at a sentence or line start),
it appears lower-case at least MIN times and capitalized at most 3% of the time. Proper
nouns and product names (Rust, Go, GitHub) therefore never qualify.

usage: scripts/common_words.py ../shared/corpus/clean > src/casing/common_lowercase.txt
"""
import collections, os, re, sys

MIN = 25
root = sys.argv[1]
lower = collections.Counter()
upper = collections.Counter()
word = re.compile(r"[A-Za-z][a-z]+(?:'[a-z]+)?")
for dirpath, _, files in os.walk(root):
    for f in files:
        if not f.endswith((".md", ".markdown", ".txt")):
            continue
        text = open(os.path.join(dirpath, f), encoding="utf-8", errors="replace").read()
        text = re.sub(r"```.*?```", " ", text, flags=re.S)
        for line in text.split("\n"):
            s = line.strip()
            if not s or s.startswith(("#", "|", "<", "{", "title", "---", "+++")):
                continue
            for m in word.finditer(s):
                start = m.start()
                before = s[:start].rstrip()
                if not before or before[-1] in ".!?:;\"“‘'([*-#>|" or before.endswith(("..", "—")):
                    continue
                w = m.group(0)
                if w[0].isupper():
                    if w[1:].islower():
                        upper[w.lower()] += 1
                else:
                    lower[w] += 1
words = sorted(w for w, n in lower.items() if n >= MIN and len(w) > 1 and upper[w] <= 0.03 * n)
print("# Common lower-case English words, derived by scripts/common_words.py from")
print("# ../shared/corpus/clean (3,550 edited articles). One word a line.")
print("\n".join(words))
