// pprof-folded.js - a second, independent pprof decoder for the tests: the npm
// package pprof-format reads a (gzipped) pprof file and this prints its
// stacks the way `stackconv --all-values` does: a type/unit header when
// there are several sample types, then sorted "root;...;leaf V1 V2...".
// Unsymbolized locations are 0xADDR, as stackconv names them.
const fs = require('fs'), zlib = require('zlib');
const { Profile } = require('pprof-format');
let buf = fs.readFileSync(process.argv[2]);
if (buf[0] === 0x1f && buf[1] === 0x8b) buf = zlib.gunzipSync(buf);
const p = Profile.decode(buf);
const S = i => p.stringTable.strings[Number(i)];
const fn = new Map(p.function.map(f => [String(f.id), f]));
const loc = new Map(p.location.map(l => [String(l.id), l]));
const agg = new Map();
for (const s of p.sample) {
  const names = [];
  for (const id of s.locationId) {
    const l = loc.get(String(id));
    if (l.line.length === 0) names.push('0x' + BigInt(l.address).toString(16));
    for (const ln of l.line) names.push(S(fn.get(String(ln.functionId)).name));
  }
  const key = names.reverse().join(';');
  const v = agg.get(key) || s.value.map(() => 0n);
  s.value.forEach((x, i) => v[i] += BigInt(x));
  agg.set(key, v);
}
if (p.sampleType.length > 1) console.log(p.sampleType.map(t => S(t.type) + '/' + S(t.unit)).join(' '));
for (const k of [...agg.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) {
  const v = agg.get(k);
  if (v.every(x => x === 0n) || k === '') continue;
  console.log(k + ' ' + v.join(' '));
}
