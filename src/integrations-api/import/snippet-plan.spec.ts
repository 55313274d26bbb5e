import { readSnippet } from './snippet-format';
import { planEntry } from './snippet-plan';

const ctx = (allowStdio = true) => ({
  allowStdio,
  inputs: new Map(),
  isSelf: (u: string) => u.startsWith('http://127.0.0.1:3000'),
});

describe('planEntry', () => {
  it('turns every env value into a stored credential, none into the entry', () => {
    const plan = planEntry(
      'my server',
      { command: 'npx', args: ['-y', 'pkg'], env: { TOKEN: 's3cret' } },
      ctx(),
    );
    expect(plan).toMatchObject({
      ok: true,
      id: 'my-server',
      entry: { transport: 'stdio', command: 'npx', credentials: [{ name: 'TOKEN', env: 'TOKEN' }] },
      values: [{ credential: 'TOKEN', value: 's3cret' }],
    });
    expect(JSON.stringify(plan.ok && plan.entry)).not.toContain('s3cret');
  });

  it('splits a Bearer header into a format and a value; keeps plain headers', () => {
    const plan = planEntry(
      'r',
      { url: 'https://x/mcp', headers: { Authorization: 'Bearer abc', 'X-Trace': '1' } },
      ctx(),
    );
    expect(plan).toMatchObject({
      ok: true,
      entry: {
        transport: 'streamable_http',
        headers: { 'X-Trace': '1' },
        credentials: [{ name: 'AUTHORIZATION', header: 'Authorization', format: 'Bearer {value}' }],
      },
      values: [{ credential: 'AUTHORIZATION', value: 'abc' }],
    });
  });

  it('skips stdio without the flag, loops back to Patchbay, and inputs in args', () => {
    expect(planEntry('a', { command: 'x' }, ctx(false))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/stdio_from_api_disabled/),
    });
    expect(planEntry('b', { type: 'sse', url: 'http://127.0.0.1:3000/mcp' }, ctx())).toMatchObject({
      ok: false,
    });
    expect(planEntry('c', { command: 'x', args: ['${input:k}'] }, ctx())).toMatchObject({
      ok: false,
    });
  });

  it('reads VS Code inputs and JSONC text', () => {
    const snippet = readSnippet({
      snippet: `{ // comment
        "inputs": [{"id": "k", "description": "API key"}],
        "servers": {"v": {"type": "sse", "url": "https://x/sse", "headers": {"X-Api-Key": "\${input:k}"}}},
      }`,
    });
    const plan = planEntry('v', snippet.entries[0][1], { ...ctx(), inputs: snippet.inputs });
    expect(plan).toMatchObject({
      ok: true,
      entry: { transport: 'sse', credentials: [{ name: 'X_API_KEY', description: 'API key' }] },
      values: [],
    });
  });
});
