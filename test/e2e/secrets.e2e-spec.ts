import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { ROOT, TestApp, startApp } from '../helpers/test-app';
import { FAULT_SERVER } from '../helpers/fixtures';
import { childPids } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { faultWithCredentials } from './secrets.support';

const BASE = '/api/v1/integrations/mcp-servers';
const text = (r: { content: unknown }) => (r.content as { text: string }[])[0].text;

/** A real start (main.ts) on the given folders; the caller expects it to fail. */
const startMain = (configDir: string, dataDir: string, secretsKey: string) =>
  spawnSync(process.execPath, ['-r', 'ts-node/register', 'src/main.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    env: {
      PATH: process.env.PATH ?? '',
      TS_NODE_TRANSPILE_ONLY: '1',
      PATCHBAY_CONFIG_DIR: configDir,
      PATCHBAY_DATA_DIR: dataDir,
      PATCHBAY_PORT: '0',
      PATCHBAY_SECRETS_KEY: secretsKey,
    },
  });

describe('Secrets over stdio: set, replace, delete, needs_credentials (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-secrets-e2e-'));
  const marker = join(dir, 'gate-spawned');
  const servers = {
    fx: faultWithCredentials([{ name: 'FX_TOKEN', required: true, env: 'FIXTURE_SECRET' }]),
    // Would leave a marker file if Patchbay ever started it.
    gate: {
      transport: 'stdio',
      command: process.execPath,
      args: ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`],
      enabled: true,
      credentials: [{ name: 'GATE_KEY', required: true }],
    },
  };
  const first = `first-${randomBytes(12).toString('hex')}`;
  const second = `second-${randomBytes(12).toString('hex')}`;
  let t: TestApp;
  let client: McpClientService;
  const envEquals = async (value: string) =>
    text(await client.callTool('fx', 'env-equals', { name: 'FIXTURE_SECRET', value }));
  const fxPids = () => childPids(FAULT_SERVER);

  beforeAll(async () => {
    t = await startApp({ dir, servers });
    client = t.app.get(McpClientService);
  });
  afterAll(async () => {
    await t?.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a missing required credential as needs_credentials and answers 424 without spawning', async () => {
    const res = await t.http.get(`${BASE}/gate`).expect(200);
    expect(res.body.credentials).toEqual([
      expect.objectContaining({
        name: 'GATE_KEY',
        required: true,
        configured: false,
        source: null,
      }),
    ]);
    expect(res.body.status.state).toBe('needs_credentials');
    const tools = await t.http.get(`${BASE}/gate/tools`).expect(424);
    expect(tools.body.error.code).toBe('credentials_missing');
    expect(tools.body.error.message).toContain('GATE_KEY');
    expect(tools.body.error.message).toContain(`PUT ${BASE}/gate/credentials/`);
    await t.http.post(`${BASE}/gate/health-check`).expect(200);
    await expect((async () => client.callTool('gate', 'anything', {}))()).rejects.toMatchObject({
      code: 'credentials_missing',
    });
    expect(existsSync(marker)).toBe(false);
  });

  it('validates the credential routes', async () => {
    const put = (name: string, body: unknown) =>
      t.http.put(`${BASE}/fx/credentials/${name}`).send(body as object);
    const undeclared = await put('NOT_DECLARED', { value: 'some-value' }).expect(404);
    expect(undeclared.body.error.code).toBe('credential_not_found');
    await t.http.delete(`${BASE}/fx/credentials/NOT_DECLARED`).expect(404);
    await t.http.put(`${BASE}/nope/credentials/FX_TOKEN`).send({ value: 'some-value' }).expect(404);
    await put('FX_TOKEN', { value: '' }).expect(400);
    await put('FX_TOKEN', {}).expect(400);
    await put('FX_TOKEN', { value: 'some-value', extra: 1 }).expect(400);
    await put('FX_TOKEN', { value: 'x'.repeat(65537) }).expect(400);
    await put('bad..name', { value: 'some-value' }).expect(400);
    expect((await t.http.get(`${BASE}/fx`)).body.status.state).toBe('needs_credentials');
  });

  it('stores a credential encrypted and the child receives it in its env', async () => {
    await t.http.put(`${BASE}/fx/credentials/FX_TOKEN`).send({ value: first }).expect(204);
    const res = await t.http.get(`${BASE}/fx`).expect(200);
    expect(res.body.credentials[0]).toMatchObject({ configured: true, source: 'store' });
    expect(res.body.status.state).not.toBe('needs_credentials');
    expect(JSON.stringify(res.body)).not.toContain(first);
    expect(await envEquals(first)).toBe('true');
    const pids = fxPids();
    expect(pids).toHaveLength(1);
    expect(readFileSync(`/proc/${pids[0]}/cmdline`, 'utf8')).not.toContain(first);
    const storeFile = join(t.dataDir, 'credentials.enc.json');
    expect(readFileSync(storeFile, 'utf8')).not.toContain(first);
    expect(statSync(storeFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(t.dataDir, 'credentials.key')).mode & 0o777).toBe(0o600);
  });

  it('replacing the value reconnects with the new one', async () => {
    const [before] = fxPids();
    await t.http.put(`${BASE}/fx/credentials/FX_TOKEN`).send({ value: second }).expect(204);
    expect(await envEquals(second)).toBe('true');
    expect(await envEquals(first)).toBe('false');
    await waitFor(() => !fxPids().includes(before), 'the old fixture process to exit');
    expect(fxPids()).toHaveLength(1);
  });

  it('deleting it closes the connection and brings back needs_credentials', async () => {
    await t.http.delete(`${BASE}/fx/credentials/FX_TOKEN`).expect(204);
    await waitFor(() => fxPids().length === 0, 'no fixture process left');
    const res = await t.http.get(`${BASE}/fx`).expect(200);
    expect(res.body.credentials[0]).toMatchObject({ configured: false, source: null });
    expect(res.body.status.state).toBe('needs_credentials');
    await t.http.get(`${BASE}/fx/tools`).expect(424);
    expect(fxPids()).toHaveLength(0);
    await t.http.delete(`${BASE}/fx/credentials/FX_TOKEN`).expect(204);
  });

  it('keeps values across a restart, and a wrong key stops start-up with a clear error', async () => {
    await t.http.put(`${BASE}/fx/credentials/FX_TOKEN`).send({ value: first }).expect(204);
    await t.app.close();
    const run = startMain(t.configDir, t.dataDir, randomBytes(32).toString('hex'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /Patchbay failed to start: Cannot open the credential store .*credentials\.enc\.json: it was encrypted with a different key than PATCHBAY_SECRETS_KEY/,
    );
    expect(run.stdout + run.stderr).not.toContain(first);
    t = await startApp({ dir, servers });
    client = t.app.get(McpClientService);
    const res = await t.http.get(`${BASE}/fx`).expect(200);
    expect(res.body.credentials[0]).toMatchObject({ configured: true, source: 'store' });
    expect(await envEquals(first)).toBe('true');
  });
});
