/** Where the test MCP servers live, and stdio config entries (snake_case, as in the file) that launch them. */
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
const serverPackage = (name: string) =>
  join(ROOT, 'node_modules/@modelcontextprotocol', name, 'dist/index.js');
export const EVERYTHING = serverPackage('server-everything');
export const MEMORY = serverPackage('server-memory');
export const FILESYSTEM = serverPackage('server-filesystem');

/** A script in test/fixtures/servers. */
export const fixtureScript = (file: string) => join(ROOT, 'test/fixtures/servers', file);
export const FAULT_SERVER = fixtureScript('fault-server.mjs');
export const TINY_SERVER = fixtureScript('health-tiny.mjs');

type Entry = Record<string, unknown>;

const nodeStdio = (name: string, args: string[], extra: Entry) => ({
  name,
  transport: 'stdio',
  command: process.execPath,
  args,
  enabled: true,
  ...extra,
});

/** Stdio launch of server-everything from node_modules (no network). */
export const everythingStdio = (extra: Entry = {}) =>
  nodeStdio('Everything', [EVERYTHING, 'stdio'], extra);

/** The SDK-based fault fixture (modes: ok, hang-init, hang-call, slow-start, exit-at-start, …). */
export const faultServer = (mode = 'ok', extra: Entry = {}, arg?: string) =>
  nodeStdio(`Fault ${mode}`, [FAULT_SERVER, mode, ...(arg ? [arg] : [])], {
    timeout_ms: 5_000,
    ...extra,
  });

/** The tiny hand-written fixture (modes: ok, hang-ping, slow-ping). */
export const tinyServer = (mode = 'ok', extra: Entry = {}, arg?: string) =>
  nodeStdio(`Tiny ${mode}`, [TINY_SERVER, mode, ...(arg ? [arg] : [])], {
    timeout_ms: 5_000,
    ...extra,
  });

export const RUG_PULL_SERVER = fixtureScript('rug-pull.mjs');

/** The fixture whose tools change after start (modes: "" or "changed" at start). */
export const rugPullServer = (initial?: string, extra: Entry = {}) =>
  nodeStdio('Rug pull', [RUG_PULL_SERVER, ...(initial ? [initial] : [])], {
    timeout_ms: 10_000,
    ...extra,
  });

export const ROOTS_SERVER = fixtureScript('roots-asker.mjs');
/** A server whose `list-roots` tool asks its client for roots/list mid-call. */
export const rootsServer = (extra: Entry = {}) =>
  nodeStdio('Roots asker', [ROOTS_SERVER], { timeout_ms: 10_000, ...extra });
