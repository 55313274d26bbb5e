import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileConformanceClient } from '../conformance/compile-client';
import { ROOT } from '../helpers/test-app';

const CLI = join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const PRELOAD = join(ROOT, 'test/conformance/node20-globsync.preload.cjs');
const EXPECTED = join(ROOT, 'test/conformance/expected-failures.yml');

/** Runs the conformance CLI (with the Node 20 fs.globSync preload) in `cwd`. */
function conformance(cwd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', PRELOAD, CLI, 'client', ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out }));
  });
}

describe('MCP conformance suite grading Patchbay’s client', () => {
  let cwd: string;
  let compiled: ReturnType<typeof compileConformanceClient>;

  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'patchbay-conformance-')); // the CLI writes results/ here
    compiled = compileConformanceClient(ROOT);
  });

  afterAll(() => {
    compiled?.cleanup();
    rmSync(cwd, { recursive: true, force: true });
  });

  // The core suite's scenarios that are not about auth, one at a time: sse-retry grades the
  // client's reconnect timing, which 18 clients started at once on a 2-core box can spoil.
  it.each(['initialize', 'tools_call', 'elicitation-sep1034-client-defaults', 'sse-retry'])(
    'passes the core scenario %s',
    async (scenario) => {
      const { code, out } = await conformance(cwd, [
        '--command',
        `${process.execPath} ${compiled.entry}`,
        '--scenario',
        scenario,
        '--expected-failures',
        EXPECTED,
        '--timeout',
        '20000',
      ]);
      if (code !== 0) throw new Error(`conformance CLI exited ${code}:\n${out.slice(-3000)}`);
    },
    60_000,
  );

  it('passes the auth scenarios, apart from the listed expected failures', async () => {
    const { code, out } = await conformance(cwd, [
      '--command',
      `${process.execPath} ${compiled.entry}`,
      '--suite',
      'auth',
      '--expected-failures',
      EXPECTED,
      '--timeout',
      '20000',
    ]);
    expect(out).toMatch(/✓ auth\/metadata-default: \d+ passed, 0 failed/);
    expect(out).toMatch(/✓ auth\/pre-registration: \d+ passed, 0 failed/);
    if (code !== 0) throw new Error(`conformance CLI exited ${code}:\n${out.slice(-3000)}`);
  }, 180_000);

  // The rest of the 26 client scenarios, a suite at a time (all 26 at once overload a small CI box).
  it.each(['extensions', 'backcompat', 'draft'])(
    'passes the %s auth scenarios',
    async (suite) => {
      const { code, out } = await conformance(cwd, [
        '--command',
        `${process.execPath} ${compiled.entry}`,
        '--suite',
        suite,
        '--expected-failures',
        EXPECTED,
        '--timeout',
        '30000',
      ]);
      expect(out).toMatch(/✓ auth\/[a-z0-9-]+: \d+ passed, 0 failed/);
      if (code !== 0) throw new Error(`conformance CLI exited ${code}:\n${out.slice(-3000)}`);
    },
    120_000,
  );

  it('drives the client through `npm run -s conformance:client -- <url>`', async () => {
    const { code, out } = await conformance(cwd, [
      '--command',
      `npm --prefix ${ROOT} run -s conformance:client --`,
      '--scenario',
      'tools_call',
    ]);
    expect(out).toContain('add_numbers');
    expect(code).toBe(0);
  });
});
