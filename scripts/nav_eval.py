#!/usr/bin/env python3
"""Line-level precision and recall of `structure/navigation-fragment` on nav-eval.

usage: scripts/nav_eval.py NAV_EVAL_DIR [SPLIT]     e.g. ../shared/corpus/nav-eval dev

For each set (full, residual-*) it runs the release binary on the set's .txt files with only
that rule selected, takes every line a diagnostic covers as predicted navigation, and scores
it against the labels (a page-dump diagnostic counts the lines its note lists): `boilerplate` lines are positives; `title` and blank lines are left
out of both sides. The four residual-* sets are also pooled. Labels exist for `dev` only;
for `test` it prints the number of flagged lines per set.
"""
import glob, json, os, subprocess, sys

root = sys.argv[1]
split = sys.argv[2] if len(sys.argv) > 2 else "dev"
binary = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "copydesk")
sets = ["full", "residual-trafilatura", "residual-readability", "residual-newspaper", "residual-boilerpipe"]

def predicted(folder):
    out = subprocess.run([binary, "check", "--isolated", "--format", "json", "--select",
                          "structure/navigation-fragment", folder], capture_output=True, text=True)
    if out.returncode == 2:
        sys.exit(out.stderr)
    lines = {}
    for d in json.loads(out.stdout):
        name = os.path.basename(d["path"])
        # A page dump is one diagnostic whose note lists where the furniture is.
        listed = [n for n in d.get("notes", []) if n.startswith("furniture at lines ")]
        if listed:
            for part in listed[0][len("furniture at lines "):].split(", "):
                a, _, b = part.partition("–")
                lines.setdefault(name, set()).update(range(int(a), int(b or a) + 1))
            continue
        end = d["end_line"] - (1 if d["end_column"] == 1 and d["end_line"] > d["line"] else 0)
        lines.setdefault(name, set()).update(range(d["line"], end + 1))
    return lines

pooled = [0, 0, 0]
for s in sets:
    folder = os.path.join(root, split, s)
    pred = predicted(folder)
    if split != "dev":
        print(f"{s:22} flagged lines {sum(len(v) for v in pred.values())}")
        continue
    tp = fp = fn = 0
    for lab in sorted(glob.glob(os.path.join(folder, "*.labels.json"))):
        d = json.load(open(lab))
        name = os.path.basename(lab).replace(".labels.json", ".txt")
        gold = set(d["boilerplate"])
        excluded = set(d["title"]) | set(d["blank"])
        p = pred.get(name, set()) - excluded
        tp += len(p & gold)
        fp += len(p - gold)
        fn += len(gold - p)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    print(f"{s:22} precision {prec:.3f}  recall {rec:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    if s.startswith("residual"):
        pooled = [pooled[0] + tp, pooled[1] + fp, pooled[2] + fn]
if split == "dev":
    tp, fp, fn = pooled
    print(f"{'residual pooled':22} precision {tp / max(1, tp + fp):.3f}  recall {tp / max(1, tp + fn):.3f}  (tp {tp}, fp {fp}, fn {fn})")
