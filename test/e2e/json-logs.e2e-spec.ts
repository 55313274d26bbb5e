import { captureOutput } from './secrets.support';
import { everythingStdio, startApp } from '../helpers/test-app';

describe('PATCHBAY_LOG_FORMAT=json (e2e)', () => {
  it('writes every line as one JSON object, the run with its run_id, tool and server', async () => {
    const output = captureOutput();
    let runId: string;
    try {
      const t = await startApp({
        logs: true,
        servers: { everything: everythingStdio() },
        env: { PATCHBAY_LOG_FORMAT: 'json', PATCHBAY_LOG_LEVEL: 'log' },
      });
      try {
        const res = await t.http
          .post('/api/v1/execution/tools/mcp_tool/invoke')
          .send({ args: { server_id: 'everything', tool_name: 'echo', args: { message: 'x' } } })
          .expect(200);
        runId = res.body.run_id as string;
        await new Promise((r) => setImmediate(r)); // the run line is written after the response
      } finally {
        await t.close();
      }
    } finally {
      output.restore();
    }
    const lines = output.text().split('\n').filter(Boolean);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.length).toBeGreaterThan(1);
    for (const e of entries) {
      expect(e).toEqual(
        expect.objectContaining({ time: expect.any(String), level: expect.any(String) }),
      );
    }
    const connected = entries.find((e) => String(e.message).startsWith('connected over stdio'));
    expect(connected).toMatchObject({ level: 'log', server_id: 'everything' });
    expect(entries).toContainEqual(
      expect.objectContaining({
        message: 'tool_run',
        run_id: runId!,
        tool: 'mcp_tool',
        server_id: 'everything',
        context: 'ToolRuns',
      }),
    );
  });
});
