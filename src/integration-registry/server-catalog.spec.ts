import { DEFAULT_INTEGRATIONS } from './default-integrations';
import { parseMcpServersFile } from './mcp-servers.schema';
import { buildCatalog, patchEntry } from './server-catalog';

describe('buildCatalog', () => {
  it('lists every built-in integration, off by default', () => {
    const { servers, integrations, problems } = buildCatalog(DEFAULT_INTEGRATIONS, {
      mcp_servers: {},
    });
    expect(problems).toEqual([]);
    expect(integrations.map((i) => i.id)).toEqual(
      expect.arrayContaining(['github', 'cloudflare', 'gcp', 'azure', 'openai', 'local-models']),
    );
    for (const s of servers.values())
      expect(s).toMatchObject({ enabled: false, source: 'default' });
  });

  it('overlays a default and adds a config server with its own integration', () => {
    const { servers, integrations } = buildCatalog(DEFAULT_INTEGRATIONS, {
      mcp_servers: {
        github: { enabled: true, timeout_ms: 5000 },
        notes: { transport: 'stdio', command: 'node', args: ['x.js'], env: { A: '1' } },
      },
    });
    expect(servers.get('github')).toMatchObject({
      enabled: true,
      timeoutMs: 5000,
      source: 'default',
    });
    expect(servers.get('notes')).toMatchObject({
      source: 'config',
      enabled: true,
      args: ['x.js'],
      name: 'notes',
    });
    expect(integrations.find((i) => i.id === 'github')?.enabled).toBe(true);
    expect(integrations.find((i) => i.id === 'notes')).toMatchObject({
      mcpServer: 'notes',
      enabled: true,
    });
  });

  it('reports new servers without a launch', () => {
    const { problems } = buildCatalog(DEFAULT_INTEGRATIONS, {
      mcp_servers: { a: { command: 'x' }, b: { transport: 'sse' } },
    });
    expect(problems).toEqual([
      '$.mcp_servers.a.transport: required for a server that is not built in',
      '$.mcp_servers.b.url: required for the sse transport',
    ]);
  });
});

describe('patchEntry', () => {
  const catalog = buildCatalog(DEFAULT_INTEGRATIONS, { mcp_servers: {} });
  const github = catalog.servers.get('github')!;

  it('keeps only what differs from the default', () => {
    expect(patchEntry(undefined, github, github, { enabled: true })).toEqual({ enabled: true });
    expect(patchEntry({ enabled: true }, github, github, { enabled: false })).toBeUndefined();
    expect(patchEntry({ enabled: true }, github, github, { enabled: undefined })).toEqual({
      enabled: true,
    });
  });
});

describe('parseMcpServersFile', () => {
  it('names the JSON path of each problem', () => {
    const result = parseMcpServersFile({
      mcp_servers: { 'bad/id': {}, ok: { args: [1], extra: true } },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^\$\.mcp_servers\.bad\/id: /),
          '$.mcp_servers.ok.extra: is not a known field',
          '$.mcp_servers.ok.args[0]: must be string',
        ]),
      );
    }
  });

  it('rejects prototype keys as server ids', () => {
    const data = JSON.parse('{"mcp_servers": {"__proto__": {"enabled": true}}}');
    expect(parseMcpServersFile(data).ok).toBe(false);
  });
});
