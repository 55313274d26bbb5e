import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processRedactor } from '../common/redact';
import { RunLog, RunRecord } from './run-log';
import { SqliteRunStore } from './runs/sqlite-run-store';

const run = (over: Partial<RunRecord> = {}): RunRecord => ({
  run_id: 'r1',
  tool: 'deploy',
  binding: { kind: 'local' },
  caller: 'http',
  started_at: new Date().toISOString(),
  duration_ms: 3,
  outcome: 'ok',
  args: { service: 'api' },
  ...over,
});

const memoryLog = () => new RunLog(new SqliteRunStore(':memory:', 30));

describe('RunLog', () => {
  beforeAll(() => Logger.overrideLogger(['log', 'warn', 'error']));
  let info: jest.SpyInstance;
  let warn: jest.SpyInstance;
  beforeEach(() => {
    info = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('keeps runs newest first and replaces huge arguments by their size', async () => {
    const log = memoryLog();
    for (let i = 0; i < 510; i++) log.record(run({ run_id: `r${i}` }));
    log.record(run({ run_id: 'big', args: { blob: 'x'.repeat(5000) } }));
    const runs = await log.list({ limit: 500 });
    expect(runs).toHaveLength(500);
    expect(runs[0]).toMatchObject({ run_id: 'big', args: { truncated: true } });
    expect(runs[1].run_id).toBe('r509');
    expect(await log.list()).toHaveLength(100);
    await log.onApplicationShutdown();
    expect(info).toHaveBeenCalledTimes(511);
  });

  it('filters by each field and pages with before', async () => {
    const log = memoryLog();
    const mcp = { kind: 'mcp' as const, server_id: 'everything', tool_name: 'echo' };
    for (let i = 0; i < 30; i++) {
      const failed = i % 3 === 0;
      log.record(
        run({
          run_id: `r${i}`,
          tool: failed ? 'mcp_tool' : 'deploy',
          binding: failed ? mcp : { kind: 'local' },
          outcome: failed ? 'mcp_timeout' : 'ok',
          caller: i < 15 ? 'http' : 'task',
          started_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        }),
      );
    }
    expect((await log.list({ server_id: 'everything' })).map((r) => r.run_id)).toHaveLength(10);
    expect(await log.list({ outcome: 'mcp_timeout', caller: 'task' })).toHaveLength(5);
    expect(await log.list({ tool: 'deploy', limit: 500 })).toHaveLength(20);
    const since = new Date(Date.UTC(2026, 0, 1, 0, 10)).toISOString();
    const until = new Date(Date.UTC(2026, 0, 1, 0, 12)).toISOString();
    expect((await log.list({ since, until })).map((r) => r.run_id)).toEqual(['r12', 'r11', 'r10']);
    const first = await log.list({ limit: 7 });
    const second = await log.list({ limit: 7, before: first[6].run_id });
    expect(second[0].run_id).toBe('r22');
    expect([...first, ...second].map((r) => r.run_id)).toEqual(
      Array.from({ length: 14 }, (_, i) => `r${29 - i}`),
    );
    await expect(log.list({ before: 'nope' })).rejects.toThrow(/before/);
    await log.onApplicationShutdown();
  });

  it('survives a restart, masks known secrets, deletes runs past retention', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'patchbay-runs-'));
    const file = join(dir, 'runs.sqlite');
    processRedactor.add('canary-secret-value');
    try {
      const log = new RunLog(new SqliteRunStore(file, 30));
      log.record(run({ args: { note: 'has canary-secret-value inside' } }));
      const failure = { code: 'mcp_timeout', message: 'echo canary-secret-value timed out' };
      log.record(run({ run_id: 'old', started_at: new Date(0).toISOString(), error: failure }));
      await log.onApplicationShutdown();
      const reopened = new RunLog(new SqliteRunStore(file, 30));
      expect((await reopened.list()).map((r) => r.run_id)).toEqual(['r1']);
      expect(JSON.stringify(await reopened.get('r1'))).not.toContain('canary-secret-value');
      expect((await reopened.get('r1'))?.args).toEqual({ note: 'has [redacted] inside' });
      expect(await reopened.get('old')).toBeNull();
      await reopened.onApplicationShutdown();
    } finally {
      processRedactor.remove('canary-secret-value');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes one line per run after the current turn, failures as warnings, never the args', async () => {
    const log = memoryLog();
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
    await log.onApplicationShutdown();
  });

  it('flushes pending lines on shutdown', async () => {
    const log = memoryLog();
    log.record(run());
    await log.onApplicationShutdown();
    expect(info).toHaveBeenCalledTimes(1);
  });
});
