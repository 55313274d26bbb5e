import * as group from './process-group';
import { ProcessStdioTransport } from './process-stdio.transport';
import { waitFor } from '../../../test/helpers/wait';

/** A child that waits on stdin and exits on SIGTERM after a short cleanup. */
const CHILD = `process.on('SIGTERM', () => setTimeout(() => process.exit(0), 60));
process.stdin.resume();
process.stderr.write('ready\\n');`;

describe('ProcessStdioTransport.close', () => {
  afterEach(() => jest.restoreAllMocks());

  it('waits on the child exit instead of polling the process table meanwhile', async () => {
    let stderr = '';
    const transport = new ProcessStdioTransport({
      command: process.execPath,
      args: ['-e', CHILD],
      env: {},
      killGraceMs: 5_000,
      onStderr: (chunk) => (stderr += chunk.toString()),
    });
    await transport.start();
    await waitFor(() => stderr.includes('ready'), 'the child to install its SIGTERM handler');
    const scans = jest.spyOn(group, 'groupAlive');
    const started = Date.now();
    await transport.close();
    expect(transport.exit).toMatchObject({ code: 0 });
    expect(scans.mock.calls.length).toBeLessThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});
