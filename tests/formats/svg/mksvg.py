#!/usr/bin/env python3
"""mksvg.py - a stand-in flame graph writer for svg.js's development and
benchmark: collapsed stacks in, an SVG out that follows doc/svg.md (root
frame "all", fg:x/fg:w, skconfig, ids), with the embedded script and style
sheet read from formats/svg/.  Not the product's writer (svg_write.c); it
exists so the script can be tested in a browser against a known document.

    mksvg.py [--inverted] [--flamechart] [--minwidth PX] SRCDIR IN OUT

A frame named NAME@@SOURCE gets the title line "source: SOURCE".
"""
import html
import json
import sys

WIDTH, FH, FONTSIZE, FONTWIDTH, XPAD = 1200, 16, 12, 0.59, 10


def parse(path, flamechart):
    root = {"name": "all", "w": 0, "kids": []}
    last = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            stack, count = line.rsplit(" ", 1)
            w = float(count)
            if w == int(w):
                w = int(w)
            node = root
            node["w"] += w
            frames = stack.split(";")
            for depth, name in enumerate(frames):
                kids = node["kids"]
                if flamechart:
                    # time order: merge only with the previous sibling
                    kid = kids[-1] if kids and kids[-1]["name"] == name and \
                        last is not None and last[:depth + 1] == frames[:depth + 1] else None
                else:
                    kid = next((k for k in kids if k["name"] == name), None)
                if kid is None:
                    kid = {"name": name, "w": 0, "kids": []}
                    kids.append(kid)
                kid["w"] += w
                node = kid
            last = frames
    if not flamechart:
        sort(root)
    return root


def sort(node):
    node["kids"].sort(key=lambda k: k["name"].encode("utf-8"))
    for k in node["kids"]:
        sort(k)


def depth(node):
    return 1 + max((depth(k) for k in node["kids"]), default=0)


def num(v):
    return str(int(v)) if v == int(v) else repr(v)


def label(name, width):
    fit = int(width / (FONTSIZE * FONTWIDTH))
    if fit < 3:
        return None
    return name if len(name) <= fit else name[:fit - 2] + ".."


def colour(name):
    h = 0
    for c in name.encode("utf-8"):
        h = (h * 31 + c) & 0xffffffff
    return "#%02x%02x%02x" % (205 + h % 50, 80 + (h >> 8) % 150, (h >> 16) % 55)


def main(argv):
    inverted = "--inverted" in argv
    flamechart = "--flamechart" in argv
    minwidth = 0.0
    if "--minwidth" in argv:
        minwidth = float(argv[argv.index("--minwidth") + 1])
        del argv[argv.index("--minwidth"):argv.index("--minwidth") + 2]
    args = [a for a in argv if not a.startswith("--")]
    src, inp, out = args
    root = parse(inp, flamechart)
    total = root["w"]
    rows = depth(root)
    ypad1, ypad2 = FONTSIZE * 3, FONTSIZE * 2 + 10
    height = rows * FH + ypad1 + ypad2
    fw = WIDTH - 2 * XPAD
    with open(src + "/formats/svg/svg.js", encoding="utf-8") as f:
        js = f.read()
    with open(src + "/formats/svg/svg.css", encoding="utf-8") as f:
        css = f.read()
    cfg = {"fontsize": FONTSIZE, "fontwidth": FONTWIDTH, "xpad": XPAD,
           "frameheight": FH, "inverted": inverted, "nametype": "Function:",
           "countname": "samples", "unit": "", "factor": 1,
           "searchcolor": "rgb(230,0,230)", "total": total,
           "differential": False}
    kind = "flamechart" if flamechart else "icicle" if inverted else "flamegraph"
    o = []
    o.append('<?xml version="1.0" standalone="no"?>\n')
    o.append('<svg version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" '
             'onload="init(evt)" xmlns="http://www.w3.org/2000/svg" '
             'xmlns:xlink="http://www.w3.org/1999/xlink" '
             'xmlns:fg="http://github.com/jonhoo/inferno" fg:type="samples" '
             'fg:unit="count" fg:kind="%s">\n' % (WIDTH, height, WIDTH, height, kind))
    o.append('<defs><linearGradient id="background" y1="0" y2="1" x1="0" x2="0">'
             '<stop stop-color="#eeeeee" offset="5%"/><stop stop-color="#eeeeb0" '
             'offset="95%"/></linearGradient></defs>\n')
    o.append('<style type="text/css">%s\ntext { font-family: Verdana; font-size: '
             '12px; }</style>\n' % css)
    o.append('<script type="text/ecmascript"><![CDATA[var skconfig = %s;]]></script>\n'
             % json.dumps(cfg))
    o.append('<script type="text/ecmascript"><![CDATA[%s]]></script>\n' % js)
    o.append('<rect x="0" y="0" width="%d" height="%d" fill="url(#background)"/>\n'
             % (WIDTH, height))
    title = "Flame Chart" if flamechart else "Icicle Graph" if inverted else "Flame Graph"
    o.append('<text id="title" x="%d" y="24">%s</text>\n' % (WIDTH // 2, title))
    o.append('<text id="details" x="10" y="%d"> </text>\n' % (height - 17))
    o.append('<text id="unzoom" class="hide" x="10" y="24">Reset Zoom</text>\n')
    o.append('<text id="search" x="%d" y="24">Search</text>\n' % (WIDTH - 10))
    o.append('<text id="matched" x="%d" y="%d"> </text>\n' % (WIDTH - 10, height - 17))
    o.append('<svg id="frames" x="10" width="%d" total_samples="%s">\n' % (fw, num(total)))

    def draw(node, d, off):
        x = off / total * fw
        w = node["w"] / total * fw
        if w < minwidth:
            return
        y = ypad1 + d * FH if inverted else height - ypad2 - (d + 1) * FH
        name, _, source = node["name"].partition("@@")
        t = "%s (%s samples, %.2f%%)" % (name, format(node["w"], ","),
                                        100 * node["w"] / total)
        if source:
            t += "\nsource: " + source
        o.append('<g><title>%s</title><rect x="%.1f" y="%d" width="%.1f" '
                 'height="%d" fill="%s" fg:x="%s" fg:w="%s"/>'
                 % (html.escape(t), x, y, w, FH - 1, colour(name), num(off),
                    num(node["w"])))
        lab = label(name, w)
        if lab is not None:
            o.append('<text x="%.1f" y="%.1f">%s</text>'
                     % (x + 3, y + FH - 4.5, html.escape(lab)))
        o.append('</g>\n')
        for k in node["kids"]:
            draw(k, d + 1, off)
            off += k["w"]

    draw(root, 0, 0)
    o.append('</svg>\n</svg>\n')
    with open(out, "w", encoding="utf-8") as f:
        f.write("".join(o))


if __name__ == "__main__":
    main(sys.argv[1:])
