#!/usr/bin/env python3
"""The language server under load (release build; a measurement, not a test):
  1. a 50 MB Markdown document opened: seconds to its first diagnostics;
  2. 1,000 full-text changes to a 1 MB document sent in a burst: seconds until the last
     text's diagnostics arrive, and how many publications the burst caused;
  3. peak resident memory of the server (VmHWM) after each step, and against the text size;
  4. standard input closed mid-frame: the exit code.
Reference, in the same run: `copydesk check` on the same 50 MB text written to a file.

usage: bench/lsp_stress.py [MB]        (default 50; build first: cargo build --release)
"""
import json, os, subprocess, sys, threading, time

MB = int(sys.argv[1]) if len(sys.argv) > 1 else 50
BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "copydesk")
PARA = 'The council approved the new library budget on Tuesday after a long "debate" about hours.\n\n'


def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def reader(out, messages):
    while True:
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            c = out.read(1)
            if not c:
                return
            header += c
        n = int([l for l in header.split(b"\r\n") if l.lower().startswith(b"content-length")][0].split(b":")[1])
        messages.append((time.perf_counter(), json.loads(out.read(n))))


def wait_for(messages, pred, start_index, timeout=600):
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        for i in range(start_index, len(messages)):
            if pred(messages[i][1]):
                return i
        time.sleep(0.01)
    raise SystemExit("timed out")


def hwm(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024


p = subprocess.Popen([BIN, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
messages = []
threading.Thread(target=reader, args=(p.stdout, messages), daemon=True).start()
send = lambda obj: (p.stdin.write(frame(obj)), p.stdin.flush())
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
wait_for(messages, lambda m: m.get("id") == 1, 0)
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

big = "# Big\n\n" + PARA * (MB * 1_000_000 // len(PARA)) + 'the"end" here.\n'
uri = "file:///tmp/big.md"
t = time.perf_counter()
start = len(messages)
send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": big}}})
i = wait_for(messages, lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri, start)
print(f"{len(big) / 1e6:.0f} MB document: first diagnostics in {messages[i][0] - t:.2f} s "
      f"({len(messages[i][1]['params']['diagnostics'])} diagnostics); peak RSS {hwm(p.pid):.0f} MB")
send({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}})
import tempfile
with tempfile.NamedTemporaryFile("w", suffix=".md") as f:
    f.write(big)
    f.flush()
    t = time.perf_counter()
    subprocess.run([BIN, "check", "--format", "concise", f.name], stdout=subprocess.DEVNULL)
    print(f"reference: copydesk check on the same text: {time.perf_counter() - t:.2f} s")
del big

uri = "file:///tmp/burst.md"
one = "# Burst\n\n" + PARA * (1_000_000 // len(PARA))
send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 0, "text": one}}})
start = len(messages)
t = time.perf_counter()
for v in range(1, 1001):
    text = one + ("x" * v) + (' the"last" one.\n' if v == 1000 else " plain.\n")
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": text}]}})
sent = time.perf_counter() - t
i = wait_for(messages, lambda m: m.get("method") == "textDocument/publishDiagnostics"
             and m["params"]["uri"] == uri and any(d["code"] == "quotes/space-before-opening"
                                                    for d in m["params"]["diagnostics"]), start)
pubs = sum(1 for _, m in messages[start:i + 1] if m.get("method") == "textDocument/publishDiagnostics")
print(f"1,000 changes to a 1 MB document: sent in {sent:.2f} s, last text's diagnostics "
      f"{messages[i][0] - t:.2f} s after the first change, {pubs} publications; peak RSS {hwm(p.pid):.0f} MB")

p.stdin.write(b'Content-Length: 500\r\n\r\n{"jsonrpc":')
p.stdin.close()
print(f"stdin closed mid-frame: exit {p.wait(timeout=60)}")
