#!/usr/bin/env python3
"""merge-gen.py - writes N folded profiles for the many-inputs merge case
(bench/merge-many.sh): runs of one program, each 300 stacks drawn from a
shared call tree of 3,000 functions, so the merged profile stays bounded
(about 60k distinct stacks) however many runs there are.  Deterministic.

usage: merge-gen.py OUTDIR N
"""
import os
import random
import sys

out_dir, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(20261203)
funcs = ["svc_%d" % i for i in range(3000)]
# A pool of call paths the runs sample from, as runs of one program do.
pool = []
for _ in range(60000):
    depth = rnd.randint(3, 25)
    pool.append(";".join(["main"] + [funcs[rnd.randrange(3000)]
                                     for _ in range(depth)]))
os.makedirs(out_dir, exist_ok=True)
for k in range(n):
    lines = ["%s %d\n" % (pool[rnd.randrange(len(pool))], rnd.randint(1, 50))
             for _ in range(300)]
    with open(os.path.join(out_dir, "run%04d.folded" % k), "w") as f:
        f.write("".join(lines))
