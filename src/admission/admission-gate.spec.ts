import { PatchbayError } from '../common/errors/catalogue';
import type { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { McpServerConfig } from '../integration-registry/mcp-server.types';
import { serverConfig } from '../integration-registry/testing/server-config.fixture';
import type { OAuthService } from '../oauth/oauth.service';
import type { SecretsService } from '../secrets/secrets.service';
import { AdmissionGate } from './admission-gate';

describe('AdmissionGate', () => {
  const servers = new Map<string, McpServerConfig>();
  const missing = new Map<string, string[]>();
  const unauthorized = new Map<string, string>();
  const gate = new AdmissionGate(
    { findServer: (id: string) => servers.get(id) } as unknown as IntegrationRegistryService,
    {
      missingRequired: (s: McpServerConfig) => missing.get(s.id) ?? [],
    } as unknown as SecretsService,
    {
      authorizationProblem: (s: McpServerConfig) => unauthorized.get(s.id) ?? null,
    } as unknown as OAuthService,
  );
  const refused = (work: () => unknown): PatchbayError => {
    try {
      work();
    } catch (err) {
      return err as PatchbayError;
    }
    throw new Error('admitted');
  };

  beforeEach(() => {
    servers.clear();
    missing.clear();
    unauthorized.clear();
    for (const id of ['on', 'off', 'locked']) servers.set(id, serverConfig({ id, name: id }));
    servers.set('off', { ...servers.get('off')!, enabled: false });
    missing.set('locked', ['API_KEY']);
    missing.set('off', ['API_KEY']);
  });

  it('admits an enabled server with its credentials, as the same config object', () => {
    expect(gate.admit('on')).toBe(servers.get('on'));
    expect(gate.refusalOf(servers.get('on')!)).toBeNull();
  });

  it('refuses an unknown server (404), and a route to one as a conflict (409)', () => {
    expect(refused(() => gate.admit('nope')).code).toBe('server_not_found');
    const route = { tool: 'deploy', serverId: 'nope' };
    const err = refused(() => gate.admitRoute(route));
    expect(err).toMatchObject({ code: 'conflict', details: { tool: 'deploy', server_id: 'nope' } });
    expect(gate.judgeRoute(route)).toMatchObject({ code: 'conflict' });
  });

  it('refuses a disabled server first, whatever else is missing', () => {
    expect(gate.refusalOf(servers.get('off')!)).toMatchObject({ state: 'disabled' });
    expect(refused(() => gate.admit('off')).code).toBe('server_disabled');
  });

  it('names a missing credential and how to set it (424)', () => {
    const err = refused(() => gate.admit('locked'));
    expect(err.code).toBe('credentials_missing');
    expect(err.message).toContain(
      'PUT /api/v1/integrations/mcp-servers/locked/credentials/API_KEY',
    );
    expect(err.message).toContain('environment variable API_KEY');
    expect(err.details).toMatchObject({ server_id: 'locked', missing: ['API_KEY'] });
    expect(gate.refusalOf(servers.get('locked')!)).toMatchObject({ state: 'needs_credentials' });
  });

  it('holds a server that waits for OAuth authorization (424), after its credentials', () => {
    unauthorized.set('on', 'not authorized yet');
    const err = refused(() => gate.admit('on'));
    expect(err.code).toBe('authorization_required');
    expect(err.message).toContain('/oauth/authorize');
    expect(gate.refusalOf(servers.get('on')!)).toMatchObject({ state: 'needs_authorization' });
    unauthorized.set('locked', 'not authorized yet');
    expect(gate.refusalOf(servers.get('locked')!)).toMatchObject({ state: 'needs_credentials' });
  });
});
