import { processRedactor } from './redact';
import { RedactingLogger } from './redacting.logger';

describe('RedactingLogger with json: true', () => {
  const secret = 'json-log-canary-0123456789';
  let lines: string[];
  let spies: jest.SpyInstance[];
  beforeEach(() => {
    lines = [];
    processRedactor.add(secret);
    spies = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        return true;
      }),
    );
  });
  afterEach(() => {
    spies.forEach((s) => s.mockRestore());
    processRedactor.remove(secret);
  });

  it('writes one parseable object a line with time, level, context and fields, masked', () => {
    const logger = new RedactingLogger({ json: true, compact: true, colors: false });
    logger.log('plain message', 'Bootstrap');
    logger.warn(`server_id=github down (token ${secret} refused)`, 'McpClientService');
    logger.log(
      JSON.stringify({
        event: 'tool_run',
        run_id: 'r1',
        tool: 'mcp_tool',
        binding: { kind: 'mcp', server_id: 'everything', tool_name: 'echo' },
        outcome: 'ok',
      }),
      'ToolRuns',
    );
    logger.error('it broke\nover two lines', 'Error: stack here', 'Filter');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toHaveLength(4);
    for (const e of entries) expect(Date.parse(String(e.time))).not.toBeNaN();
    expect(entries[0]).toMatchObject({
      level: 'log',
      context: 'Bootstrap',
      message: 'plain message',
    });
    expect(entries[1]).toMatchObject({
      level: 'warn',
      server_id: 'github',
      message: 'down (token [redacted] refused)',
    });
    expect(entries[2]).toMatchObject({
      message: 'tool_run',
      run_id: 'r1',
      tool: 'mcp_tool',
      server_id: 'everything',
      outcome: 'ok',
    });
    expect(entries[3]).toMatchObject({ level: 'error', message: 'it broke\nover two lines' });
    expect(lines.join('\n')).not.toContain(secret);
  });
});
