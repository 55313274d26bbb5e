import { allows, requirementFor } from './access-rules';
import { Principal, Scope } from './scopes';

const key = (scopes: Scope[], toolsets: string[] = []): Principal => ({
  kind: 'key',
  id: 'key_1',
  scopes,
  toolsets,
});

describe('requirementFor', () => {
  it.each([
    ['GET', '/api/v1/execution/tools', undefined, { scope: 'read' }],
    ['HEAD', '/api/v1/execution/tools', undefined, { scope: 'read' }],
    ['POST', '/api/v1/execution/routes/x', undefined, { scope: 'admin' }],
    ['DELETE', '/api/v1/anything', undefined, { scope: 'admin' }],
    ['POST', '/api/v1/execution/tools/echo/invoke', 'invoke', { scope: 'invoke' }],
    ['GET', '/api/v1/api-keys', 'admin', { scope: 'admin' }],
    ['POST', '/mcp', undefined, { scope: 'mcp' }],
    ['GET', '/mcp/', undefined, { scope: 'mcp' }],
    ['DELETE', '/MCP', undefined, { scope: 'mcp' }],
    ['POST', '/mcp/servers/everything', undefined, { scope: 'mcp' }],
    ['POST', '/mcp/toolsets/dev', undefined, { scope: 'mcp', toolset: 'dev' }],
    ['POST', '/mcp/toolsets/dev/?x=1', undefined, { scope: 'mcp', toolset: 'dev' }],
    ['POST', '//mcp//toolsets//dev', undefined, { scope: 'mcp', toolset: 'dev' }],
    ['POST', '/mcp/toolsets/dev/extra', undefined, { scope: 'mcp' }],
    ['POST', '/mcp/toolsets/a%2Fb', undefined, { scope: 'mcp' }],
    ['GET', '/metrics', undefined, { scope: 'read' }],
    ['GET', '/metrics/', undefined, { scope: 'read' }],
  ] as const)('%s %s (declared %s) needs %o', (method, path, declared, need) => {
    expect(requirementFor(method, path, declared)).toEqual(need);
  });

  it('an MCP path wins over a declared scope', () => {
    expect(requirementFor('GET', '/mcp', 'read')).toEqual({ scope: 'mcp' });
  });
});

describe('allows', () => {
  const read = { scope: 'read' } as const;
  const invoke = { scope: 'invoke' } as const;
  const admin = { scope: 'admin' } as const;
  const mcp = { scope: 'mcp' } as const;
  const toolset = (id: string) => ({ scope: 'mcp', toolset: id }) as const;

  it('lets the admin principal and admin keys do everything', () => {
    for (const need of [read, invoke, admin, mcp, toolset('x')]) {
      expect(allows({ kind: 'admin' }, need)).toBe(true);
      expect(allows(key(['admin']), need)).toBe(true);
    }
  });

  it.each([
    [['read'], [true, false, false, false]],
    [['invoke'], [true, true, false, false]],
    [['mcp'], [false, false, false, true]],
    [
      ['read', 'mcp'],
      [true, false, false, true],
    ],
  ] as [Scope[], boolean[]][])('a %j key: read, invoke, admin, mcp = %j', (scopes, expected) => {
    expect([read, invoke, admin, mcp].map((need) => allows(key(scopes), need))).toEqual(expected);
  });

  it('an unbound mcp key reaches every MCP endpoint', () => {
    expect(allows(key(['mcp']), toolset('any'))).toBe(true);
  });

  it('a toolset-bound key reaches only its toolsets', () => {
    const bound = key(['mcp'], ['dev', 'ops']);
    expect(allows(bound, toolset('dev'))).toBe(true);
    expect(allows(bound, toolset('ops'))).toBe(true);
    expect(allows(bound, toolset('Dev'))).toBe(false);
    expect(allows(bound, toolset('prod'))).toBe(false);
    expect(allows(bound, mcp)).toBe(false);
  });
});
