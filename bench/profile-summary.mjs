#!/usr/bin/env node
// Summarises a V8 .cpuprofile: self time by function and by package (node bench/profile-summary.mjs FILE).
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const byFn = new Map();
const byPkg = new Map();
let total = 0;
for (const node of profile.nodes) {
  const us = dt.get(node.id) ?? 0;
  total += us;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anon)'} ${url.replace(/^.*node_modules\//, '~/').replace(/^file:\/\/.*\/work\/main\//, '')}:${lineNumber}`;
  byFn.set(key, (byFn.get(key) ?? 0) + us);
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.includes('/dist/') ? 'patchbay' : url ? 'node:internal' : functionName);
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
}
const top = (m, n) =>
  [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
console.log(`total ${(total / 1e6).toFixed(2)} s\n-- by package --\n${top(byPkg, 20).join('\n')}\n-- by function --\n${top(byFn, 40).join('\n')}`);
