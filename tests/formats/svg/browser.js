// browser.js - drives a flame graph SVG in headless Chromium (playwright-core)
// and checks what svg.js promises (doc/svg.md, "Interaction") against an
// oracle built from the collapsed stacks the graph was drawn from:
//
//   node browser.js FOLDED SVG SHOTDIR NAME PLAN
//
// PLAN (JSON) names what to do: {"zoom": "all;main;parse", "search": "lex",
// "nested": "parse|lex", "chart": false}, or {"static": true} for a graph
// without script, which must just be drawn whole.  Every frame must be drawn, a click
// must zoom (the frame spans the width, its ancestors stay as `parent`,
// everything else is hidden, labels re-clipped), Reset Zoom and Escape must
// restore the graph exactly, search must highlight the matches and report the
// covered share, a URL fragment must reproduce a zoom and a search, and the
// page must log no error.  Screenshots go to SHOTDIR/NAME-*.png.
// Exit 0: all passed; 1: a check failed; 77: Chromium cannot be started.
"use strict";
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");

const [foldedPath, svgPath, shotDir, name, planText] = process.argv.slice(2);
const plan = JSON.parse(planText || "{}");
let failures = 0, checks = 0;

function check(what, ok, detail) {
	checks++;
	if (!ok) {
		failures++;
		console.error(`FAIL: ${name}: ${what}${detail === undefined ? "" : ": " + detail}`);
	}
}

function checkEqual(what, want, got) {
	const w = JSON.stringify(want), g = JSON.stringify(got);
	check(what, w === g, `expected ${w}, got ${g}`);
}

// ---- the oracle: the frames the collapsed stacks make ------------------

// Paths ("all;main;parse") with their weights.  A flame graph merges equal
// stacks; a flame chart merges only a frame with the same frame just left
// of it (time order).
function oracle(text, chart) {
	const frames = new Map();
	const root = { path: "all", w: 0, kids: [] };
	let all = [root], last = null;
	for (const line of text.split("\n")) {
		if (!line.trim()) continue;
		const sp = line.lastIndexOf(" ");
		const stack = line.substring(0, sp).split(";"), w = Number(line.substring(sp + 1));
		let node = root;
		root.w += w;
		stack.forEach((fname, d) => {
			const p = node.path + ";" + fname;
			let kid;
			if (chart) {
				const prev = node.kids[node.kids.length - 1];
				const same = last && last.slice(0, d + 1).join(";") === stack.slice(0, d + 1).join(";");
				kid = prev && prev.path === p && same ? prev : null;
			} else {
				kid = node.kids.find((k) => k.path === p);
			}
			if (!kid) {
				kid = { path: p, w: 0, kids: [] };
				node.kids.push(kid);
				all.push(kid);
			}
			kid.w += w;
			node = kid;
		});
		last = stack;
	}
	for (const f of all) frames.set(f.path, (frames.get(f.path) || []).concat([f.w]));
	return { root, all, frames };
}

function leaf(p) { return p.substring(p.lastIndexOf(";") + 1); }

// The share of the total covered by frames matching re, a match inside a
// match counted once.
function matchedShare(node, re, total) {
	if (re.test(leaf(node.path)) && node.path !== "all") return node.w / total;
	if (node.path === "all" && re.test("all")) return 1;
	return node.kids.reduce((s, k) => s + matchedShare(k, re, total), 0);
}

function pctText(share) {
	const pct = 100 * share;
	return "Matched: " + (pct === 100 ? "100" : pct.toFixed(1)) + "%";
}

// ---- what the page shows -----------------------------------------------

