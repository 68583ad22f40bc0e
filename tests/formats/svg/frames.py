#!/usr/bin/env python3
"""frames.py - the frames of a flame graph SVG, one per line, for tests that
compare graphs by structure rather than bytes (layout pads and colours
differ between tools):

    DEPTH <TAB> FG_X <TAB> FG_W <TAB> TITLE'S FIRST LINE

sorted by depth and position.  DEPTH counts rows from the row holding the
root frame "all (...)", so flame graphs and icicles compare alike.  With
--strip-marks, names are shown as inferno shows them: FlameGraph's
_[k]/_[j]/_[i]/_[w] suffixes removed and a name of spaces empty.  Uses only the
standard library; exits 1 with a message on a document it cannot read."""
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
FG = "{http://github.com/jonhoo/inferno}"


def frames(path, strip_marks):
    root = ET.parse(path).getroot()
    out = []
    for g in root.iter(SVG + "g"):
        title = g.find(SVG + "title")
        rect = g.find(SVG + "rect")
        if title is None or rect is None:
            continue
        first = (title.text or "").split("\n")[0]
        if strip_marks:
            first = re.sub(r"_\[[kwij]\]( \()", r"\1", first)
            # inferno trims a frame named " " to "" (flamegraph.pl keeps it)
            first = re.sub(r"^ +( \()", r"\1", first)
        out.append((float(rect.get("y")), rect.get(FG + "x"),
                    rect.get(FG + "w"), first))
    roots = [f[0] for f in out if f[3].startswith("all (")]
    if not roots:
        sys.exit("%s: no root frame 'all'" % path)
    rows = sorted({f[0] for f in out}, key=lambda y: abs(y - roots[0]))
    depth = {y: i for i, y in enumerate(rows)}
    return sorted((depth[f[0]], float(f[1] or 0), f[1], f[2], f[3])
                  for f in out)


def main():
    args = sys.argv[1:]
    strip = "--strip-marks" in args
    args = [a for a in args if a != "--strip-marks"]
    for d, _, x, w, t in frames(args[0], strip):
        print("%d\t%s\t%s\t%s" % (d, x, w, t))


main()
