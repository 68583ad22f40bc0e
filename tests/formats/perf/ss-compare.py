#!/usr/bin/env python3
"""ss-compare.py SPEEDSCOPE_OUT COLLAPSED [--counts PERF_COLLAPSED_COUNTS]

Compares what speedscope's perf importer read (tools/speedscope-import
output) with stackconv's collapsed output of the same perf script file:
the sets of stacks must be equal once speedscope's conventions are mapped
to FlameGraph's (its profile name "COMM tid: N" is the root frame; its
"??? (DSO)" for unknown symbols is FlameGraph's "[DSO basename]").
speedscope weighs samples by time, so weights are not compared here.
Prints the differences and exits 1 when there are any."""
import re
import sys


def speedscope_stacks(path):
    stacks = set()
    comm = None
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        m = re.match(r'# profile "(.*?)(?: pid: \d+)?(?: tid: \d+)?" unit=', line)
        if m:
            comm = m.group(1).replace(" ", "_")
            continue
        if not line or line.startswith("#") or comm is None or \
                line.startswith("speedscope") or line.startswith("Importing"):
            continue
        stack, _, _w = line.rpartition(" ")
        frames = []
        for f in stack.split(";"):
            m = re.fullmatch(r"\?\?\? \((.*)\)", f)
            if m:
                dso = m.group(1)
                f = "[unknown]" if dso == "[unknown]" else "[" + dso.rsplit("/", 1)[-1] + "]"
            frames.append(f)
        stacks.add(";".join([comm] + frames))
    return stacks


def collapsed_stacks(path):
    out = set()
    for line in open(path, encoding="utf-8", errors="replace"):
        stack, _, _w = line.rstrip("\n").rpartition(" ")
        out.add(stack)
    return out


a = speedscope_stacks(sys.argv[1])
b = collapsed_stacks(sys.argv[2])
# speedscope prints paths with nonzero self weight: the same as the leaves
# of the collapsed stacks.
only_a = sorted(a - b)
only_b = sorted(b - a)
for s in only_a[:5]:
    print("only speedscope:", s[:200])
for s in only_b[:5]:
    print("only stackconv: ", s[:200])
print("%d stacks, %d only in speedscope, %d only in stackconv" % (len(a | b), len(only_a), len(only_b)))
sys.exit(1 if only_a or only_b else 0)
