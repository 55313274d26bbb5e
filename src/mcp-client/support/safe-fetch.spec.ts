import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createSafeFetch } from './safe-fetch';

function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ srv: Server; url: string }> {
  const srv = createServer(handler);
  return new Promise((resolve) =>
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      resolve({ srv, url: `http://127.0.0.1:${port}` });
    }),
  );
}

describe('createSafeFetch', () => {
  let a: { srv: Server; url: string };
  let b: { srv: Server; url: string };
  let hitsOnB = 0;

  beforeAll(async () => {
    b = await listen((_req, res) => {
      hitsOnB++;
      res.end('b');
    });
    a = await listen((req, res) => {
      if (req.url === '/away') res.writeHead(307, { location: `${b.url}/x` }).end();
      else if (req.url === '/here') res.writeHead(307, { location: '/final' }).end();
      else res.end(`a${req.url}:${req.method}`);
    });
  });

  afterAll(async () => {
    await new Promise((r) => a.srv.close(r));
    await new Promise((r) => b.srv.close(r));
  });

  it('follows a redirect within the origin', async () => {
    const res = await createSafeFetch()(`${a.url}/here`, { method: 'POST', body: '{}' });
    expect(await res.text()).toBe('a/final:POST');
  });

  it('refuses a redirect to another origin without contacting it', async () => {
    await expect(createSafeFetch()(`${a.url}/away`, {})).rejects.toThrow(/another origin/);
    expect(hitsOnB).toBe(0);
  });

  it('gives each request its own signal and unlinks it when the body is read', async () => {
    const shared = new AbortController();
    let added = 0;
    let removed = 0;
    const add = shared.signal.addEventListener.bind(shared.signal);
    const remove = shared.signal.removeEventListener.bind(shared.signal);
    shared.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      added++;
      add(...args);
    }) as typeof add;
    shared.signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      removed++;
      remove(...args);
    }) as typeof remove;
    const fetchSafe = createSafeFetch((url, init) => {
      expect(init?.signal).not.toBe(shared.signal);
      return fetch(url, init);
    });
    for (let i = 0; i < 5; i++) {
      await (await fetchSafe(`${a.url}/n`, { signal: shared.signal })).text();
    }
    expect(added).toBe(5);
    expect(removed).toBe(5);
  });

  it('aborts the request when the shared signal aborts', async () => {
    const shared = new AbortController();
    shared.abort(new Error('closing'));
    await expect(createSafeFetch()(`${a.url}/n`, { signal: shared.signal })).rejects.toThrow();
  });
});
