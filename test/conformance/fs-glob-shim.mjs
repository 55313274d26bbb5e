// fs with globSync for Node 20 (it arrives in Node 22); loaded through the resolve hook in
// node20-globsync.preload.cjs. Supports the "**/name" patterns the conformance CLI uses.
import * as fs from 'node:fs';
import { join, relative } from 'node:path';

export * from 'node:fs';
export default fs.default ?? fs;

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

export function globSync(pattern, options = {}) {
  if (typeof fs.globSync === 'function') return fs.globSync(pattern, options);
  const cwd = options.cwd ?? process.cwd();
  const base = String(pattern).replace(/^\*\*\//, '');
  const re = new RegExp('^' + base.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*') + '$');
  return walk(cwd, [])
    .map((f) => relative(cwd, f))
    .filter((f) => re.test(f.split('/').pop() ?? ''));
}
