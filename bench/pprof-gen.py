#!/usr/bin/env python3
"""pprof-gen.py - a large gzipped pprof profile for bench/pprof.sh, and
its expected folded stacks, with a protobuf encoder of its own (no
protobuf module needed; field numbers from profile.proto).

The profile: SAMPLES samples (default 1,000,000) over 50,000 locations in
one mapping, 40,000 functions (Go-like names), one location in twenty
with an inlined call (two lines), three sample types (samples/count,
cpu/nanoseconds, wall/nanoseconds) with cpu as default_sample_type, and
two labels per sample (thread, a string; request_bytes, a number in
bytes).  Samples draw, Pareto-weighted, from 60,000 distinct stacks, 4 to
64 deep, walks in a call tree.  About 100 MB of protobuf before gzip at
the default 1M samples.  Deterministic (fixed seed).

REFERENCE gets what `stackconv -t collapsed` should print for it: each
distinct stack, root first (a location's lines caller first), with its
summed cpu value, sorted bytewise.

usage: pprof-gen.py OUTPUT.pb.gz REFERENCE [SAMPLES]
"""
import gzip
import random
import sys

out_path, ref_path = sys.argv[1], sys.argv[2]
n_samples = int(sys.argv[3]) if len(sys.argv) > 3 else 1000000
rnd = random.Random(20261204)
N_LOC, N_FUNC, N_STACKS = 50000, 40000, 60000


def varint(n):
    n &= (1 << 64) - 1          # negative int64s take ten bytes
    out = bytearray()
    while n > 0x7f:
        out.append(n & 0x7f | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def field_varint(num, n):
    return varint(num << 3) + varint(n) if n else b""


def field_bytes(num, payload):
    return varint(num << 3 | 2) + varint(len(payload)) + payload


def field_packed(num, values):
    return field_bytes(num, b"".join(varint(v) for v in values))


strings = [""]
string_index = {"": 0}


def s(text):
    if text not in string_index:
        string_index[text] = len(strings)
        strings.append(text)
    return string_index[text]


def value_type(type_name, unit):
    return field_varint(1, s(type_name)) + field_varint(2, s(unit))


parts = []
for t, u in [("samples", "count"), ("cpu", "nanoseconds"),
             ("wall", "nanoseconds")]:
    parts.append(field_bytes(1, value_type(t, u)))

# functions, locations, the mapping
pkgs = ["net/http", "encoding/json", "runtime", "database/sql", "bufio",
        "github.com/example/server/internal/store", "sync", "compress/gzip"]
func_name = [None]
func_msgs = []
for fid in range(1, N_FUNC + 1):
    pkg = rnd.choice(pkgs)
    if rnd.random() < 0.5:
        name = "%s.(*T%d).M%d" % (pkg, fid % 700, fid)
    else:
        name = "%s.f%d" % (pkg, fid)
    func_name.append(name)
    func_msgs.append(field_bytes(5, field_varint(1, fid) + field_varint(2, s(name))
                                 + field_varint(3, s(name))
                                 + field_varint(4, s("/src/%s/file%d.go" % (pkg, fid % 97)))
                                 + field_varint(5, fid % 3000 + 1)))
loc_frames = [None]            # a location's names, caller first
loc_msgs = []
for lid in range(1, N_LOC + 1):
    fids = [rnd.randint(1, N_FUNC)]
    if rnd.random() < 0.05:
        fids.insert(0, rnd.randint(1, N_FUNC))     # line[0] is the inlined callee
    lines = b"".join(field_bytes(4, field_varint(1, f) + field_varint(2, rnd.randint(1, 5000)))
                     for f in fids)
    loc_msgs.append(field_bytes(4, field_varint(1, lid) + field_varint(2, 1)
                                + field_varint(3, 0x401000 + lid * 64) + lines))
    loc_frames.append([func_name[f] for f in reversed(fids)])
mapping = field_bytes(3, field_varint(1, 1) + field_varint(2, 0x400000)
                      + field_varint(3, 0x4000000) + field_varint(5, s("/usr/local/bin/server"))
                      + field_varint(7, 1) + field_varint(8, 1) + field_varint(9, 1))

# distinct stacks (leaf first, as location_id lists are)
stacks, seen = [], set()
roots = [rnd.randint(1, N_LOC) for _ in range(8)]
while len(stacks) < N_STACKS:
    if stacks and rnd.random() < 0.9:
        base = rnd.choice(stacks[-2000:])
        base = base[len(base) - rnd.randint(max(1, len(base) // 2), len(base)):]  # the root side
    else:
        base = (rnd.choice(roots),)
    grow = rnd.randint(2, 10)
    st = tuple(rnd.randint(1, N_LOC) for _ in range(grow)) + base
    if len(st) < 4 or len(st) > 64 or st in seen:
        continue
    seen.add(st)
    stacks.append(st)
del seen
stack_field = [field_packed(1, st) for st in stacks]
weights = [rnd.paretovariate(1.1) for _ in stacks]

threads = [field_bytes(3, field_varint(1, s("thread")) + field_varint(2, s("worker-%d" % i)))
           for i in range(8)]
k_bytes, u_bytes = s("request_bytes"), s("bytes")

cpu_of = {}
samples = []
for i in rnd.choices(range(len(stacks)), weights, k=n_samples):
    ticks = rnd.randint(1, 20)
    cpu = ticks * 10000000
    wall = cpu + rnd.randrange(0, 50000000)
    cpu_of[i] = cpu_of.get(i, 0) + cpu
    size_label = field_bytes(3, field_varint(1, k_bytes) + field_varint(3, rnd.randrange(64, 1 << 20))
                             + field_varint(4, u_bytes))
    body = (stack_field[i] + field_packed(2, (ticks, cpu, wall))
            + rnd.choice(threads) + size_label)
    samples.append(field_bytes(2, body))
parts.append(b"".join(samples))
del samples
parts.append(mapping)
parts.append(b"".join(loc_msgs))
parts.append(b"".join(func_msgs))
tail = (field_varint(9, 1764720000000000000) + field_varint(10, 30000000000)
        + field_bytes(11, value_type("cpu", "nanoseconds")) + field_varint(12, 10000000)
        + field_varint(14, s("cpu")))
parts.append(b"".join(field_bytes(6, t.encode()) for t in strings))
parts.append(tail)
raw = b"".join(parts)
with gzip.open(out_path, "wb", compresslevel=6) as f:
    f.write(raw)

lines = []
for i, cpu in cpu_of.items():
    names = [n for lid in reversed(stacks[i]) for n in loc_frames[lid]]
    lines.append("%s %d\n" % (";".join(names), cpu))
lines.sort()
with open(ref_path, "w") as f:
    f.write("".join(lines))
print("%s: %d samples, %d bytes of protobuf, %d distinct stacks"
      % (out_path, n_samples, len(raw), len(cpu_of)))
