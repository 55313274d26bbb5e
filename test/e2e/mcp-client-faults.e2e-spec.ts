import { PatchbayError } from '../../src/common/errors/catalogue';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { startApp, TestApp } from '../helpers/test-app';
import { faultServer } from '../helpers/fixtures';
import { alive, gone } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { SERVERS } from './mcp-client.support';

const textOf = (r: { content: Array<{ type: string; text?: string }> }) =>
  r.content.map((c) => c.text ?? '').join('');

/** The PatchbayError a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<PatchbayError> {
  const err = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  if (!(err instanceof PatchbayError)) throw err;
  return err;
}

describe('MCP client faults (fixture servers over stdio)', () => {
  let t: TestApp;
  let client: McpClientService;
  const pids = new Set<number>();
  const pidOf = (id: string) => {
    const pid = client.connectionInfo(id).pid as number;
    pids.add(pid);
    return pid;
  };
  const stillWorks = async (id = 'ok') =>
    expect(textOf(await client.callTool(id, 'echo', { message: 'ping' }))).toBe('echo: ping');

  beforeAll(async () => {
    t = await startApp({
      servers: {
        ok: faultServer('ok'),
        crash: faultServer('ok'),
        hang: faultServer('ok', { timeout_ms: 2_000 }),
        junk: faultServer('ok'),
        big: faultServer('ok'),
        start0: faultServer('exit-at-start'),
        slow: faultServer('slow-start', {}, '1200'),
        hanginit: faultServer('hang-init', { timeout_ms: 800 }),
        changes: faultServer('ok'),
        tree: faultServer('ok'),
        badcmd: { ...faultServer('ok'), command: '/nonexistent/patchbay-test-binary' },
      },
    });
    client = t.app.get(McpClientService);
  });

  afterAll(async () => {
    await t?.close();
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  it('a server that exits mid-call: 502 with exit and stderr, fail fast, then recovery', async () => {
    await client.listTools('crash');
    const first = pidOf('crash');
    const err = await failure(client.callTool('crash', 'crash', { code: 9 }));
    const info = client.connectionInfo('crash');
    expect(info.state).toBe('backoff');
    expect(info.nextRetryAt).toBeInstanceOf(Date);
    const started = Date.now();
    const down = await failure(client.callTool('crash', 'echo', { message: 'x' }));
    expect(Date.now() - started).toBeLessThan(100);
    expect(down.code).toBe('mcp_server_unavailable');
    expect(down.details?.next_retry_at).toEqual(expect.any(String));
    expect(err.code).toBe('mcp_connect_failed');
    expect(err.message).toContain('exited with code 9');
    expect(err.details?.stderr_tail).toEqual(expect.arrayContaining(['fault-server crashing now']));
    await stillWorks();
    await waitFor(() => client.connectionInfo('crash').state === 'connected', 'reconnect');
    await stillWorks('crash');
    expect(pidOf('crash')).not.toBe(first);
    expect(alive(first)).toBe(false);
  });

  it('a tool that never answers: 504 at the timeout, cancelled upstream, over HTTP too', async () => {
    await client.listTools('hang');
    const err = await failure(client.callTool('hang', 'hang', {}, { timeoutMs: 300 }));
    expect(err.code).toBe('mcp_timeout');
    const res = await t.http
      .post('/api/v1/execution/tools/mcp_tool/invoke')
      .send({ args: { server_id: 'hang', tool_name: 'hang', args: {} }, timeout_ms: 300 })
      .expect(504);
    expect(res.body.error.code).toBe('mcp_timeout');
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('caller left')), 100);
    await expect(
      client.callTool('hang', 'hang', {}, { signal: controller.signal }),
    ).rejects.toThrow('caller left');
    await waitFor(async () => {
      const stats = await client.callTool('hang', 'stats', {});
      return (stats.structuredContent as { cancelled: number }).cancelled >= 3;
    }, 'three notifications/cancelled');
    await stillWorks();
  });

  it('an answer after the timeout is dropped and the connection stays usable', async () => {
    await client.listTools('hang');
    const pid = pidOf('hang');
    const err = await failure(client.callTool('hang', 'late', { ms: 500 }, { timeoutMs: 150 }));
    expect(err.code).toBe('mcp_timeout');
    await new Promise((r) => setTimeout(r, 450)); // the late answer arrives meanwhile
    expect(textOf(await client.callTool('hang', 'echo', { message: 'ping' }))).toBe('echo: ping');
    expect(pidOf('hang')).toBe(pid);
  });

  it('malformed and non-JSON-RPC lines are skipped; stderr floods stay bounded', async () => {
    expect(textOf(await client.callTool('junk', 'junk', {}))).toBe('after junk');
    expect(textOf(await client.callTool('junk', 'flood', { n: 20_000 }))).toBe('flooded 20000');
    await stillWorks('junk');
    expect(client.connectionInfo('junk').state).toBe('connected');
  });

  it('a 20 MB line is a protocol error; the server is restarted', async () => {
    await client.listTools('big');
    const pid = pidOf('big');
    const err = await failure(client.callTool('big', 'big', { mb: 20 }));
    expect(err.code).toBe('mcp_protocol_error');
    expect(err.message).toContain('larger than');
    await gone(pid, 'the oversized server to be ended');
    await stillWorks();
    await waitFor(() => client.connectionInfo('big').state === 'connected', 'reconnect');
    expect(textOf(await client.callTool('big', 'big', { mb: 0.001 }))).toHaveLength(1049);
  });

  it('a server that exits at start: 502 spawn failure, then retries stop until checked', async () => {
    const res = await t.http.get(`${SERVERS}/start0/tools`).expect(502);
    expect(res.body.error.code).toBe('mcp_spawn_failed');
    expect(res.body.error.message).toContain('exited with code 3');
    expect(res.body.error.details.stderr_tail).toEqual(['fault-server exiting at start']);
    await waitFor(() => client.connectionInfo('start0').state === 'failed', 'crash loop', 15_000);
    expect(client.connectionInfo('start0').nextRetryAt).toBeNull();
    const down = await failure(client.listTools('start0'));
    expect(down.code).toBe('mcp_server_unavailable');
    expect(down.details?.next_retry_at).toBeNull();
    const check = await failure(client.ping('start0'));
    expect(check.code).toBe('mcp_spawn_failed'); // a check tries again at once
    await stillWorks();
  });

  it('a slow start is waited for; a server that never initializes fails and is ended', async () => {
    const [tools, echo] = await Promise.all([
      client.listTools('slow'),
      client.callTool('slow', 'echo', { message: 'late riser' }),
    ]);
    expect(tools.map((x) => x.name)).toContain('echo');
    expect(textOf(echo)).toBe('echo: late riser');
    // The caller's budget (timeout_ms 800) runs out while the handshake is still pending.
    const err = await failure(client.listTools('hanginit'));
    expect(err.code).toBe('mcp_timeout');
    await waitFor(
      () => client.connectionInfo('hanginit').state === 'backoff',
      'the failed handshake',
    );
    expect(client.connectionInfo('hanginit').lastError).toContain('handshake');
    await stillWorks();
  });

  it('a changed tool list is picked up from notifications/tools/list_changed', async () => {
    const before = await client.listTools('changes');
    expect(await client.listTools('changes')).toBe(before); // cached, not asked again
    expect(before.map((x) => x.name)).not.toContain('extra1');
    await client.callTool('changes', 'add-tool', { name: 'extra1' });
    await waitFor(
      async () => (await client.listTools('changes')).some((x) => x.name === 'extra1'),
      'the refreshed tool list',
    );
    expect(textOf(await client.callTool('changes', 'extra1', {}))).toBe('I am extra1');
  });

  it('disabling a server ends its whole process group', async () => {
    const spawned = await client.callTool('tree', 'spawn-child', {});
    const grandchild = (spawned.structuredContent as { pid: number }).pid;
    const pid = pidOf('tree');
    pids.add(grandchild);
    expect(alive(grandchild)).toBe(true);
    await t.http.patch(`${SERVERS}/tree`).send({ enabled: false }).expect(200);
    await gone(pid, 'the server');
    await gone(grandchild, 'its grandchild');
    expect(client.connectionInfo('tree').state).toBe('idle');
  });

  it('a command that does not exist: 502 mcp_spawn_failed', async () => {
    const err = await failure(client.callTool('badcmd', 'echo', { message: 'x' }));
    expect(err.code).toBe('mcp_spawn_failed');
    expect(err.message).toContain('ENOENT');
  });
});
