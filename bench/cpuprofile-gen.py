#!/usr/bin/env python3
"""bench/cpuprofile-gen.py OUT [MB] - writes a large synthetic .cpuprofile
for `make bench`: a deep call tree (a random walk that goes down a little
more often than up, to depths of up to 120 frames) of named JS functions
spread over many scripts, then 1.5 million samples with V8-like
timeDeltas.  As in real profiles, samples fall on a hot minority of the
nodes (5000 of them, Pareto-weighted) and often repeat the node before (a
hot loop).  Deterministic (fixed seed).  MB defaults to 200; the node
count is chosen to reach it."""
import random
import sys


def main():
    out = sys.argv[1]
    mb = float(sys.argv[2]) if len(sys.argv) > 2 else 200.0
    target = int(mb * 1e6)
    rnd = random.Random(8)
    node_bytes = 175       # measured mean of one node's JSON below
    sample_bytes = 12      # one sample id and one delta, with commas
    nsamples = 1_500_000
    nnodes = max(1000, int((target - nsamples * sample_bytes) / node_bytes))

    # The tree: parent of each node, by a random walk over the stack.
    parent = [0] * (nnodes + 1)
    children = [[] for _ in range(nnodes + 1)]
    stack = [1]
    for n in range(2, nnodes + 1):
        while len(stack) > 1 and (len(stack) > 120 or rnd.random() < 0.47):
            stack.pop()
        p = stack[-1]
        parent[n] = p
        children[p].append(n)
        stack.append(n)

    with open(out, "w") as f:
        f.write('{"nodes":[')
        for n in range(1, nnodes + 1):
            if n == 1:
                cf = ('"functionName":"(root)","scriptId":"0","url":"",'
                      '"lineNumber":-1,"columnNumber":-1')
            else:
                script = n % 997 + 1
                cf = ('"functionName":"fn_%d_%s","scriptId":"%d",'
                      '"url":"file:///bench/src/module_%d.js",'
                      '"lineNumber":%d,"columnNumber":%d' %
                      (n % 50021, "handler" if n % 3 else "render", script,
                       script, n % 4000, n % 80))
            kids = children[n]
            f.write('%s{"id":%d,"callFrame":{%s},"hitCount":0%s}' %
                    ("," if n > 1 else "", n, cf,
                     ',"children":[%s]' % ",".join(map(str, kids))
                     if kids else ""))
        f.write('],"startTime":1000000,"endTime":%d,"samples":['
                % (1000000 + nsamples * 100))
        hot = [rnd.randint(2, nnodes) for _ in range(5000)]
        ids = []
        cur = hot[0]
        for _ in range(nsamples):
            if rnd.random() >= 0.5:
                cur = hot[min(int(rnd.paretovariate(1.2)) - 1, 4999)]
            ids.append(cur)
        f.write(",".join(map(str, ids)))
        f.write('],"timeDeltas":[')
        f.write(",".join(str(rnd.randint(50, 150)) for _ in range(nsamples)))
        f.write("]}\n")


if __name__ == "__main__":
    main()