// Every frame's name, weights, geometry (attributes and as drawn), label,
// fill and classes.
function snapshot(page) {
	return page.evaluate(() => {
		const FG = "http://github.com/jonhoo/inferno";
		const frames = document.getElementById("frames");
		const root = document.documentElement.getBoundingClientRect();
		const out = [];
		for (const g of frames.children) {
			const rect = g.querySelector("rect"), text = g.querySelector("text");
			const title = g.querySelector("title").textContent;
			const box = rect.getBoundingClientRect();
			const first = title.split("\n")[0];
			out.push({
				title,
				name: first.substring(0, first.lastIndexOf(" (")),
				fgx: rect.getAttributeNS(FG, "x"), fgw: rect.getAttributeNS(FG, "w"),
				x: rect.getAttribute("x"), y: rect.getAttribute("y"),
				width: rect.getAttribute("width"), fill: rect.getAttribute("fill"),
				label: text ? text.textContent : null,
				ty: text ? text.getAttribute("y") : null,
				cls: g.getAttribute("class") || "",
				shown: getComputedStyle(g).display !== "none" && box.width > 0,
				left: box.left - root.left, right: box.right - root.left,
			});
		}
		const byId = (id) => document.getElementById(id) || document.createElementNS("http://www.w3.org/2000/svg", "text");
		return {
			frames: out,
			details: byId("details").textContent,
			matched: byId("matched").textContent,
			search: byId("search").textContent,
			unzoomShown: byId("unzoom").isConnected && getComputedStyle(byId("unzoom")).display !== "none",
			hash: location.hash,
			cfg: typeof skconfig === "object" ? skconfig :
				{ inverted: document.documentElement.getAttribute("fg:kind") === "icicle" },
			framesX: Number(frames.getAttribute("x")),
			framesWidth: Number(frames.getAttribute("width")),
		};
	});
}

// Paths from geometry, as the reader finds parents: the frame of the row
// nearer the root whose [fg:x, fg:x + fg:w) holds the frame's.
function pathsOf(snap) {
	const inv = !!snap.cfg.inverted;
	const rows = new Map();
	snap.frames.forEach((f, i) => {
		const y = Number(f.y);
		if (!rows.has(y)) rows.set(y, []);
		rows.get(y).push(i);
	});
	const ys = [...rows.keys()].sort((a, b) => (inv ? a - b : b - a));
	const paths = new Array(snap.frames.length);
	const parents = new Array(snap.frames.length).fill(-1);
	ys.forEach((y, d) => {
		for (const i of rows.get(y)) {
			const f = snap.frames[i], x = Number(f.fgx), w = Number(f.fgw);
			if (d === 0) { paths[i] = f.name; continue; }
			const up = rows.get(ys[d - 1]).find((j) => {
				const px = Number(snap.frames[j].fgx), pw = Number(snap.frames[j].fgw);
						return px <= x + 1e-9 && x + w <= px + pw + 1e-9 && (w > 0 || x < px + pw);
			});
			parents[i] = up === undefined ? -1 : up;
			paths[i] = (up === undefined ? "?" : paths[up]) + ";" + f.name;
		}
	});
	return { paths, parents };
}

