#!/usr/bin/env python3
"""Recall of `quotes/space-before-opening` on injected defects.

For N articles of a corpus (default 400, chosen by a fixed seed), find the real opening
double quotes that follow a space after a letter or a comma — in prose, outside front
matter, fenced and indented code, inline code, HTML tags, comments, scripts and styles,
template tags, link targets, image alt text and URLs — delete that one space (one defect per copy of an article, a few copies per article),
run copydesk on the copies and count how many injected defects are reported at the quote.

usage: scripts/quote_recall.py CORPUS_DIR [--articles 400] [--per-article 3]
       [--copydesk target/release/copydesk] [--show-misses]
prints: injected, found, recall, and (with --show-misses) each missed defect in context.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

OPENERS = "\"“"
# A space after a letter or a comma, then an opening quote, then a letter: ` "word` / ` “word`.
CANDIDATE = re.compile(r"(?<=[^\W\d_,]|,) (?=[\"“][^\W\d_])")
MASKS = [
    re.compile(r"<!--.*?-->"),                # HTML comments on one line
    re.compile(r"`[^`\n]*`"),                 # inline code
    re.compile(r"<[^>\n]*>"),                 # HTML tags
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}"),     # templates and shortcodes
    re.compile(r"!\[[^\]\n]*\]"),             # image alt text (not read as prose)
    re.compile(r"\]\([^)\n]*\)"),             # link targets and titles
    re.compile(r"https?://\S+|www\.\S+"),     # URLs
]


def prose_lines(text):
    """Yield (line_start_offset, line) for lines of Markdown prose."""
    lines = text.split("\n")
    pos = 0
    i = 0
    # Front matter.
    if lines and lines[0].strip() in ("---", "+++"):
        delim = lines[0].strip()
        for j in range(1, len(lines)):
            if lines[j].strip() == delim:
                for k in range(j + 1):
                    pos += len(lines[k]) + 1
                i = j + 1
                break
    fence = None
    raw = None  # inside an HTML comment, <script>, <style> or <pre>: the closing text
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        opener = re.search(r"<!--|<(script|style|pre)\b", line)
        if raw:
            if raw in line:
                raw = None
        elif opener and not re.search(
                "-->" if opener.group(0) == "<!--" else f"</{opener.group(1)}>",
                line[opener.end():]):
            raw = "-->" if opener.group(0) == "<!--" else f"</{opener.group(1)}>"
        elif fence:
            if stripped.startswith(fence):
                fence = None
        elif stripped.startswith("```") or stripped.startswith("~~~"):
            fence = stripped[:3]
        elif line.startswith("    ") or line.startswith("\t"):
            pass  # indented code (or a continuation; skipped either way)
        elif stripped.startswith(("<", "{{", "{%", "|", "[")):
            pass  # HTML block, template, table row, link definition
        else:
            yield pos, line
        pos += len(line) + 1
        i += 1


def closes_later(line, at):
    """The quote at `at` has a closing partner later on the line."""
    q = line[at]
    rest = line[at + 1:]
    return ("”" in rest) if q == "“" else ('"' in rest)


def candidates(text):
    out = []
    for start, line in prose_lines(text):
        masked = line
        for m in MASKS:
            masked = m.sub(lambda x: "\0" * len(x.group(0)), masked)
        for m in CANDIDATE.finditer(masked):
            q = m.end()
            if masked[q] not in OPENERS or not closes_later(masked, q):
                continue
            # The quote counts only if this quote is an opening one: an even number of
            # straight quotes before it on the line (curly ones tell by themselves).
            if masked[q] == '"' and masked[:q].count('"') % 2:
                continue
            out.append(start + m.start())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--per-article", type=int, default=3)
    ap.add_argument("--copydesk", default="target/release/copydesk")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show-misses", action="store_true")
    a = ap.parse_args()

    files = []
    for root, _, names in os.walk(a.corpus):
        for n in names:
            if n.endswith((".md", ".markdown", ".txt")):
                files.append(os.path.join(root, n))
    files.sort()
    rng = random.Random(a.seed)
    rng.shuffle(files)

    injected = []  # (copy path, byte offset of the quote, source, context)
    with tempfile.TemporaryDirectory() as tmp:
        used = 0
        for f in files:
            if used >= a.articles:
                break
            text = open(f, encoding="utf-8", errors="replace").read()
            cands = candidates(text)
            if not cands:
                continue
            used += 1
            for k, space in enumerate(rng.sample(cands, min(a.per_article, len(cands)))):
                mutated = text[:space] + text[space + 1:]
                ext = os.path.splitext(f)[1]
                out = os.path.join(tmp, f"{used:04d}-{k}{ext}")
                with open(out, "w", encoding="utf-8") as fh:
                    fh.write(mutated)
                at = len(mutated[:space].encode("utf-8"))
                ctx = mutated[max(0, space - 40):space + 40].replace("\n", "⏎")
                injected.append((out, at, f, ctx))
        res = subprocess.run(
            [a.copydesk, "check", "--isolated", "--format", "json",
             "--select", "quotes/space-before-opening", tmp],
            capture_output=True, text=True)
        if res.returncode not in (0, 1):
            sys.exit(f"copydesk failed ({res.returncode}): {res.stderr}")
        found = {(d["path"], d["start"]) for d in json.loads(res.stdout)}
        hits = [i for i in injected if (i[0], i[1]) in found]
        print(f"articles {used}, injected {len(injected)}, found {len(hits)}, "
              f"recall {len(hits) / max(1, len(injected)):.3f}")
        if a.show_misses:
            for i in injected:
                if (i[0], i[1]) not in found:
                    print(f"miss {os.path.relpath(i[2], a.corpus)}: {i[3]}")


if __name__ == "__main__":
    main()
