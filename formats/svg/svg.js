// svg.js - the script embedded into every stackkit flame graph: details on
// hover, zoom on click, regular-expression search with the matched share,
// and the view kept in the URL fragment (#x=..&y=..&s=..).  doc/svg.md
// ("Interaction") says what it does; the writer (svg_write.c) puts this file
// verbatim into a CDATA section after a script defining `skconfig`, so it
// must never contain the CDATA terminator, and calls init() from onload.
//
// Graphs hold 100k frames and more, so the frames' geometry and weights are
// read once into arrays, every interaction works on those arrays, and an
// element is written to only when its class, geometry or label changes.
// Reading waits for the browser to be idle after the graph is drawn (or for
// the first interaction), so the script adds nothing to the load; names are
// read from the titles only when a label or a search needs them.
"use strict";

var sk = (function () {
	var FG_NS = "http://github.com/jonhoo/inferno";
	var SVG_NS = "http://www.w3.org/2000/svg";
	var NORMAL = 0, PARENT = 1, HIDE = 2;

	var cfg, framesEl, detailsEl, unzoomEl, searchEl, matchedEl;
	var frameWidth, total, charWidth, textDy;

	// Per-frame state, index = position in #frames (depth-first order).
	var n = 0, groups, rects, texts, fgx, fgw, ys;
	var origX, origW, origTextX, origLabel, origFill, baseClass, names;
	var curX, curW, moved, state, matched;
	var loaded = false;

	// The view: the zoomed frame's index (-1: none) and the search.
	var zoomed = -1, searchTerm = null;

	function num(v, dflt) {
		var f = parseFloat(v);
		return isFinite(f) ? f : dflt;
	}

	function fgAttr(el, name) {
		var v = el.getAttributeNS(FG_NS, name);
		return v === null || v === "" ? el.getAttribute("fg:" + name) : v;
	}

	function setText(el, s) {
		if (el.firstChild) el.firstChild.nodeValue = s;
		else el.appendChild(document.createTextNode(s));
	}

	// Reads every frame's rect, text and weights into the arrays.  Frames
	// without fg:w (a hand-edited graph) fall back to their pixel geometry.
	function load() {
		if (loaded) return;
		loaded = true;
		var gs = framesEl.children;
		n = gs.length;
		groups = new Array(n); rects = new Array(n); texts = new Array(n);
		fgx = new Float64Array(n); fgw = new Float64Array(n);
		ys = new Float64Array(n);
		origX = new Array(n); origW = new Array(n);
		origTextX = new Array(n); origLabel = new Array(n);
		origFill = new Array(n); baseClass = new Array(n);
		curX = new Float64Array(n); curW = new Float64Array(n);
		moved = new Uint8Array(n);
		state = new Uint8Array(n); matched = new Uint8Array(n);
		names = new Array(n);
		var pxPerWeight = frameWidth / total;
		textDy = undefined;
		for (var i = 0; i < n; i++) {
			var g = gs[i], rect = null, text = null;
			for (var c = g.firstElementChild; c; c = c.nextElementSibling) {
				if (c.localName === "rect") rect = c;
				else if (c.localName === "text") text = c;
			}
			groups[i] = g; rects[i] = rect; texts[i] = text;
			g.skIndex = i;
			var cls = g.getAttribute("class");
			baseClass[i] = cls ? cls + " " : "";
			if (!rect) { state[i] = HIDE; continue; }
			origX[i] = rect.getAttribute("x");
			origW[i] = rect.getAttribute("width");
			curX[i] = num(origX[i], 0);
			curW[i] = num(origW[i], 0);
			ys[i] = num(rect.getAttribute("y"), 0);
			var x = fgAttr(rect, "x"), w = fgAttr(rect, "w");
			fgx[i] = x === null ? curX[i] / pxPerWeight : num(x, 0);
			fgw[i] = w === null ? curW[i] / pxPerWeight : num(w, 0);
			if (text) {
				if (textDy === undefined)
					textDy = num(text.getAttribute("y"), NaN) - ys[i];
				origTextX[i] = text.getAttribute("x");
				origLabel[i] = text.textContent;
			}
		}
		// A label made on zoom sits where the writer put its own labels.
		if (!isFinite(textDy)) textDy = cfg.frameheight - 4.5;
	}

	function titleOf(i) {
		var t = groups[i].firstElementChild;
		while (t && t.localName !== "title") t = t.nextElementSibling;
		return t ? t.textContent : "";
	}

	// The title's first line is "NAME (COUNT, PCT%)"; the name is that less
	// the last " (...)" group, which never contains " (" itself.
	function nameOf(i) {
		var name = names[i];
		if (name !== undefined) return name;
		var s = titleOf(i), nl = s.indexOf("\n");
		if (nl >= 0) s = s.substring(0, nl);
		var p = s.lastIndexOf(" (");
		name = p >= 0 && s.charAt(s.length - 1) === ")" ? s.substring(0, p) : s;
		names[i] = name;
		return name;
	}

	// ---- labels ---------------------------------------------------------

	// The writer's rule: as many characters as width / (fontsize *
	// fontwidth); under 3, no label; a longer name is cut to two less than
	// that and ends in "..".  Characters are code points, so a surrogate
	// pair is never split.
	function label(name, width) {
		var fit = Math.floor(width / charWidth);
		if (fit < 3) return "";
		if (name.length <= fit) return name;
		var cut = 0, end = 0, count = 0;
		while (end < name.length) {
			if (count === fit - 2) cut = end;
			if (++count > fit) return name.substring(0, cut) + "..";
			var c = name.charCodeAt(end);
			end += c >= 0xD800 && c <= 0xDBFF && end + 1 < name.length ? 2 : 1;
		}
		return name;	// fits once surrogate pairs count as one
	}

	// Most frames of a large graph are too narrow for any label: they are
	// settled before their name is read.
	function placeText(i, x, width) {
		var t = texts[i];
		var s = Math.floor(width / charWidth) < 3 ? "" : label(nameOf(i), width);
		if (!t) {
			if (s === "") return;
			t = document.createElementNS(SVG_NS, "text");
			t.setAttribute("y", String(Math.round((ys[i] + textDy) * 100) / 100));
			groups[i].appendChild(t);
			texts[i] = t;
		}
		if (s === "" && t.firstChild === null) return;
		t.setAttribute("x", (x + 3).toFixed(2));
		if (t.textContent !== s) setText(t, s);
	}

	// ---- zoom -----------------------------------------------------------

	// The class attribute is written whole: twice as fast as classList on
	// 100k frames, and the writer's own class (thread) is kept in baseClass.
	function setState(i, s) {
		if (state[i] === s) return;
		var cls = baseClass[i] + (s === PARENT ? "parent" : s === HIDE ? "hide" : "");
		if (cls === "") groups[i].removeAttribute("class");
		else groups[i].setAttribute("class", cls.replace(/ $/, ""));
		state[i] = s;
	}

	function setGeometry(i, x, w) {
		if (curX[i] === x && curW[i] === w) return;
		curX[i] = x; curW[i] = w; moved[i] = 1;
		rects[i].setAttribute("x", x.toFixed(2));
		rects[i].setAttribute("width", w.toFixed(2));
		placeText(i, x, w);
	}

	// Nearer the root: lower rows in a flame graph, upper rows in an icicle.
	function nearerRoot(i, y) {
		return cfg.inverted ? ys[i] < y : ys[i] > y;
	}

	function zoom(z) {
		load();
		var zx = fgx[z], zw = fgw[z], zy = ys[z];
		if (!(zw > 0)) return;
		var eps = zw * 1e-9, scale = frameWidth / zw;
		for (var i = 0; i < n; i++) {
			if (!rects[i]) continue;
			var x = fgx[i], w = fgw[i];
			if (nearerRoot(i, zy)) {
				if (x <= zx + eps && x + w >= zx + zw - eps) {
					setState(i, PARENT);
					setGeometry(i, 0, frameWidth);
				} else {
					setState(i, HIDE);
				}
			} else if (x >= zx - eps && x + w <= zx + zw + eps &&
				   (x < zx + zw || w === 0)) {
				setState(i, NORMAL);
				setGeometry(i, Math.round((x - zx) * scale * 100) / 100,
					    Math.round(w * scale * 100) / 100);
			} else {
				setState(i, HIDE);
			}
		}
		zoomed = z;
		unzoomEl.classList.remove("hide");
	}

	function unzoom() {
		if (zoomed < 0) return;
		for (var i = 0; i < n; i++) {
			if (!rects[i]) continue;
			setState(i, NORMAL);
			if (!moved[i]) continue;
			curX[i] = num(origX[i], 0); curW[i] = num(origW[i], 0);
			moved[i] = 0;
			rects[i].setAttribute("x", origX[i]);
			rects[i].setAttribute("width", origW[i]);
			var t = texts[i];
			if (!t) continue;
			if (origLabel[i] === undefined) {	// made by placeText
				if (t.textContent !== "") setText(t, "");
				continue;
			}
			t.setAttribute("x", origTextX[i]);
			if (t.textContent !== origLabel[i]) setText(t, origLabel[i]);
		}
		zoomed = -1;
		unzoomEl.classList.add("hide");
	}

	// ---- search ---------------------------------------------------------

	function clearSearch() {
		if (searchTerm === null) return;
		for (var i = 0; i < n; i++) {
			if (!matched[i]) continue;
			matched[i] = 0;
			if (origFill[i] === null) rects[i].removeAttribute("fill");
			else rects[i].setAttribute("fill", origFill[i]);
		}
		searchTerm = null;
		searchEl.classList.remove("show");
		setText(searchEl, "Search");
		setText(matchedEl, " ");
	}

	// Highlights the frames whose name matches and shows the share of the
	// total they cover; a match inside a match is counted once, by merging
	// the matches' [fg:x, fg:x + fg:w) intervals.
	function search(term) {
		load();
		var re;
		try {
			re = new RegExp(term);
		} catch (e) {
			clearSearch();
			setText(matchedEl, "Bad regular expression: " + term);
			return false;
		}
		clearSearch();
		var hits = [];
		for (var i = 0; i < n; i++) {
			if (!rects[i] || !re.test(nameOf(i))) continue;
			matched[i] = 1;
			origFill[i] = rects[i].getAttribute("fill");
			rects[i].setAttribute("fill", cfg.searchcolor);
			hits.push(i);
		}
		hits.sort(function (a, b) { return fgx[a] - fgx[b]; });
		var covered = 0, end = -Infinity;
		for (var k = 0; k < hits.length; k++) {
			var x = fgx[hits[k]], e = x + fgw[hits[k]];
			if (x >= end) { covered += e - x; end = e; }
			else if (e > end) { covered += e - end; end = e; }
		}
		var pct = total > 0 ? 100 * covered / total : 0;
		if (pct > 100) pct = 100;
		searchTerm = term;
		searchEl.classList.add("show");
		setText(searchEl, "Reset Search");
		setText(matchedEl, "Matched: " +
			(pct === 100 ? "100" : pct.toFixed(1)) + "%");
		return true;
	}

	function askSearch() {
		var term = window.prompt("Enter a search term (regexp allowed, " +
			"eg: ^ext4_)", searchTerm === null ? "" : searchTerm);
		if (term === null) return;
		if (term === "") clearSearch();
		else search(term);
		saveView();
	}

	// ---- the URL fragment ----------------------------------------------

	function saveView() {
		var parts = [];
		if (zoomed >= 0) {
			parts.push("x=" + encodeURIComponent(fgAttr(rects[zoomed], "x") ||
							      String(fgx[zoomed])));
			parts.push("y=" + encodeURIComponent(rects[zoomed].getAttribute("y")));
		}
		if (searchTerm !== null) parts.push("s=" + encodeURIComponent(searchTerm));
		var url = location.href.replace(/#.*$/, "");
		if (parts.length) url += "#" + parts.join("&");
		try {
			history.replaceState(history.state, "", url);
		} catch (e) {
			// a sandboxed or data: document has no history to write to
		}
	}

	function readView() {
		var params = {};
		location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
			var eq = kv.indexOf("=");
			if (eq <= 0) return;
			try {
				params[kv.substring(0, eq)] =
					decodeURIComponent(kv.substring(eq + 1));
			} catch (e) {
				// a malformed %-escape: the parameter is ignored
			}
		});
		return params;
	}

	// The frame at weight offset x in the row at y: the widest, should a
	// zero-width frame share its offset.
	function findFrame(x, y) {
		var best = -1;
		for (var i = 0; i < n; i++) {
			if (!rects[i] || Math.abs(ys[i] - y) > 0.5) continue;
			if (Math.abs(fgx[i] - x) > Math.abs(x) * 1e-12) continue;
			if (best < 0 || fgw[i] > fgw[best]) best = i;
		}
		return best;
	}

	function applyView() {
		var p = readView();
		var z = -1;
		if (p.x !== undefined && p.y !== undefined) {
			load();
			z = findFrame(num(p.x, NaN), num(p.y, NaN));
		}
		if (z >= 0) zoom(z); else unzoom();
		if (p.s !== undefined && p.s !== "") {
			if (p.s !== searchTerm) search(p.s);
		} else {
			clearSearch();
		}
	}

	// ---- events ---------------------------------------------------------

	function frameOf(target) {
		var g = target && target.closest ? target.closest("#frames > g") : null;
		if (!g) return -1;
		load();
		return typeof g.skIndex === "number" ? g.skIndex : -1;
	}

	// The title's further lines ("source: f.c:12", "module: libc.so.6")
	// follow its first on the one details line.
	function describe(i) {
		var lines = titleOf(i).split("\n");
		return (cfg.nametype ? cfg.nametype + " " : "") + lines.join(", ");
	}

	function onFrameOver(e) {
		var i = frameOf(e.target);
		if (i >= 0) setText(detailsEl, describe(i));
	}

	function onFrameOut(e) {
		if (frameOf(e.target) >= 0 && frameOf(e.relatedTarget) < 0)
			setText(detailsEl, " ");
	}

	function onFrameClick(e) {
		var i = frameOf(e.target);
		if (i < 0 || i === zoomed) return;
		zoom(i);
		saveView();
	}

	function reset() {
		unzoom();
		clearSearch();
		saveView();
	}

	function onKey(e) {
		var key = e.key || "";
		if ((e.ctrlKey || e.metaKey) && (key === "f" || key === "F" ||
						 e.keyCode === 70)) {
			e.preventDefault();
			askSearch();
		} else if (key === "F3" || e.keyCode === 114) {
			e.preventDefault();
			askSearch();
		} else if (key === "Escape" || key === "Esc" || e.keyCode === 27) {
			reset();
		}
	}

	function init() {
		cfg = typeof skconfig === "object" && skconfig ? skconfig : {};
		framesEl = document.getElementById("frames");
		detailsEl = document.getElementById("details");
		unzoomEl = document.getElementById("unzoom");
		searchEl = document.getElementById("search");
		matchedEl = document.getElementById("matched");
		if (!framesEl || !detailsEl || !unzoomEl || !searchEl || !matchedEl)
			return;
		cfg.frameheight = num(cfg.frameheight, 16);
		cfg.searchcolor = cfg.searchcolor || "rgb(230,0,230)";
		charWidth = num(cfg.fontsize, 12) * num(cfg.fontwidth, 0.59);
		frameWidth = num(framesEl.getAttribute("width"), 0);
		total = num(cfg.total, num(framesEl.getAttribute("total_samples"), 0));
		if (!(total > 0)) total = 1;

		framesEl.addEventListener("mouseover", onFrameOver);
		framesEl.addEventListener("mouseout", onFrameOut);
		framesEl.addEventListener("click", onFrameClick);
		unzoomEl.addEventListener("click", function () {
			unzoom();
			saveView();
		});
		searchEl.addEventListener("click", function () {
			if (searchTerm === null) askSearch();
			else { clearSearch(); saveView(); }
		});
		window.addEventListener("keydown", onKey);
		window.addEventListener("hashchange", applyView);
		if (location.hash.length > 1) applyView();
		else if (window.requestIdleCallback) requestIdleCallback(load);
		else setTimeout(load, 500);
	}

	return {
		init: init,
		zoom: function (i) { load(); if (i >= 0 && i < n) { zoom(i); saveView(); } },
		unzoom: function () { unzoom(); saveView(); },
		search: function (term) { var ok = search(term); saveView(); return ok; },
		reset: reset
	};
})();

function init(evt) {
	sk.init(evt);
}
