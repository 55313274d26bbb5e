import { PatchbayError } from '../common/errors/catalogue';
import { ArgsValidator } from './args-validator';
import { ToolCatalog } from './tool-catalog';
import { ToolContext } from './tool.types';

const ctx: ToolContext = {
  signal: new AbortController().signal,
  caller: 'test',
  reportProgress: () => undefined,
  callMcp: () => Promise.reject(new Error('no MCP in unit tests')),
};

describe('ToolCatalog', () => {
  let catalog: ToolCatalog;
  beforeEach(() => (catalog = new ToolCatalog(new ArgsValidator())));

  it('fills the documented defaults', () => {
    const tool = catalog.add({ name: 'noop', handler: () => null });
    expect(tool).toMatchObject({
      description: '',
      inputSchema: { type: 'object' },
      timeoutMs: 60000,
    });
  });

  it('rejects a duplicate name, naming both sources', () => {
    catalog.add({ name: 'deploy', handler: () => 1 }, 'First.deploy()');
    expect(() => catalog.add({ name: 'deploy', handler: () => 2 }, 'Second.deploy()')).toThrow(
      /"deploy" is registered twice \(by First\.deploy\(\) and by Second\.deploy\(\)\)/,
    );
    expect(catalog.list()).toHaveLength(1);
  });

  it('rejects a bad name and an uncompilable schema', () => {
    expect(() => catalog.add({ name: '../etc', handler: () => 1 })).toThrow(/invalid/);
    expect(() =>
      catalog.add({ name: 'bad', inputSchema: { type: 'no-such-type' }, handler: () => 1 }),
    ).toThrow(/invalid input schema/);
  });

  it('turns a throw into tool_execution_failed and keeps domain errors', async () => {
    const boom = catalog.add({
      name: 'boom',
      handler: () => {
        throw new Error('disk full');
      },
    });
    await expect(boom.run({}, ctx)).rejects.toMatchObject({
      code: 'tool_execution_failed',
      message: 'Tool "boom" failed: disk full',
    });
    const typed = catalog.add({
      name: 'typed',
      handler: () => Promise.reject(new PatchbayError('server_disabled', 'off')),
    });
    await expect(typed.run({}, ctx)).rejects.toMatchObject({ code: 'server_disabled' });
  });

  it('wraps plain values as a text block plus structured content', async () => {
    const tool = catalog.add({ name: 'plain', handler: (args) => ({ got: args.x }) });
    await expect(tool.run({ x: 1 }, ctx)).resolves.toEqual({
      content: [{ type: 'text', text: '{"got":1}' }],
      structuredContent: { got: 1 },
    });
    const full = { content: [{ type: 'text' as const, text: 'hi' }], isError: true };
    const passthrough = catalog.add({ name: 'full', handler: () => full });
    await expect(passthrough.run({}, ctx)).resolves.toBe(full);
  });
});
