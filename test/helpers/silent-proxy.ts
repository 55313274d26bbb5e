/**
 * A TCP proxy in front of the test PostgreSQL that can go silent the way a NAT or firewall
 * that forgot a flow does: the connections it carries stop passing bytes, with no reset and
 * no close on either side. New connections pass again, so a client that notices can reconnect.
 */
import { AddressInfo, Server, Socket, createServer, connect } from 'node:net';

export interface SilentProxy {
  /** `url` with the proxy's host and port. */
  url: string;
  /** Open connections stop passing bytes from now on (nothing is closed). */
  silenceOpenConnections(): void;
  /** How many connections went through so far. */
  connections(): number;
  close(): Promise<void>;
}

export async function startSilentProxy(url: string): Promise<SilentProxy> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  const open = new Set<{ silent: boolean }>();
  let count = 0;
  const server: Server = createServer((client) => {
    count++;
    const flow = { silent: false };
    open.add(flow);
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on('data', (chunk: Buffer) => flow.silent || to.write(chunk));
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return {
    url: proxied.toString(),
    silenceOpenConnections: () => open.forEach((flow) => (flow.silent = true)),
    connections: () => count,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
