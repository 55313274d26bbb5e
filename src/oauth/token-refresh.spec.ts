/** refreshWithRetry against a real local token endpoint that accepts and never answers. */
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { refreshWithRetry } from './token-refresh';

describe('refreshWithRetry', () => {
  let server: Server;
  const requests: IncomingMessage[] = [];

  beforeAll(async () => {
    server = createServer((req) => requests.push(req)); // reads nothing back: never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('counts a token endpoint that never answers as a failed attempt, and retries', async () => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const outcome = await refreshWithRetry({
      refreshToken: 'refresh-token',
      discovery: {
        authorizationServerUrl: base,
        authorizationServerMetadata: {
          issuer: base,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          response_types_supported: ['code'],
        },
      },
      client: { client_id: 'patchbay-client' },
      fetchFn: fetch,
      delays: [1, 1],
      timeoutMs: 200,
    });
    expect(outcome).toEqual({
      kind: 'unavailable',
      reason: expect.stringMatching(/timeout|abort/i),
    });
    expect(requests.map((r) => r.url)).toEqual(['/token', '/token', '/token']);
  });
});
