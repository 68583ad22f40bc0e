// work.js - a small CPU workload for `node --cpu-prof`: three named
// functions with distinct costs, called from a loop, so the recorded
// profile has a known shape (fib > sortStrings > hashLoop).
'use strict';

function fib(n) {
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

function sortStrings(count) {
	const a = [];
	for (let i = 0; i < count; i++)
		a.push('k' + ((i * 7919) % count));
	a.sort();
	return a.length;
}

function hashLoop(rounds) {
	let h = 0;
	for (let i = 0; i < rounds; i++)
		h = (h * 31 + i) | 0;
	return h;
}

function main() {
	let sink = 0;
	const until = Date.now() + 300;
	while (Date.now() < until) {
		sink += fib(22);
		sink += sortStrings(2000);
		sink += hashLoop(100000);
	}
	return sink;
}

console.log(typeof main());
