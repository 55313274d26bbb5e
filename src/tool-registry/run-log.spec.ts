import { Logger } from '@nestjs/common';
import { RunLog, RunRecord } from './run-log';

const run = (over: Partial<RunRecord> = {}): RunRecord => ({
  run_id: 'r1',
  tool: 'deploy',
  binding: { kind: 'local' },
  caller: 'http',
  started_at: new Date(0).toISOString(),
  duration_ms: 3,
  outcome: 'ok',
  args: { service: 'api' },
  ...over,
});

describe('RunLog', () => {
  beforeAll(() => Logger.overrideLogger(['log', 'warn', 'error']));
  let info: jest.SpyInstance;
  let warn: jest.SpyInstance;
  beforeEach(() => {
    info = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('keeps runs newest first, bounded, and replaces huge arguments by their size', () => {
    const log = new RunLog();
    for (let i = 0; i < 510; i++) log.record(run({ run_id: `r${i}` }));
    log.record(run({ run_id: 'big', args: { blob: 'x'.repeat(5000) } }));
    const runs = log.list();
    expect(runs).toHaveLength(500);
    expect(runs[0]).toMatchObject({ run_id: 'big', args: { truncated: true } });
    expect(runs[1].run_id).toBe('r509');
    log.onApplicationShutdown();
    expect(info).toHaveBeenCalledTimes(511);
  });

  it('writes one line per run after the current turn, failures as warnings, never the args', async () => {
    const log = new RunLog();
    log.record(run());
    log.record(run({ run_id: 'r2', outcome: 'mcp_timeout' }));
    expect(info).not.toHaveBeenCalled(); // not on the caller's path
    await new Promise((r) => setImmediate(r));
    expect(info).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.parse(info.mock.calls[0][0] as string)).toMatchObject({
      event: 'tool_run',
      run_id: 'r1',
    });
    expect(String(info.mock.calls[0][0])).not.toContain('api');
  });

  it('flushes pending lines on shutdown', () => {
    const log = new RunLog();
    log.record(run());
    log.onApplicationShutdown();
    expect(info).toHaveBeenCalledTimes(1);
  });
});
