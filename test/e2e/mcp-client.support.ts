/** Shared by the MCP client e2e specs: the API path and the session-checking HTTP fixture. */
import { fixtureScript } from '../helpers/fixtures';
import { HttpChild, startServerChild } from '../helpers/processes';

export const SERVERS = '/api/v1/integrations/mcp-servers';

/** Starts test/fixtures/servers/http-session-server.mjs (it listens on an ephemeral port). */
export async function startSessionServer(): Promise<HttpChild> {
  const { child, ready, stop } = await startServerChild(
    [fixtureScript('http-session-server.mjs')],
    { ready: /listening (\d+)/, what: 'http-session-server' },
  );
  const port = Number(ready[1]);
  return { child, port, url: `http://127.0.0.1:${port}/mcp`, stop };
}
