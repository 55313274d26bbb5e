import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpChild, startEverythingHttp } from '../helpers/processes';
import { ROOT, TestApp, everythingStdio, startApp } from '../helpers/test-app';

const CLI = join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const PRELOAD = join(ROOT, 'test/conformance/node20-globsync.preload.cjs');
/** Scenarios about the endpoint's own HTTP layer: Patchbay's, not the server's, so they must pass. */
const OWN_HTTP = ['dns-rebinding-protection', 'server-sse-multiple-streams'];

/** Runs the conformance server suite against `url`; scenario → passed. */
function serverSuite(cwd: string, url: string): Promise<Map<string, boolean>> {
  return new Promise((resolve, reject) => {
    const args = ['--require', PRELOAD, CLI, 'server', '--url', url];
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', reject);
    child.once('close', () => {
      const results = new Map<string, boolean>();
      for (const m of out.matchAll(/^([✓✗]) (\S+): (\d+) passed, (\d+) failed/gmu)) {
        results.set(m[2], m[1] === '✓');
      }
      if (results.size === 0) reject(new Error(`no summary from the conformance CLI:\n${out}`));
      else resolve(results);
    });
  });
}

describe('MCP conformance server suite through /mcp/servers/{id}', () => {
  let t: TestApp;
  let web: HttpChild;
  let cwd: string;

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'patchbay-conformance-server-'));
    web = await startEverythingHttp();
    t = await startApp({ servers: { everything: everythingStdio() } });
  });

  afterAll(async () => {
    await t?.close();
    await web?.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('passes what server-everything passes directly, and the HTTP-layer scenarios', async () => {
    const direct = await serverSuite(cwd, web.url);
    const through = await serverSuite(cwd, `${t.url}/mcp/servers/everything`);
    // The suite targets its own reference server; server-everything passes part of it.
    expect([...direct.values()].filter(Boolean).length).toBeGreaterThanOrEqual(10);
    const differ = [...direct.keys()].filter(
      (s) => !OWN_HTTP.includes(s) && direct.get(s) !== through.get(s),
    );
    expect(differ).toEqual([]);
    for (const s of OWN_HTTP) expect([s, through.get(s)]).toEqual([s, true]);
  });
});
