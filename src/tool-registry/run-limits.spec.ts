import { runWithLimits } from './run-limits';
import { RegisteredTool, ToolResult } from './tool.types';

const tool = (timeoutMs: number): RegisteredTool => ({
  name: 'slow',
  description: '',
  inputSchema: { type: 'object' },
  timeoutMs,
  run: () => Promise.resolve({ content: [] }),
});

/** Resolves when aborted, so the test sees the handler's signal fire. */
const untilAborted = (signal: AbortSignal, seen: { aborted: boolean }) =>
  new Promise<ToolResult>((resolve) =>
    signal.addEventListener('abort', () => {
      seen.aborted = true;
      resolve({ content: [] });
    }),
  );

describe('runWithLimits', () => {
  it('times out at the shorter of the tool limit and the caller limit, aborting the handler', async () => {
    const seen = { aborted: false };
    const run = runWithLimits(tool(10_000), { timeoutMs: 20 }, (s) => untilAborted(s, seen));
    await expect(run).rejects.toMatchObject({ code: 'tool_timeout', details: { timeout_ms: 20 } });
    expect(seen.aborted).toBe(true);
  });

  it('cancels with the caller signal', async () => {
    const seen = { aborted: false };
    const controller = new AbortController();
    const run = runWithLimits(tool(10_000), { signal: controller.signal }, (s) =>
      untilAborted(s, seen),
    );
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'tool_cancelled' });
    expect(seen.aborted).toBe(true);
  });

  it('has no local limit for timeoutMs 0 and passes results through', async () => {
    const result = { content: [{ type: 'text' as const, text: 'ok' }] };
    await expect(
      runWithLimits(tool(0), { timeoutMs: 1 }, async () => {
        await new Promise((r) => setTimeout(r, 20));
        return result;
      }),
    ).resolves.toBe(result);
  });
});
