// svg-browser.js - times a large flame graph in headless Chromium for
// bench/svg-browser.sh: the load (navigation to the first frame painted after
// onload), and a zoom click, a reset and a search, each from the event to
// the next painted frame, best of RUNS.  Prints one JSON line.  With
// load-only, just the load (for the same graph without its script).
//
//   node svg-browser.js SVG [RUNS [load-only]]
"use strict";
const path = require("path");
const { pathToFileURL } = require("url");
const { chromium } = require("playwright-core");

const [svg, runsArg, mode] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const url = pathToFileURL(path.resolve(svg)).href;

// Runs an action in the page and waits until the frame it caused is
// painted: an animation frame, then a task (which runs after the paint and
// before any idle callback, such as svg.js reading the frames).
async function timed(page, action, arg) {
	return page.evaluate(async ([action, arg]) => {
		const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
		const frames = document.getElementById("frames").children;
		const click = (el) => el.dispatchEvent(new MouseEvent("click", { bubbles: true }));
		const t0 = performance.now();
		if (action === "click") click(frames[arg].querySelector("rect"));
		else if (action === "unzoom") click(document.getElementById("unzoom"));
		else if (action === "search") sk.search(arg);
		await painted();
		return performance.now() - t0;
	}, [action, arg]);
}

(async () => {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
		args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
			"--disable-component-update", "--no-first-run"],
	});
	const best = {};
	const keep = (k, v) => { if (!(k in best) || v < best[k]) best[k] = v; };
	const errors = [];
	let info;
	for (let r = 0; r < runs; r++) {
		const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
		page.on("pageerror", (e) => errors.push(e.message));
		const t0 = Date.now();
		await page.goto(url, { waitUntil: "load", timeout: 120000 });
		await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
		keep("load_ms", Date.now() - t0);
		if (mode === "load-only") {
			info = { frames: await page.evaluate(() => document.getElementById("frames").children.length) };
			await page.close();
			continue;
		}
		// The zoom target: the widest frame three rows up, a typical click
		// that keeps a large share of the graph drawn.
		info = await page.evaluate(() => {
			const gs = document.getElementById("frames").children;
			const ys = [...gs].map((g) => Number(g.querySelector("rect").getAttribute("y")));
			const rootY = ys[0], fh = skconfig.frameheight;
			let target = -1, w = -1, deep = -1, dw = -1;
			for (let i = 0; i < gs.length; i++) {
				const wi = Number(gs[i].querySelector("rect").getAttribute("width"));
				const row = Math.abs(ys[i] - rootY) / fh;
				if (row === 3 && wi > w) { w = wi; target = i; }
				if (row === 10 && wi > dw) { dw = wi; deep = i; }
			}
			return { frames: gs.length, target, deep, width: w };
		});
		keep("first_click_ms", await timed(page, "click", info.target));
		// a timing of a click that did not zoom would be no timing at all
		const spans = await page.evaluate((i) => {
			const frames = document.getElementById("frames");
			const w = frames.children[i].querySelector("rect").getAttribute("width");
			return Math.abs(Number(w) - Number(frames.getAttribute("width"))) < 0.01;
		}, info.target);
		if (!spans) throw new Error("the click did not zoom");
		keep("unzoom_ms", await timed(page, "unzoom"));
		keep("click_ms", await timed(page, "click", info.target));
		keep("deep_click_ms", await timed(page, "click", info.deep));
		await timed(page, "unzoom");
		keep("search_ms", await timed(page, "search", "^fn_1"));
		await page.close();
	}
	await browser.close();
	const out = { frames: info.frames, errors: errors.length };
	for (const k of Object.keys(best)) out[k] = Math.round(best[k] * 10) / 10;
	console.log(JSON.stringify(out));
	process.exit(errors.length ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
