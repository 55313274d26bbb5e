// The limit for any REST gateway: a bare Node http server wrapping one SDK client.
import http from 'node:http';

export function startBareWrapper(client) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const { name, arguments: args } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const result = await client.callTool({ name, arguments: args });
      const body = JSON.stringify(result);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        close: async () => {
          server.closeAllConnections();
          server.close();
          await client.close();
        },
      }),
    );
  });
}
