import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../components/error-box';
import { followEvents, StreamState } from '../sse';
import type { Integration, McpServer, ToolPinEvent } from '../types';
import { AddServer } from './add-server';
import { ServerCard } from './server-card';

const STREAM_LABEL: Record<StreamState, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live updates on',
  retrying: 'Live updates interrupted; retrying…',
};

/** Every integration and its MCP server, kept current by the server-sent event stream. */
export function ConnectionsPage() {
  const [servers, setServers] = useState<McpServer[] | null>(null);
  const [integrations, setIntegrations] = useState<Integration[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [stream, setStream] = useState<StreamState>('connecting');
  const wasLive = useRef(false);
  const [adding, setAdding] = useState(false);
  // Held tools per server, from `event: tool_pin`; the counter makes open tool lists reload.
  const [held, setHeld] = useState<Record<string, string[]>>({});
  const [pinEvents, setPinEvents] = useState(0);
  // Read by the event handler without re-subscribing the stream on every change.
  const serversRef = useRef(servers);
  serversRef.current = servers;

  const onPin = useCallback((e: ToolPinEvent) => {
    setHeld((all) => {
      const known =
        all[e.server_id] ?? serversRef.current?.find((s) => s.id === e.server_id)?.tools_held ?? [];
      const rest = known.filter((n) => n !== e.tool_name);
      return { ...all, [e.server_id]: e.pin.state === 'pinned' ? rest : [...rest, e.tool_name] };
    });
    setPinEvents((n) => n + 1);
  }, []);

  const removed = useCallback((id: string) => {
    setServers((list) => list && list.filter((s) => s.id !== id));
  }, []);

  const upsert = useCallback((server: McpServer) => {
    setServers((list) => {
      if (!list) return list;
      const i = list.findIndex((s) => s.id === server.id);
      return i < 0 ? [...list, server] : list.map((s) => (s.id === server.id ? server : s));
    });
  }, []);

  const load = useCallback(async () => {
    try {
      const [s, i] = await Promise.all([
        api<McpServer[]>('GET', '/api/v1/integrations/mcp-servers'),
        api<Integration[]>('GET', '/api/v1/integrations'),
      ]);
      setServers(s);
      setIntegrations(i);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    let stop: (() => void) | undefined;
    void load().then(() => {
      stop = followEvents('/api/v1/integrations/events', {
        onEvent: (event, data) => {
          if (event === 'server') upsert(JSON.parse(data) as McpServer);
          if (event === 'tool_pin') onPin(JSON.parse(data) as ToolPinEvent);
        },
        onState: (state) => {
          setStream(state);
          // Changes made while the stream was down are missed: catch up on reconnect.
          if (state === 'live' && wasLive.current) void load();
          if (state === 'live') wasLive.current = true;
        },
      });
    });
    return () => stop?.();
  }, [load, upsert, onPin]);

  const byId = new Map(integrations.map((i) => [i.id, i]));
  const withoutServer = integrations.filter((i) => !i.mcp_server);
  // Servers you configured come first; the order never depends on state, so cards don't jump.
  const ordered = servers && [
    ...servers.filter((s) => s.source === 'config'),
    ...servers.filter((s) => s.source !== 'config'),
  ];
  return (
    <section aria-labelledby="connections-title">
      <div class="page-head">
        <h1 id="connections-title">Connections</h1>
        <span class={`stream stream-${stream}`} role="status">
          {STREAM_LABEL[stream]}
        </span>
        <button type="button" aria-expanded={adding} onClick={() => setAdding(!adding)}>
          {adding ? 'Close' : 'Add server'}
        </button>
      </div>
      {adding && (
        <AddServer
          onCreated={(list) => {
            list.forEach(upsert);
            void load();
          }}
        />
      )}
      <ErrorBox error={error} />
      {servers === null && !error && <p>Loading…</p>}
      {servers?.length === 0 && <p>No MCP servers are configured.</p>}
      <div class="cards">
        {ordered?.map((s) => (
          <ServerCard
            key={s.id}
            server={s}
            integration={s.integration_id ? byId.get(s.integration_id) : undefined}
            onChange={upsert}
            onRemoved={removed}
            held={(held[s.id] ?? s.tools_held ?? []).length}
            pinEvents={pinEvents}
          />
        ))}
      </div>
      {withoutServer.length > 0 && (
        <section aria-labelledby="no-server-title">
          <h2 id="no-server-title">Integrations without an MCP server</h2>
          <ul class="plain-list">
            {withoutServer.map((i) => (
              <li key={i.id}>
                <strong>{i.name}</strong> {i.description} ({i.enabled ? 'enabled' : 'disabled'})
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
