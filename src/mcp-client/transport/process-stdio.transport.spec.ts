import * as group from './process-group';
import { ProcessStdioTransport } from './process-stdio.transport';

/** A child that waits on stdin and exits on SIGTERM after a short cleanup. */
const CHILD = `process.on('SIGTERM', () => setTimeout(() => process.exit(0), 60)); process.stdin.resume();`;

describe('ProcessStdioTransport.close', () => {
  afterEach(() => jest.restoreAllMocks());

  it('waits on the child exit instead of polling the process table meanwhile', async () => {
    const transport = new ProcessStdioTransport({
      command: process.execPath,
      args: ['-e', CHILD],
      env: {},
      killGraceMs: 5_000,
    });
    await transport.start();
    await new Promise((r) => setTimeout(r, 200)); // the child installed its SIGTERM handler
    const scans = jest.spyOn(group, 'groupAlive');
    const started = Date.now();
    await transport.close();
    expect(transport.exit).toMatchObject({ code: 0 });
    expect(scans.mock.calls.length).toBeLessThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});
