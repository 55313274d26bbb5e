// The limit for any MCP gateway: the SDK's Server (streamable HTTP, one session per client)
// forwarding tools/list and tools/call to one SDK Client, in one process, nothing else.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

export function startBareMcpProxy(client) {
  const sessions = new Map();
  const newSession = async () => {
    const server = new Server({ name: 'bare-proxy', version: '1' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => client.listTools());
    server.setRequestHandler(CallToolRequestSchema, (req, extra) => client.callTool(req.params, undefined, { signal: extra.signal }));
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => sessions.set(id, transport),
    });
    await server.connect(transport);
    return transport;
  };
  const httpServer = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? JSON.parse(text) : undefined;
      const id = req.headers['mcp-session-id'];
      const transport = id ? sessions.get(id) : isInitializeRequest(body) ? await newSession() : undefined;
      if (!transport) {
        res.writeHead(400).end();
        return;
      }
      await transport.handleRequest(req, res, body);
    });
  });
  httpServer.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    httpServer.listen(0, '127.0.0.1', () =>
      resolve({
        port: httpServer.address().port,
        close: async () => {
          httpServer.closeAllConnections();
          httpServer.close();
          await Promise.all([...sessions.values()].map((t) => t.close()));
          await client.close();
        },
      }),
    );
  });
}
