import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { configServer } from '../integration-registry/server-catalog';
import { processRedactor } from '../common/redact';
import { MemorySecrets, OAuthVault } from './oauth-vault';
import { TokenKeeper } from './token-keeper';
import { refreshDue } from './token-refresh';

const AS = 'https://auth.example.test';
const server = {
  ...configServer('remote'),
  transport: 'streamable_http' as const,
  url: 'https://mcp.example.test/mcp',
};

/** A token endpoint on a fetch function: answers in order, counting requests. */
function tokenEndpoint(answers: Array<{ status: number; body: object }>, delayMs = 20) {
  const seen: URLSearchParams[] = [];
  const fetchFn: FetchLike = async (_url, init) => {
    seen.push(new URLSearchParams(String(init?.body)));
    await new Promise((r) => setTimeout(r, delayMs));
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)];
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetchFn, seen };
}

async function setup(answers: Array<{ status: number; body: object }>) {
  const vault = new OAuthVault(new MemorySecrets());
  await vault.saveDiscovery('remote', {
    authorizationServerUrl: AS,
    authorizationServerMetadata: {
      issuer: AS,
      authorization_endpoint: `${AS}/authorize`,
      token_endpoint: `${AS}/token`,
      response_types_supported: ['code'],
    },
    resourceMetadata: { resource: 'https://mcp.example.test/mcp' },
  });
  await vault.saveClient('remote', { client_id: 'patchbay-client' });
  // Expired a minute ago.
  await vault.saveTokens(
    'remote',
    {
      access_token: 'old-access-token',
      token_type: 'Bearer',
      expires_in: 60,
      refresh_token: 'old-refresh-token',
    },
    Date.now() - 120_000,
  );
  const endpoint = tokenEndpoint(answers);
  const rejected: string[] = [];
  const keeper = new TokenKeeper(vault, {
    clientOf: (id) => vault.client(id),
    onRejected: (_id, reason) => rejected.push(reason),
    log: () => undefined,
    fetch: endpoint.fetchFn,
    retryDelaysMs: [1, 1, 1],
  });
  return { vault, keeper, endpoint, rejected };
}

const fresh = {
  access_token: 'new-access-token',
  token_type: 'Bearer',
  expires_in: 3600,
  refresh_token: 'new-refresh-token',
};

describe('TokenKeeper', () => {
  it('refreshes an expired token once for 50 concurrent requests, with the resource parameter', async () => {
    const { keeper, endpoint, vault } = await setup([{ status: 200, body: fresh }]);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => keeper.current(server)));
    expect(endpoint.seen).toHaveLength(1);
    expect(endpoint.seen[0].get('grant_type')).toBe('refresh_token');
    expect(endpoint.seen[0].get('resource')).toBe('https://mcp.example.test/mcp');
    expect(new Set(tokens.map((t) => t?.access_token))).toEqual(new Set(['new-access-token']));
    const stored = vault.tokens('remote');
    expect(Date.parse(stored?.expires_at ?? '')).toBeGreaterThan(Date.now() + 3000_000);
    expect(processRedactor.redact('x new-refresh-token y')).not.toContain('new-refresh-token');
  });

  it('invalid_grant: forgets the tokens and reports at once, without retrying', async () => {
    const { keeper, endpoint, vault, rejected } = await setup([
      { status: 400, body: { error: 'invalid_grant' } },
    ]);
    expect(await keeper.current(server)).toBeUndefined();
    expect(endpoint.seen).toHaveLength(1);
    expect(vault.tokens('remote')).toBeUndefined();
    expect(rejected[0]).toMatch(/invalid_grant/);
  });

  it('5xx: retries with backoff, keeps the tokens, never asks for a person', async () => {
    const down = { status: 503, body: { error: 'temporarily_unavailable' } };
    const { keeper, endpoint, rejected } = await setup([down, down, { status: 200, body: fresh }]);
    expect((await keeper.current(server))?.access_token).toBe('new-access-token');
    expect(endpoint.seen).toHaveLength(3);
    expect(rejected).toEqual([]);
  });

  it('5xx on every attempt: hands out the old token and keeps it', async () => {
    const { keeper, endpoint, vault, rejected } = await setup([
      { status: 500, body: { oops: true } },
    ]);
    expect((await keeper.current(server))?.access_token).toBe('old-access-token');
    expect(endpoint.seen).toHaveLength(4);
    expect(vault.tokens('remote')).toBeDefined();
    expect(rejected).toEqual([]);
  });
});

describe('TokenKeeper across replicas (exclusive + reload)', () => {
  it('refreshes once for two keepers on one store: the second re-reads under the lock', async () => {
    const { vault, endpoint } = await setup([{ status: 200, body: fresh }]);
    let chain: Promise<unknown> = Promise.resolve();
    const reloads: string[] = [];
    // A lock like the database's advisory lock, and a store both keepers read (as after reload).
    const replica = () =>
      new TokenKeeper(vault, {
        clientOf: (id) => vault.client(id),
        onRejected: () => undefined,
        log: () => undefined,
        fetch: endpoint.fetchFn,
        exclusive: <T>(_id: string, work: () => Promise<T>) => {
          const run = chain.then(work);
          chain = run.catch(() => undefined);
          return run;
        },
        reload: (id) => Promise.resolve(void reloads.push(id)),
      });
    const [a, b] = [replica(), replica()];
    const calls = Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).current(server));
    const tokens = await Promise.all(calls);
    expect(endpoint.seen).toHaveLength(1);
    expect(reloads).toEqual(['remote', 'remote']);
    expect(new Set(tokens.map((t) => t?.access_token))).toEqual(new Set(['new-access-token']));
  });
});

describe('refreshDue', () => {
  it('is due a tenth of the lifetime (at most a minute) before expiry', () => {
    const obtained = new Date(0).toISOString();
    const expires = new Date(100_000).toISOString();
    expect(refreshDue(expires, obtained, 89_000)).toBe(false);
    expect(refreshDue(expires, obtained, 90_000)).toBe(true);
    expect(refreshDue(null, obtained, 1e12)).toBe(false);
  });
});
