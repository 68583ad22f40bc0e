#!/usr/bin/env python3
"""collapsed-gen.py - a large folded-stacks file for the collapsed ->
collapsed benchmark (bench/collapsed-sort.sh): STACKS distinct stacks
(default 1,000,000), each written at least once, then repeats of them
until the file reaches SIZE_MB, all in random order so that a reader has
to aggregate and sort rather than merge neighbours.

The stacks are walks in a call tree (a new stack is a prefix of an older
one plus one to three frames) over 20,000 names, 2 to 60 frames deep, as
merged recordings look.  Names have no double spaces and no trailing
spaces, so that awk's field rebuilding keeps them intact.  Deterministic
(fixed seed); lines are written in 8 MB chunks.

usage: collapsed-gen.py OUTPUT [SIZE_MB [STACKS]]
"""
import random
import sys

out_path = sys.argv[1]
size_mb = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
n_stacks = int(sys.argv[3]) if len(sys.argv) > 3 else 1000000
target = size_mb * 1000 * 1000
rnd = random.Random(20261203)

mods = ["net", "io", "db", "http", "json", "alloc", "sched", "cache", "log"]
verbs = ["read", "write", "parse", "encode", "lock", "scan", "hash", "send"]
names = ["%s::%s_%d" % (rnd.choice(mods), rnd.choice(verbs), i)
         for i in range(19000)]
names += ["std::vector<int>::push_back(int const&) [clone %d]" % i
          for i in range(500)]
names += ["Lcom/example/Handler%d;::run" % i for i in range(500)]

roots = ["main", "start_thread", "__libc_start_main", "worker"]
seen = set()
stacks = []
frames_of = []
for r in roots:
    seen.add(r)
    stacks.append(r)
    frames_of.append(1)
while len(stacks) < n_stacks:
    # recent stacks are extended more often, so the tree grows deep
    k = len(stacks) - 1 - int(rnd.random() ** 2 * len(stacks))
    base, depth = stacks[k], frames_of[k]
    if depth >= 60:
        continue
    cut = rnd.randint(max(1, depth - 3), depth)
    if cut < depth:
        base = ";".join(base.split(";", cut)[:cut])
    add = rnd.randint(1, min(3, 60 - cut))
    s = base + ";" + ";".join(rnd.choice(names) for _ in range(add))
    if s in seen:
        continue
    seen.add(s)
    stacks.append(s)
    frames_of.append(cut + add)
del seen, frames_of

written = 0
chunk = []
chunk_bytes = 0


def emit(line):
    global chunk_bytes
    chunk.append(line)
    chunk_bytes += len(line)
    if chunk_bytes >= 8 << 20:
        flush()


def flush():
    global written, chunk_bytes
    s = "".join(chunk)
    f.write(s)
    written += len(s.encode())
    chunk.clear()
    chunk_bytes = 0


with open(out_path, "w") as f:
    order = list(range(len(stacks)))
    rnd.shuffle(order)
    for i in order:
        emit("%s %d\n" % (stacks[i], rnd.randint(1, 1000)))
    flush()
    while written < target:
        for i in rnd.choices(range(len(stacks)), k=50000):
            emit("%s %d\n" % (stacks[i], rnd.randint(1, 1000)))
        flush()
print("%s: %d bytes, %d distinct stacks" % (out_path, written, len(stacks)))
