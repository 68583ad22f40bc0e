#!/usr/bin/env python3
"""ss-folded.py SPEEDSCOPE_JSON IMPORTED_JSON COLLAPSED_TID

Compares what speedscope's own importer read from a file stackconv wrote
(IMPORTED_JSON: `tools/speedscope-import FILE --json`, speedscope's own
export of what it imported) with stackconv's collapsed output of the same
input under --tid (COLLAPSED_TID).

speedscope shows threads as separate profiles; collapsed --tid shows them
as FlameGraph root frames "COMM-PID/TID".  A profile named "COMM PID/TID",
"COMM (TID)" or "COMM" is mapped to that root (blanks become '_', an
unknown number '?', a TID of 0 with a PID FlameGraph's "COMM-?/PID"); the
profile named as the file (its "name", read from SPEEDSCOPE_JSON) holds the
samples without a thread and gets no root.  Frame names are compared as
collapsed prints them (';' as ':', line breaks as blanks), without
FlameGraph's _[k]/_[j]/_[i] marks, which speedscope files do not carry.
Stacks must be equal as sets and their weights equal to a relative 1e-9
(speedscope sums in its own order); so must the totals, where samples with
an empty stack count too: collapsed prints those of a thread as the bare
root and cannot print those without one, so their weight is taken from
SPEEDSCOPE_JSON.  Prints the differences and exits 1 when there are any."""
import json
import re
import sys

MARK = re.compile(r"_\[[kji]\]$")


def label(name):
    name = name.replace(";", ":").replace("\n", " ").replace("\r", " ")
    return MARK.sub("", name)


def root_of(name, group):
    if name == group:
        return None
    m = re.fullmatch(r"(.+) (\d+|\?)/(\d+|\?)", name)
    if m:
        comm, pid, tid = m.groups()
    else:
        m = re.fullmatch(r"(.+) \((\d+)\)", name)
        if m:
            comm, pid, tid = m.group(1), "?", m.group(2)
        else:
            comm, pid, tid = name, "?", "?"
    if tid == "0" and pid != "?":
        pid, tid = "?", pid
    return ("%s-%s/%s" % (comm, pid, tid)).replace(" ", "_")


def imported(path, group):
    """Self weight per stack, replaying speedscope's exported events."""
    doc = json.load(open(path, encoding="utf-8"))
    frames = [label(f["name"]) for f in doc["shared"]["frames"]]
    stacks, total = {}, 0.0
    for prof in doc["profiles"]:
        root = root_of(prof["name"], group)
        total += prof["endValue"] - prof["startValue"]
        open_, last = [], prof["startValue"]
        for ev in prof.get("events", []):
            if open_ and ev["at"] > last:
                s = ";".join(([root] if root else []) + open_)
                stacks[s] = stacks.get(s, 0.0) + ev["at"] - last
            last = ev["at"]
            if ev["type"] == "O":
                open_.append(frames[ev["frame"]])
            else:
                open_.pop()
    return stacks, total


def empty_unthreaded(path):
    doc = json.load(open(path, encoding="utf-8"))
    w = 0.0
    for prof in doc["profiles"]:
        if prof["name"] == doc.get("name"):
            w += sum(x for s, x in zip(prof["samples"], prof["weights"]) if not s)
    return w


def collapsed(path):
    stacks = {}
    for line in open(path, encoding="utf-8"):
        stack, _, w = line.rstrip("\n").rpartition(" ")
        stack = ";".join(MARK.sub("", f) for f in stack.split(";"))
        stacks[stack] = stacks.get(stack, 0.0) + float(w)
    return stacks


def close(a, b):
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


group = json.load(open(sys.argv[1], encoding="utf-8")).get("name", "")
ss, ss_total = imported(sys.argv[2], group)
sc = collapsed(sys.argv[3])
sc_total = sum(sc.values()) + empty_unthreaded(sys.argv[1])
# A thread's samples with an empty stack: its bare root in collapsed.
roots = set(root_of(p["name"], group) for p in
            json.load(open(sys.argv[1], encoding="utf-8"))["profiles"])
for r in roots:
    sc.pop(r, None)
bad = 0
for s in sorted(set(ss) | set(sc)):
    if s not in ss:
        print("only stackconv: ", s[:200]); bad += 1
    elif s not in sc:
        print("only speedscope:", s[:200]); bad += 1
    elif not close(ss[s], sc[s]):
        print("weight %r vs %r: %s" % (ss[s], sc[s], s[:200])); bad += 1
    if bad >= 5:
        break
if not close(ss_total, sc_total):
    print("total %r vs %r" % (ss_total, sc_total)); bad += 1
print("%d stacks, %d differences" % (len(set(ss) | set(sc)), bad))
sys.exit(1 if bad else 0)
