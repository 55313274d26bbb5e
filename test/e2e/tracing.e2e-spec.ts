import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { fixtureScript } from '../helpers/fixtures';
import { startApp, TestApp } from '../helpers/test-app';
import { HttpFixture, startHttpFixture } from './secrets.support';

type Attr = { key: string; value: { stringValue?: string; intValue?: number | string } };
type OtlpSpan = {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes?: Attr[];
};

/** A minimal OTLP/HTTP receiver (JSON encoding, as the HTTP exporter sends). */
async function startReceiver(): Promise<{ url: string; spans: OtlpSpan[]; server: Server }> {
  const spans: OtlpSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
        };
        for (const r of body.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, server };
}

const attr = (span: OtlpSpan, key: string) => {
  const v = span.attributes?.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : undefined);
};
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;
const INCOMING_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('OpenTelemetry with OTEL_EXPORTER_OTLP_ENDPOINT (in-test OTLP receiver)', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let http: HttpFixture;
  let t: TestApp;

  beforeAll(async () => {
    receiver = await startReceiver();
    http = await startHttpFixture({ AUTH_HEADER: 'traceparent' });
    t = await startApp({
      servers: {
        web: { name: 'Web', transport: 'streamable_http', url: http.url, enabled: true },
        meta: {
          name: 'Meta',
          transport: 'stdio',
          command: process.execPath,
          args: [fixtureScript('trace-meta.mjs')],
          enabled: true,
        },
      },
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    });
  });
  afterAll(async () => {
    await t?.close();
    await http?.close();
    await new Promise((r) => receiver?.server.close(r));
  });

  it('sends traceparent on, exports a span per request and per tool call', async () => {
    const invoke = (server_id: string, tool_name: string, headers: Record<string, string> = {}) =>
      t.http
        .post('/api/v1/execution/tools/mcp_tool/invoke')
        .set(headers)
        .send({ args: { server_id, tool_name, args: {} } })
        .expect(200);
    const web = (await invoke('web', 'echo-header')).body;
    const sent = TRACEPARENT.exec(String(web.content[0].text).replace('received ', ''));
    expect(sent).not.toBeNull();
    const incoming = `00-${INCOMING_TRACE}-00f067aa0ba902b7-01`;
    const meta = (await invoke('meta', 'meta', { traceparent: incoming })).body;
    const inMeta = TRACEPARENT.exec(String(meta.structured_content.meta.traceparent));
    expect(inMeta?.[1]).toBe(INCOMING_TRACE); // the caller's trace continues
    await t.close(); // flushes the batch
    t = undefined as unknown as TestApp;

    const spans = receiver.spans;
    const toolSpan = spans.find((s) => attr(s, 'patchbay.run_id') === web.run_id);
    expect(toolSpan).toBeDefined();
    expect(toolSpan!.name).toBe('tool_call');
    expect(attr(toolSpan!, 'patchbay.tool')).toBe('mcp_tool');
    expect(attr(toolSpan!, 'patchbay.server_id')).toBe('web');
    expect(attr(toolSpan!, 'patchbay.outcome')).toBe('ok');
    expect(toolSpan!.traceId).toBe(sent![1]);
    const request = spans.find((s) => s.spanId === toolSpan!.parentSpanId);
    expect(request?.name).toBe('POST /api/v1/execution/tools/:name/invoke');
    expect(attr(request!, 'http.response.status_code')).toBe(200);
    const metaSpan = spans.find((s) => attr(s, 'patchbay.run_id') === meta.run_id);
    expect(metaSpan?.traceId).toBe(INCOMING_TRACE);
    expect(attr(metaSpan!, 'patchbay.server_id')).toBe('meta');
  });
});
