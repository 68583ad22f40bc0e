#!/usr/bin/env python3
"""hostile-gen.py - writes the adversarial inputs of tests/cli/hardening.sh
(protobuf by hand, no dependencies):

  hostile-gen.py amp OUT [SAMPLES [REPEAT]]  a pprof whose few locations
      (one with a 1 MiB name) are referenced REPEAT times by each sample:
      small, within every limit, huge as text
  hostile-gen.py labels OUT N SIZE            a pprof sample with N labels
      of key "k", each a SIZE-byte value (--label-frames k joins them)
  hostile-gen.py badsample OUT                a valid profile but for its
      second sample, whose location ids are cut short inside it
  hostile-gen.py budget OUT SAMPLES LINES     SAMPLES equal samples of one
      location with LINES inlined lines: each sample is a few bytes and
      LINES frames, past the reader's expansion budget when large enough
"""
import sys


def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 127
        n >>= 7
        if n:
            out.append(b | 128)
        else:
            out.append(b)
            return bytes(out)


def field(num, data):
    return varint(num << 3 | 2) + varint(len(data)) + data


def number(num, n):
    return varint(num << 3) + varint(n)


def amp(out, samples=20, repeat=1000):
    strs = [b"", b"samples", b"count", b"n" * ((1 << 20) - 8)]
    strs += [b"leaf%d" % i for i in range(samples)]
    p = field(1, number(1, 1) + number(2, 2))
    for i in range(samples):
        locs = b"".join(varint(x) for x in [2 + i] + [1] * repeat)
        p += field(2, field(1, locs) + field(2, varint(1)))
    for i in range(samples + 1):
        p += field(4, number(1, 1 + i) + field(4, number(1, 1 + i)))
    for i in range(samples + 1):
        p += field(5, number(1, 1 + i) + number(2, 3 + i))
    p += b"".join(field(6, s) for s in strs)
    open(out, "wb").write(p)


def labels(out, n, size):
    strs = [b"", b"samples", b"count", b"main", b"k", b"v" * size]
    p = field(1, number(1, 1) + number(2, 2))
    lab = field(3, number(1, 4) + number(2, 5))
    p += field(2, field(1, varint(1)) + field(2, varint(1)) + lab * n)
    p += field(4, number(1, 1) + field(4, number(1, 1)))
    p += field(5, number(1, 1) + number(2, 3))
    p += b"".join(field(6, s) for s in strs)
    open(out, "wb").write(p)


def badsample(out):
    strs = [b"", b"samples", b"count", b"f"]
    p = field(1, number(1, 1) + number(2, 2))
    p += field(2, field(1, varint(1)) + field(2, varint(1)))
    p += field(2, b"\x0a\x05\x01")
    p += field(4, number(1, 1) + field(4, number(1, 1)))
    p += field(5, number(1, 1) + number(2, 3))
    p += b"".join(field(6, s) for s in strs)
    open(out, "wb").write(p)


def budget(out, samples, lines):
    strs = [b"", b"samples", b"count", b"f"]
    p = field(1, number(1, 1) + number(2, 2))
    p += field(2, field(1, varint(1)) + field(2, varint(1))) * samples
    p += field(4, number(1, 1) + field(4, number(1, 1)) * lines)
    p += field(5, number(1, 1) + number(2, 3))
    p += b"".join(field(6, s) for s in strs)
    open(out, "wb").write(p)


if __name__ == "__main__":
    kind, out, rest = sys.argv[1], sys.argv[2], [int(a) for a in sys.argv[3:]]
    {"amp": amp, "labels": labels, "budget": budget,
     "badsample": badsample}[kind](out, *rest)
