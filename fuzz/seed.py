#!/usr/bin/env python3
"""Write the fuzz seed corpus from the project's own texts (never from ../shared):
every rule's bad/good examples (rules/**/*.toml), examples/, tests/fixtures/seed.
The first byte of a parse/check/fix seed picks the format (0 Markdown, 1 MDX, 2 plain text).

usage: fuzz/seed.py        (writes fuzz/corpus/{parse,check,fix,lsp_frames}/)
"""
import glob, hashlib, json, os, tomllib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "fuzz", "corpus")
FORMAT = {".md": 0, ".markdown": 0, ".mdx": 1, ".txt": 2}


def texts():
    for path in sorted(glob.glob(os.path.join(ROOT, "rules", "**", "*.toml"), recursive=True)):
        with open(path, "rb") as f:
            rule = tomllib.load(f)
        for ex in rule.get("example", []):
            name = ex.get("file", "example.md")
            for key in ("bad", "good"):
                if isinstance(ex.get(key), str):
                    yield os.path.splitext(name)[1] or ".md", ex[key].replace("⟦", "").replace("⟧", "").encode()
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "*")) +
                       glob.glob(os.path.join(ROOT, "tests", "fixtures", "seed", "*"))):
        with open(path, "rb") as f:
            yield os.path.splitext(path)[1], f.read()


def write(target, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


n = 0
for ext, data in texts():
    for target in ("parse", "check", "fix"):
        write(target, bytes([FORMAT.get(ext, 0)]) + data)
    n += 1
open_msg = {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": "file:///tmp/a.md", "languageId": "markdown", "version": 1, "text": "A \"b\"c\n"}}}
write("lsp_frames", frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
      + frame(open_msg) + frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
write("lsp_frames", b"Content-Length: 5\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}\r\n\r")
print(f"{n} texts -> {OUT}")
