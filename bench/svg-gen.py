#!/usr/bin/env python3
"""svg-gen.py - collapsed stacks whose flame graph has FRAMES frames (plus
the root), for bench/svg-browser.sh: a random but seeded call tree up to 40
deep, sibling names distinct so nothing merges, every leaf and some inner
frames with self weight.

    svg-gen.py OUT FRAMES
"""
import random
import sys


def main(out, frames):
    rnd = random.Random(20261202)
    names = ["fn_%d" % i for i in range(4000)] + \
        ["mod::Type::method_%d" % i for i in range(1000)] + \
        ["std::vector<int>::push_back_%d" % i for i in range(500)]
    # node: (parent index, name, depth); index 0 is the root "all"
    parent, name, depth, kids = [-1], ["all"], [0], [set()]
    frontier = [0]
    while len(name) <= frames:
        # recent frontier nodes first, so the tree grows deep as well as wide
        k = len(frontier) - 1 - int(rnd.random() ** 3 * len(frontier))
        p = frontier[k]
        if depth[p] >= 40 or len(kids[p]) >= 12:
            frontier.pop(k)
            continue
        n = rnd.choice(names)
        if n in kids[p]:
            continue
        kids[p].add(n)
        parent.append(p)
        name.append(n)
        depth.append(depth[p] + 1)
        kids.append(set())
        frontier.append(len(name) - 1)
    with open(out, "w") as f:
        for i in range(1, len(name)):
            if kids[i] and rnd.random() < 0.7:
                continue
            stack = []
            j = i
            while j > 0:
                stack.append(name[j])
                j = parent[j]
            f.write("%s %d\n" % (";".join(reversed(stack)), rnd.randint(1, 100)))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
