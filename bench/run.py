#!/usr/bin/env python3
"""Throughput and peak memory of `copydesk check` on a folder of real articles.

usage: bench/run.py CORPUS_DIR [RUNS]     (build first: cargo build --release)

Make the corpus with `python3 ../shared/corpus/make_bench.py /tmp/bench 100`.
Each run is timed as a whole process (wall clock) with its peak RSS from /usr/bin/time.
The reference, measured in the same run on the same files, is `grep -rc the`: one pass
reading every byte. Prints medians and the ratio to the reference.
"""
import os, statistics, subprocess, sys

corpus = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
binary = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "copydesk")
size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(corpus) for f in fs)
files = sum(len(fs) for _, _, fs in os.walk(corpus))

def measure(cmd):
    """(wall seconds, peak RSS in MB) of one run, output discarded."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    wall, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024

commands = {
    "copydesk check (json)": [binary, "check", "--format", "json", corpus],
    "copydesk check (1 thread)": ["env", "RAYON_NUM_THREADS=1", binary, "check", "--format", "json", corpus],
    "reference: grep -rc the": ["grep", "-rc", "the", corpus],
}
print(f"corpus: {corpus}: {files} files, {size / 1e6:.1f} MB; {runs} runs each; {os.cpu_count()} cores")
results = {}
for name, cmd in commands.items():
    measure(cmd)  # warm the page cache
    samples = [measure(cmd) for _ in range(runs)]
    wall = statistics.median(s[0] for s in samples)
    rss = statistics.median(s[1] for s in samples)
    results[name] = wall
    print(f"{name:28} median {wall:6.2f} s  {size / 1e6 / max(wall, 1e-3):7.1f} MB/s  peak RSS {rss:6.1f} MB")
ref = results["reference: grep -rc the"]
for name, wall in results.items():
    if not name.startswith("reference"):
        print(f"{name:28} {wall / max(ref, 1e-3):5.1f}x the reference time")
