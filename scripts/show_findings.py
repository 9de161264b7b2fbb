#!/usr/bin/env python3
"""Print each finding of `copydesk check --format json` with ~50 characters of context,
for reading false alarms by eye.

usage: copydesk check --format json DIR | scripts/show_findings.py [RULE-PREFIX]
"""
import json, sys

prefix = sys.argv[1] if len(sys.argv) > 1 else ""
cache = {}
for d in json.load(sys.stdin):
    if not d["rule"].startswith(prefix):
        continue
    path = d["path"]
    if path not in cache:
        cache[path] = open(path, "rb").read()
    b = cache[path]
    s, e = d["start"], d["end"]
    before = b[max(0, s - 50):s].decode("utf-8", "replace").replace("\n", "⏎")
    span = b[s:e].decode("utf-8", "replace").replace("\n", "⏎")
    after = b[e:e + 50].decode("utf-8", "replace").replace("\n", "⏎")
    print(f"{path.split('/clean/')[-1]}:{d['line']}:{d['column']} {d['rule']}\n    {before}⟦{span}⟧{after}")
