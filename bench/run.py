#!/usr/bin/env python3
"""Throughput, CPU, thread speed-up, peak memory, start-up and cache of `copydesk check`,
and its slowest rules and phases (`--timings`).

usage: bench/run.py CORPUS_DIR [RUNS]     (build first: cargo build --release)

Make the corpus with `python3 ../shared/corpus/make_bench.py /tmp/bench 100`.
Every command runs as a whole process, output discarded; each figure is the median of RUNS
runs (after one warm-up run that fills the page cache). CPU is user + system time of the
process, from wait4(2); peak RSS from the same call.

References, measured in the same run on the same files (the machines are shared and noisy,
so only ratios within one run mean much):
- ripgrep (Debian package `ripgrep`) counting a 50-word prose alternation with ASCII word
  boundaries `(?-u:\\b)`: one regex pass over every byte, the floor for a prose linter;
- the same two tools on one small file, for start-up (and copydesk on a small scraped page,
  whose furniture makes the navigation rule compile its lexicon's patterns).
Without `rg` on PATH the reference lines are skipped.
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

corpus = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
here = os.path.dirname(os.path.abspath(__file__))
binary = os.path.join(here, "..", "target", "release", "copydesk")
def files(root):
    """Every file copydesk walks: hidden folders (a `.copydesk-cache` left there by a run
    without `--cache-dir`) are skipped, as the walk skips them, so they never count."""
    for r, dirs, fs in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        yield from (os.path.join(r, f) for f in fs if not f.startswith("."))


paths = list(files(corpus))
size = sum(os.path.getsize(p) for p in paths)
small = os.path.join(here, "..", "examples", "clean-article.md")
# A small scraped page: its furniture makes the navigation rule compile the patterns of its
# lexicon that the lines pass the literal screens of (a clean article compiles none).
scraped = os.path.join(here, "..", "examples", "scraped-story.txt")

WORDS = ("said however according announced reported officials percent million government "
         "president department company university students research police county city state "
         "federal national international community development program project public health "
         "education economic business market industry technology service services support "
         "information system systems management director executive committee council board "
         "meeting election campaign vote policy law court judge").split()[:50]
PATTERN = "(?-u:\\b)(?:" + "|".join(WORDS) + ")(?-u:\\b)"


def once(cmd, env=None):
    """(wall s, cpu s, peak RSS MB) of one run."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env=dict(os.environ, **(env or {})))
    _, _, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def measure(cmd, env=None, n=runs, before=None):
    """Medians over n runs; `before` runs ahead of each (not timed)."""
    if before is None:
        once(cmd, env)  # warm the page cache
    samples = []
    for _ in range(n):
        if before:
            before()
        samples.append(once(cmd, env))
    return tuple(statistics.median(s[i] for s in samples) for i in range(3))


def show(name, r, mb=size / 1e6):
    wall, cpu, rss = r
    print(f"{name:38} wall {wall:7.3f} s  {mb / max(wall, 1e-6):7.1f} MB/s  "
          f"cpu {cpu:7.3f} s  peak RSS {rss:7.1f} MB")


print(f"corpus: {corpus}: {len(paths)} files, {size / 1e6:.1f} MB; {runs} runs each; "
      f"{os.cpu_count()} cores")
check = [binary, "check", "--no-cache", "--exit-zero", "--format", "json", corpus]
two = measure(check)
show("copydesk check (all threads)", two)
one = measure(check, {"RAYON_NUM_THREADS": "1"})
show("copydesk check (1 thread)", one)
rg = shutil.which("rg")
if rg:
    ref = measure([rg, "--no-messages", "-c", PATTERN, corpus])
    show("reference: rg, 50-word alternation", ref)
print(f"thread speed-up 1 -> {os.cpu_count()}: {one[0] / two[0]:.2f}x wall")
if rg:
    print(f"copydesk / ripgrep: {two[1] / ref[1]:.1f}x CPU, {two[0] / ref[0]:.1f}x wall")

# Findings written as files finish: when the first byte of a concise report arrives (the
# report read from a pipe), against the run's whole wall time.
def first_byte(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    first = p.stdout.read(1) and time.perf_counter() - start
    while p.stdout.read(1 << 16):
        pass
    p.wait()
    return first or float("nan"), time.perf_counter() - start


concise = [binary, "check", "--no-cache", "--exit-zero", "--format", "concise", corpus]
first_byte(concise)  # warm
streamed = [first_byte(concise) for _ in range(runs)]
print(f"first output (concise, piped): {statistics.median(s[0] for s in streamed):.3f} s "
      f"of {statistics.median(s[1] for s in streamed):.3f} s")

# Cache: a first run into an empty cache (a new folder each time: deleting the last one
# just before would bill the file system's deferred work to the run), then a second over
# unchanged files. The folders are deleted at the end.
caches = tempfile.mkdtemp(prefix="copydesk-bench-caches-")
cached = [binary, "check", "--exit-zero", "--format", "json", corpus]
fresh = iter(range(1_000_000))
cold_runs = []
for _ in range(runs):
    cold_runs.append(once(cached, {"COPYDESK_CACHE_DIR": os.path.join(caches, str(next(fresh)))}))
first = tuple(statistics.median(s[i] for s in cold_runs) for i in range(3))
show("copydesk, cache empty", first)
second = measure(cached, {"COPYDESK_CACHE_DIR": os.path.join(caches, "0")})
show("copydesk, cache warm (files unchanged)", second)
print(f"warm cache: {100 * second[0] / first[0]:.1f} % of the cold-cache wall time, "
      f"{100 * second[0] / two[0]:.1f} % of --no-cache")
# A pre-commit hook or an editor: one of the corpus's files named, with the corpus's warm
# cache (its entries read by offset, not the whole cache).
one_file = [binary, "check", "--exit-zero", "--format", "json", paths[0]]
hook = measure(one_file, {"COPYDESK_CACHE_DIR": os.path.join(caches, "0")}, n=max(runs, 20))
show("copydesk on one file, corpus cache warm", hook, os.path.getsize(paths[0]) / 1e6)
shutil.rmtree(caches, ignore_errors=True)

# Start-up: one small file, many runs.
startup = measure([binary, "check", "--no-cache", "--exit-zero", small], n=max(runs, 20))
show("start-up: copydesk on one small file", startup, os.path.getsize(small) / 1e6)
if rg:
    rs = measure([rg, "-c", PATTERN, small], n=max(runs, 20))
    show("start-up reference: rg on it", rs, os.path.getsize(small) / 1e6)
page = measure([binary, "check", "--no-cache", "--exit-zero", scraped], n=max(runs, 20))
show("start-up: copydesk on a scraped page", page, os.path.getsize(scraped) / 1e6)

# Where the time goes: one `--timings` run (seconds summed over threads), slowest first.
timed = subprocess.run(check + ["--timings"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True).stderr.splitlines()
rows = [l for l in timed if l.strip() and l.split()[0].replace(".", "", 1).isdigit()]
print("slowest rules and phases (one --timings run, seconds summed over threads):")
for l in rows[:10]:
    secs, share, _, what = l.split(None, 3)
    print(f"  {float(secs):7.3f} s  {share:>6}  {what}")
