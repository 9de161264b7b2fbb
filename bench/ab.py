#!/usr/bin/env python3
"""Same-run A/B of two copydesk builds: runs them alternately and prints each one's median
and best wall time, CPU (user + system, from wait4(2)) and peak RSS, and the ratio of the
medians. The machines are shared and noisy, so only builds measured side by side in one
run are compared.

usage: bench/ab.py OLD_BINARY NEW_BINARY RUNS -- ARGS...
   e.g. bench/ab.py /tmp/copydesk-old target/release/copydesk 9 -- check --no-cache --format json /tmp/bench
"""
import os, statistics, subprocess, sys, time

if "--" not in sys.argv or len(sys.argv) < 5:
    sys.exit(__doc__)
cut = sys.argv.index("--")
old, new, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
args = sys.argv[cut + 1:]


def once(binary):
    start = time.perf_counter()
    p = subprocess.Popen([binary] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    return time.perf_counter() - start, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


samples = {old: [], new: []}
once(old), once(new)  # warm the page cache
for i in range(runs):
    # Alternate which goes first, so neither always follows the other.
    for b in (old, new) if i % 2 == 0 else (new, old):
        samples[b].append(once(b))

med = {}
for name, b in (("old", old), ("new", new)):
    wall, cpu, rss = zip(*samples[b])
    med[b] = (statistics.median(wall), statistics.median(cpu))
    print(f"{name}: {b}\n  wall median {med[b][0]:.3f} s (best {min(wall):.3f})   "
          f"cpu median {med[b][1]:.3f} s (best {min(cpu):.3f})   peak RSS {statistics.median(rss):.1f} MB")
print(f"new / old: wall {med[new][0] / med[old][0]:.3f}, cpu {med[new][1] / med[old][1]:.3f}")