function label(name, width, cfg) {
	const fit = Math.floor(width / (cfg.fontsize * cfg.fontwidth));
	if (fit < 3) return "";
	const cps = Array.from(name);
	return cps.length <= fit ? name : cps.slice(0, fit - 2).join("") + "..";
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

// ---- the checks --------------------------------------------------------

function checkDrawn(snap, want, tree) {
	const got = new Map(), paths = tree.paths;
	paths.forEach((p, i) => got.set(p, (got.get(p) || []).concat([Number(snap.frames[i].fgw)])));
	checkEqual("frames drawn", want.all.length, snap.frames.length);
	const sorted = (m) => [...m.entries()].map(([k, v]) => [k, v.slice().sort((a, b) => a - b)]).sort();
	checkEqual("frame paths and weights", sorted(want.frames), sorted(got));
	check("no frame hidden before any interaction", snap.frames.every((f) => f.shown && !f.cls.includes("hide")),
		snap.frames.filter((f) => !f.shown).map((f) => f.name).join(" "));
	check("Reset Zoom hidden before a zoom", !snap.unzoomShown);
	const rootY = Number(snap.frames[0].y), ys = snap.frames.map((f) => Number(f.y));
	check("root row " + (snap.cfg.inverted ? "on top" : "at the bottom"),
		snap.cfg.inverted ? rootY === Math.min(...ys) : rootY === Math.max(...ys));
	return paths;
}

// Frames are told apart by index, not path: a flame chart draws the same
// stack many times.
function checkZoomed(what, snap, tree, z, base) {
	const { paths, parents } = tree, fw = snap.framesWidth, cfg = snap.cfg;
	const ancestors = new Set();
	for (let a = parents[z]; a >= 0; a = parents[a]) ancestors.add(a);
	const isInside = (i) => { for (; i >= 0; i = parents[i]) if (i === z) return true; return false; };
	const zx = Number(base.frames[z].fgx), zw = Number(base.frames[z].fgw);
	const bad = [];
	const labelled = base.frames.find((f) => f.label !== null);
	const dy = Number(labelled.ty) - Number(labelled.y);
	snap.frames.forEach((f, i) => {
		const p = paths[i];
		const ancestor = ancestors.has(i), inside = isInside(i);
		for (const c of base.frames[i].cls.split(" ").filter(Boolean))
			if (!f.cls.split(" ").includes(c)) bad.push(`${p}: lost the writer's class ${c}`);
		if (ancestor) {
			if (!f.shown || !/\bparent\b/.test(f.cls)) bad.push(`${p}: ancestor not shown as parent (${f.cls})`);
			if (Math.abs(f.left - snap.framesX) > 1 || Math.abs(f.right - snap.framesX - fw) > 1)
				bad.push(`${p}: ancestor spans ${f.left}..${f.right}`);
		} else if (inside) {
			if (!f.shown || f.cls.includes("hide") || f.cls.includes("parent"))
				bad.push(`${p}: not shown (${f.cls})`);
			const x = (Number(f.fgx) - zx) / zw * fw, w = Number(f.fgw) / zw * fw;
			if (Math.abs(f.left - snap.framesX - x) > 1 || Math.abs(f.right - f.left - w) > 1)
				bad.push(`${p}: drawn at ${f.left}+${f.right - f.left}, expected ${snap.framesX + x}+${w}`);
		} else if (f.shown || !/\bhide\b/.test(f.cls)) {
			bad.push(`${p}: unrelated frame not hidden (${f.cls})`);
		}
		if (ancestor || inside) {
			const want = label(f.name, Number(f.width), cfg);
			if ((f.label || "") !== want) bad.push(`${p}: label ${JSON.stringify(f.label)}, expected ${JSON.stringify(want)}`);
			if (f.label && loneSurrogate.test(f.label)) bad.push(`${p}: label splits a surrogate pair`);
			if (f.label && Math.abs(Number(f.ty) - Number(f.y) - dy) > 0.01)
				bad.push(`${p}: label at y ${f.ty}, the writer's labels ${dy} below the rect's top`);
		}
	});
	const zf = snap.frames[z];
	check(`${what}: zoomed frame spans the width`,
		Math.abs(zf.left - snap.framesX) <= 1 && Math.abs(zf.right - snap.framesX - fw) <= 1,
		`${zf.left}..${zf.right}, width ${fw}`);
	check(`${what}: frames after the zoom`, bad.length === 0, bad.slice(0, 8).join("; "));
	check(`${what}: Reset Zoom shown`, snap.unzoomShown);
}

function checkRestored(what, snap, base) {
	const bad = [];
	snap.frames.forEach((f, i) => {
		const b = base.frames[i];
		for (const k of ["x", "width", "fill", "cls"])
			if (f[k] !== b[k]) bad.push(`${b.name}: ${k} ${f[k]}, was ${b[k]}`);
		if ((f.label || "") !== (b.label || "")) bad.push(`${b.name}: label ${f.label}, was ${b.label}`);
		if (!f.shown) bad.push(`${b.name}: hidden`);
	});
	check(`${what}: the graph is as loaded`, bad.length === 0, bad.slice(0, 8).join("; "));
	check(`${what}: Reset Zoom hidden`, !snap.unzoomShown);
}

function checkSearch(what, snap, re, want, base) {
	const bad = [];
	snap.frames.forEach((f, i) => {
		const hit = re.test(f.name);
		const fill = hit ? snap.cfg.searchcolor : base.frames[i].fill;
		if (f.fill !== fill) bad.push(`${f.name}: fill ${f.fill}, expected ${fill}`);
	});
	check(`${what}: matching frames highlighted`, bad.length === 0, bad.slice(0, 8).join("; "));
	checkEqual(`${what}: matched share`, pctText(want), snap.matched);
	checkEqual(`${what}: search control`, "Reset Search", snap.search);
}

function frameIndex(paths, p) {
	const i = paths.indexOf(p);
	if (i < 0) throw new Error(`no frame ${p} in the graph`);
	return i;
}

async function clickFrame(page, i) {
	await page.locator("#frames > g").nth(i).locator("rect").click();
}

async function run(browser) {
	const want = oracle(fs.readFileSync(foldedPath, "utf8"), !!plan.chart);
	const url = pathToFileURL(path.resolve(svgPath)).href;
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	const errors = [];
	page.on("pageerror", (e) => errors.push("page error: " + e.message));
	page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") errors.push("console: " + m.text()); });
	const dialogs = [];
	let answer = null;
	page.on("dialog", async (d) => {
		dialogs.push(d.message());
		if (answer === null) await d.dismiss(); else await d.accept(answer);
	});
	const shot = (tag) => page.screenshot({ path: path.join(shotDir, `${name}-${tag}.png`) });

	await page.goto(url, { waitUntil: "load" });
	const base = await snapshot(page);
	const tree = pathsOf(base), paths = tree.paths;
	checkDrawn(base, want, tree);
	await shot("loaded");
	if (plan.static) {	// drawn without the script: nothing more to do
		checkEqual("page errors", [], errors);
		await ctx.close();
		return;
	}

	// hover: the details line
	const hi = frameIndex(paths, plan.hover || plan.zoom);
	await page.locator("#frames > g").nth(hi).locator("rect").hover();
	const lines = base.frames[hi].title.split("\n");
	checkEqual("hover details", `${base.cfg.nametype} ${lines.join(", ")}`, (await snapshot(page)).details);
	await page.mouse.move(5, 5);
	checkEqual("details cleared on leaving", " ", (await snapshot(page)).details);

	// click to zoom, Reset Zoom, Escape
	const z = frameIndex(paths, plan.zoom);
	await clickFrame(page, z);
	const zoomed = await snapshot(page);
	checkZoomed("click", zoomed, tree, z, base);
	checkEqual("fragment after the click", `#x=${base.frames[z].fgx}&y=${base.frames[z].y}`, zoomed.hash);
	await shot("zoomed");
	await page.click("#unzoom");
	const reset = await snapshot(page);
	checkRestored("Reset Zoom", reset, base);
	checkEqual("fragment after Reset Zoom", "", reset.hash);
	await clickFrame(page, z);
	// a click on an ancestor (drawn as parent) zooms out to it
	const up = tree.parents[z];
	if (up >= 0) {
		await clickFrame(page, up);
		checkZoomed("click on a parent", await snapshot(page), tree, up, base);
	}
	await page.keyboard.press("Escape");
	checkRestored("Escape", await snapshot(page), base);

	// search with the control, then nested matches with Ctrl-F
	const re = new RegExp(plan.search);
	answer = plan.search;
	await page.click("#search");
	let s = await snapshot(page);
	checkSearch(`search ${plan.search}`, s, re, matchedShare(want.root, re, want.root.w), base);
	checkEqual("fragment after the search", "#s=" + encodeURIComponent(plan.search), s.hash);
	await shot("search");
	answer = null;
	await page.click("#search");
	s = await snapshot(page);
	checkRestored("second click on Search", s, base);
	checkEqual("matched line cleared", " ", s.matched);
	checkEqual("dialogs so far", 1, dialogs.length);
	const nre = new RegExp(plan.nested);
	answer = plan.nested;
	await page.keyboard.press("Control+f");
	checkEqual("Ctrl-F prompts", 2, dialogs.length);
	s = await snapshot(page);
	checkSearch(`Ctrl-F ${plan.nested}`, s, nre, matchedShare(want.root, nre, want.root.w), base);
	answer = "(";
	await page.keyboard.press("Control+f");
	s = await snapshot(page);
	check("a bad regular expression is reported", /^Bad regular expression/.test(s.matched), s.matched);
	await page.keyboard.press("Escape");
	checkRestored("Escape after a search", await snapshot(page), base);

	// zoom and search together, then the same view from its URL
	answer = plan.search;
	await clickFrame(page, z);
	await page.click("#search");
	const both = await snapshot(page);
	const frag = `#x=${base.frames[z].fgx}&y=${base.frames[z].y}&s=${encodeURIComponent(plan.search)}`;
	checkEqual("fragment with zoom and search", frag, both.hash);
	const page2 = await ctx.newPage();
	page2.on("pageerror", (e) => errors.push("page error (fragment): " + e.message));
	page2.on("console", (m) => { if (m.type() === "error") errors.push("console (fragment): " + m.text()); });
	await page2.goto(url + frag, { waitUntil: "load" });
	const linked = await snapshot(page2);
	checkZoomed("URL fragment", linked, tree, z, base);
	checkSearch("URL fragment", linked, re, matchedShare(want.root, re, want.root.w), base);
	checkEqual("URL fragment: same frames as the click", both.frames.map((f) => [f.cls, f.x, f.width, f.label, f.fill]),
		linked.frames.map((f) => [f.cls, f.x, f.width, f.label, f.fill]));
	await page2.screenshot({ path: path.join(shotDir, `${name}-fragment.png`) });
	// an edited fragment applies (hashchange): the zoom alone
	await page2.evaluate((f) => { location.hash = f; }, `#x=${base.frames[z].fgx}&y=${base.frames[z].y}`);
	await page2.waitForFunction(() => document.getElementById("matched").textContent === " ");
	const edited = await snapshot(page2);
	checkZoomed("edited fragment", edited, tree, z, base);
	check("edited fragment: search cleared", edited.frames.every((f, i) => f.fill === base.frames[i].fill));
	// a fragment naming no frame is ignored
	await page2.goto(url + "#x=-5&y=3&s=", { waitUntil: "load" });
	checkRestored("a fragment naming no frame", await snapshot(page2), base);

	checkEqual("page errors", [], errors);
	await ctx.close();
}

(async () => {
	let chromium;
	try {
		({ chromium } = require("playwright-core"));
	} catch (e) {
		console.log("SKIP: playwright-core not found (NODE_PATH=" + (process.env.NODE_PATH || "") + ")");
		process.exit(77);
	}
	let browser;
	try {
		browser = await chromium.launch({
			executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
			args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--no-first-run"],
		});
	} catch (e) {
		console.log("SKIP: chromium cannot be started: " + e.message.split("\n")[0]);
		process.exit(77);
	}
	try {
		fs.mkdirSync(shotDir, { recursive: true });
		await run(browser);
	} catch (e) {
		failures++;
		console.error(`FAIL: ${name}: ${e.stack || e}`);
	}
	await browser.close();
	console.log(`${name}: ${checks} checks passed ${checks - failures}, failed ${failures}`);
	process.exit(failures ? 1 : 0);
})();
