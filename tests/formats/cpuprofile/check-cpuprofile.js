// check-cpuprofile.js FILE - checks, under node, that FILE is a
// .cpuprofile as DevTools and node's tooling read it (CDP's
// Profiler.Profile): unique integer node ids, node 0 is (root), children
// that exist and have exactly one parent, no cycle, samples that name
// nodes, one timeDelta per sample, no negative delta, hitCount equal to
// the samples of each node, integer 0-based (or -1) line and column,
// string scriptId and url, endTime >= startTime.  Prints
// "ok NODES SAMPLES" or the first problem, and exits 1 on a problem.
'use strict';
const fs = require('fs');

function fail(msg) {
	console.log('bad: ' + msg);
	process.exit(1);
}

const prof = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
if (!Array.isArray(prof.nodes) || prof.nodes.length === 0)
	fail('no nodes');
const byId = new Map();
for (const [i, n] of prof.nodes.entries()) {
	if (!Number.isInteger(n.id)) fail(`nodes[${i}].id not an integer`);
	if (byId.has(n.id)) fail(`nodes[${i}].id ${n.id} twice`);
	byId.set(n.id, n);
	const cf = n.callFrame;
	if (!cf || typeof cf.functionName !== 'string' ||
	    typeof cf.url !== 'string' || typeof cf.scriptId !== 'string')
		fail(`nodes[${i}].callFrame incomplete`);
	for (const k of ['lineNumber', 'columnNumber'])
		if (!Number.isInteger(cf[k]) || cf[k] < -1)
			fail(`nodes[${i}].callFrame.${k} = ${cf[k]}`);
}
if (prof.nodes[0].callFrame.functionName !== '(root)')
	fail('the first node is not (root)');
const parent = new Map();
for (const n of prof.nodes)
	for (const c of n.children || []) {
		if (!byId.has(c)) fail(`node ${n.id}: child ${c} does not exist`);
		if (parent.has(c)) fail(`node ${c} has two parents`);
		parent.set(c, n.id);
	}
for (const n of prof.nodes) {
	if (n === prof.nodes[0]) continue;
	if (!parent.has(n.id)) fail(`node ${n.id} is not reachable`);
	const seen = new Set();
	for (let k = n.id; parent.has(k); k = parent.get(k)) {
		if (seen.has(k)) fail(`cycle through node ${k}`);
		seen.add(k);
	}
}
if (!Array.isArray(prof.samples) || !Array.isArray(prof.timeDeltas) ||
    prof.samples.length !== prof.timeDeltas.length)
	fail('samples and timeDeltas differ in length');
const hits = new Map();
for (const [i, s] of prof.samples.entries()) {
	if (!byId.has(s)) fail(`samples[${i}]: node ${s} does not exist`);
	hits.set(s, (hits.get(s) || 0) + 1);
	const d = prof.timeDeltas[i];
	if (typeof d !== 'number' || !(d >= 0)) fail(`timeDeltas[${i}] = ${d}`);
}
for (const n of prof.nodes)
	if ((n.hitCount || 0) !== (hits.get(n.id) || 0))
		fail(`node ${n.id}: hitCount ${n.hitCount}, ` +
		     `${hits.get(n.id) || 0} samples`);
if (!(prof.endTime >= prof.startTime)) fail('endTime before startTime');
console.log(`ok ${prof.nodes.length} ${prof.samples.length}`);
