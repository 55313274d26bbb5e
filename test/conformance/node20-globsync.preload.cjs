// Preload for the MCP conformance CLI on Node 20: it imports { globSync } from 'fs', which
// Node adds in 22. ESM named exports of builtins are fixed when first loaded, so assigning
// fs.globSync is not enough; a resolve hook points 'fs' at a shim that adds it.
const { register } = require('node:module');
const { pathToFileURL } = require('node:url');
const fs = require('node:fs');

if (typeof fs.globSync !== 'function') {
  const shim = pathToFileURL(require.resolve('./fs-glob-shim.mjs')).href;
  const hook = `
    export async function resolve(specifier, context, next) {
      if ((specifier === 'fs' || specifier === 'node:fs') && context.parentURL !== ${JSON.stringify(shim)}) {
        return { url: ${JSON.stringify(shim)}, shortCircuit: true };
      }
      return next(specifier, context);
    }`;
  register('data:text/javascript,' + encodeURIComponent(hook));
}
