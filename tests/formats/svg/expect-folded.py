#!/usr/bin/env python3
# expect-folded.py - what reading an inferno or flamegraph.pl SVG back
# must give, from the folded stacks the graph was drawn from: the
# stacks as the drawing tool saw them, re-pruned by the tool's rule.
#
#   expect-folded.py [--reverse] [--truncate] [--prune PCT] [--columns N]
#                    [--base F]... < folded > expected
#
# Folded input: "stack w" lines (or "stack w1 ... wN" with --columns N).
#   --reverse   reverse every stack (flamegraph.pl/inferno --reverse);
#   --truncate  weights truncated to integers (inferno's fractional
#               counts);
#   --base F    only the part of each stack from its first frame named F
#               (or another --base F), stacks without one left out
#               (inferno --base);
#   --prune PCT frames whose total is under PCT percent of the total are
#               not drawn: their weight stays in their parent's self
#               weight (root-level ones are lost); judged by the last
#               column, the one widths come from.
# Both tools strip FlameGraph's "_[k]"-style marks from titles, so the
# marks are stripped here too.  Output: "stack w..." lines, sorted
# bytewise, integers without a decimal point.
import re
import sys

args = sys.argv[1:]
reverse = '--reverse' in args
truncate = '--truncate' in args
prune = float(args[args.index('--prune') + 1]) if '--prune' in args else 0.0
columns = int(args[args.index('--columns') + 1]) if '--columns' in args else 1
bases = [args[i + 1] for i, a in enumerate(args) if a == '--base']
MARK = re.compile(r'_\[[kwij]\]$')

# tree: node = [children dict, self weights]
root = [{}, [0.0] * columns]
for line in sys.stdin.buffer.read().decode('utf-8', 'surrogateescape').split('\n'):
    line = line.rstrip('\r')
    if not line or line.startswith('#'):
        continue
    parts = line.rsplit(' ', columns)
    if len(parts) != columns + 1:
        continue
    # inferno trims the blanks before the count (flamegraph.pl keeps them)
    stack, ws = parts[0].rstrip(' '), [float(w) for w in parts[1:]]
    if truncate:
        ws = [float(int(w)) for w in ws]
    # inferno also trims the blanks that begin a frame ("[T; N]" splits)
    frames = [MARK.sub('', f.lstrip(' ')) for f in stack.split(';')]
    if reverse:
        frames.reverse()
    if bases:
        cut = [i for i, f in enumerate(frames) if f in bases]
        if not cut:
            continue
        frames = frames[cut[0]:]
    node = root
    for f in frames:
        node = node[0].setdefault(f, [{}, [0.0] * columns])
    node[1] = [a + b for a, b in zip(node[1], ws)]


def total(node):
    t = list(node[1])
    for c in node[0].values():
        t = [a + b for a, b in zip(t, total(c))]
    node.append(t)
    return t


grand = total(root)
limit = prune / 100.0 * grand[-1]
out = []


def walk(node, path):
    for name, child in node[0].items():
        if child[2][-1] < limit:
            if path:   # merged into the parent
                node[1] = [a + b for a, b in zip(node[1], child[2])]
            continue
        walk(child, path + [name])
    if path and any(node[1]):
        out.append((';'.join(path), node[1]))


walk(root, [])


def fmt(w):
    return str(int(w)) if w == int(w) else repr(w)


lines = sorted((s + ' ' + ' '.join(fmt(w) for w in ws)).encode('utf-8', 'surrogateescape')
               for s, ws in out)
sys.stdout.buffer.write(b''.join(l + b'\n' for l in lines))
