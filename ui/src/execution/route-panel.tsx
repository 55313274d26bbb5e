import { useEffect, useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import type { ExecTool, McpServer, Route, ServerTool } from '../types';

interface Props {
  tool: ExecTool;
  servers: McpServer[];
  onChange(): void;
}

/** Bind a logical tool to an MCP server's tool, or unbind it to run its local code. */
export function RoutePanel({ tool, servers, onChange }: Props) {
  const bound = tool.binding.kind === 'mcp' ? tool.binding : null;
  const fallback = (servers.find((s) => s.enabled) ?? servers[0])?.id ?? '';
  const [serverId, setServerId] = useState(bound?.server_id ?? fallback);
  const [toolName, setToolName] = useState(bound?.tool_name ?? '');
  const [options, setOptions] = useState<ServerTool[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');

  useEffect(() => {
    setServerId(bound?.server_id ?? fallback);
    setToolName(bound?.tool_name ?? '');
  }, [tool.name, bound?.server_id, bound?.tool_name, servers.length]);

  useEffect(() => {
    setOptions([]);
    if (!serverId) return;
    let live = true;
    // Only suggestions: a disabled server cannot list, and binding still works.
    api<ServerTool[]>('GET', `/api/v1/integrations/mcp-servers/${seg(serverId)}/tools`)
      .then((list) => live && setOptions(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [serverId]);

  const act = async (method: 'PUT' | 'DELETE') => {
    setBusy(true);
    setError(null);
    setNote('');
    try {
      const path = `/api/v1/execution/routes/${seg(tool.name)}`;
      if (method === 'PUT') {
        const route = await api<Route>('PUT', path, { server_id: serverId, tool_name: toolName });
        setNote(`Bound to ${route.server_id} / ${route.tool_name}.`);
      } else {
        await api<void>('DELETE', path);
        setNote('Unbound; it runs locally again.');
      }
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="card"
      aria-labelledby="route-title"
      onSubmit={(e) => {
        e.preventDefault();
        void act('PUT');
      }}
    >
      <h2 id="route-title">Route for {tool.name}</h2>
      <p class="muted">
        {bound
          ? `Bound to ${bound.server_id} / ${bound.tool_name}.`
          : 'Not bound: it runs its local implementation.'}
      </p>
      <div class="field">
        <label for="route-server">MCP server</label>
        <select
          id="route-server"
          value={serverId}
          onChange={(e) => setServerId((e.currentTarget as HTMLSelectElement).value)}
        >
          {servers.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.id})
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="route-tool">Server tool name</label>
        <input
          id="route-tool"
          list="route-tool-options"
          value={toolName}
          onInput={(e) => setToolName((e.currentTarget as HTMLInputElement).value)}
        />
        <datalist id="route-tool-options">
          {options.map((t) => (
            <option key={t.name} value={t.name} />
          ))}
        </datalist>
      </div>
      <div class="row">
        <button type="submit" disabled={busy || !serverId || !toolName}>
          Bind route
        </button>
        <button type="button" disabled={busy || !bound} onClick={() => void act('DELETE')}>
          Unbind
        </button>
        <span role="status" class="muted">
          {note}
        </span>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}
