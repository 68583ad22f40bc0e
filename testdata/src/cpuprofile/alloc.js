// alloc.js - an allocation workload for `node --heap-prof`: two call
// paths that keep objects alive (so the sampling heap profiler sees them)
// with different sizes, and one that only makes garbage.
'use strict';

const kept = [];

function makeBuffers(n) {
	for (let i = 0; i < n; i++)
		kept.push(new Array(256).fill(i));
}

function makeStrings(n) {
	for (let i = 0; i < n; i++)
		kept.push('s'.repeat(64) + i);
}

function garbage(n) {
	let x = 0;
	for (let i = 0; i < n; i++)
		x += { v: i }.v;
	return x;
}

for (let round = 0; round < 20; round++) {
	makeBuffers(200);
	makeStrings(2000);
	garbage(10000);
}
console.log(kept.length);
