#!/usr/bin/env python3
"""Linearity on adversarial inputs: each case is timed at size N and 4N; a linear check
takes about 4x as long at 4N, a quadratic one 16x. Also prints the time against an
ordinary article text of the same size (the reference, measured in the same run).

usage: bench/pathological.py [N] [RUNS]     (build first: cargo build --release)

Cases (one paragraph each, so nothing is split into small blocks):
  repeats      `the the word ` repeated: a repeated-word finding every three words
  quotes       `the"x" ` repeated: a missing-space finding every two words
  headings     many Title Case headings under a sentence-case majority
  html         one HTML block of many `<p>` paragraphs with entities and tags
  mdx          one JSX block full of `{expressions}` (as .mdx)
  admonitions  many MkDocs admonitions with indented bodies
  borders      plain text: many reStructuredText table borders, none closing a table
  footnotes    plain text: `]_ ` repeated (a footnote reference's end with no start)
  rst          plain text: many directives with options, inline literals, literal blocks
Prints, per case: median seconds at N and 4N (`--format json`), the ratio (≈4 linear, ≈16
quadratic), the ratio to the ordinary text at 4N, and the seconds at 4N in the default
human format (source lines drawn for every finding: the slowest output per finding).
"""
import os, statistics, subprocess, sys, tempfile, time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "copydesk")

ORDINARY = ("The council approved the new library budget on Tuesday after a long debate "
            "about opening hours and staffing. ")


def cases(n):
    return {
        "repeats": ("md", "Title\n\n" + "the the word " * n + "\n"),
        "quotes": ("md", "Title\n\n" + 'the"x" ' * n + "\n"),
        "headings": ("md", "".join("## Where to stay\n\n## What to eat\n\n## Getting There By Metro\n\n"
                                   for _ in range(n // 10))),
        "html": ("md", "<div>\n" + "".join('<p>The mayor said the "plan" &amp; <b>more</b>.</p>\n'
                                           for _ in range(n // 5)) + "</div>\n"),
        "mdx": ("mdx", "<Wrapper>\n" + "".join("  Text {value} and {a.b} here.\n" for _ in range(n // 5))
                + "</Wrapper>\n"),
        "admonitions": ("md", "".join('!!! note "N"\n\n    The the body text here.\n\n' for _ in range(n // 5))),
        "borders": ("txt", "Title\n\n" + "====  ====\nx     y\n" * (n // 5)),
        "footnotes": ("txt", "Title\n\n" + "]_ " * n + "\n"),
        "rst": ("txt", "Title\n\n" + "".join(".. note::\n   :class: x\n\n   Some ``code`` and :func:`f`.\n\nRun::\n\n    x = 1\n\n"
                                             for _ in range(n // 10))),
        "ordinary": ("md", "Title\n\n" + ORDINARY * (n // 10) + "\n"),
    }


def timed(path, fmt="json"):
    best = []
    for _ in range(RUNS):
        t = time.perf_counter()
        subprocess.run([BIN, "check", "--isolated", "--no-cache", "--format", fmt, path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best.append(time.perf_counter() - t)
    return statistics.median(best)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for scale in (1, 4):
            for name, (ext, text) in cases(N * scale).items():
                p = os.path.join(tmp, f"{name}-{scale}.{ext}")
                with open(p, "w") as f:
                    f.write(text)
                human = timed(p, "human") if scale == 4 else None
                results[(name, scale)] = (timed(p), len(text.encode()), human)
        ref = results[("ordinary", 4)][0]
        print(f"{'case':12} {'N s':>8} {'4N s':>8} {'4N/N':>6} {'vs ordinary':>12} {'4N bytes':>10} {'4N human s':>11}")
        for name in cases(1):
            (a, _, _), (b, size, human) = results[(name, 1)], results[(name, 4)]
            print(f"{name:12} {a:8.3f} {b:8.3f} {b / a:6.1f} {b / ref:12.1f} {size:10} {human:11.3f}")


if __name__ == "__main__":
    main()
