import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import { selectScope } from './scope-selection';

const discovery = (prm?: string[], as?: string[]): OAuthDiscoveryState => ({
  authorizationServerUrl: 'https://as.example.test',
  resourceMetadata: { resource: 'https://mcp.example.test/mcp', scopes_supported: prm },
  authorizationServerMetadata: {
    issuer: 'https://as.example.test',
    authorization_endpoint: 'https://as.example.test/authorize',
    token_endpoint: 'https://as.example.test/token',
    response_types_supported: ['code'],
    scopes_supported: as,
  },
});

describe('selectScope', () => {
  it('prefers configured scopes, then the challenge, then scopes_supported', () => {
    const d = discovery(['files:read']);
    expect(selectScope(['a', 'b'], 'c', d)).toBe('a b');
    expect(selectScope([], 'c', d)).toBe('c');
    expect(selectScope([], undefined, d)).toBe('files:read');
    expect(selectScope([], undefined, undefined)).toBeUndefined();
  });

  it('adds offline_access only when the authorization server offers it', () => {
    expect(selectScope([], undefined, discovery(['x'], ['x', 'offline_access']))).toBe(
      'x offline_access',
    );
    expect(selectScope([], undefined, discovery(['x'], ['x']))).toBe('x');
  });
});
