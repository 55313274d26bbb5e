import { useEffect, useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import type { McpServer, ServerTool } from '../types';

export interface Target {
  serverId: string;
  toolName: string;
}

interface Props {
  servers: McpServer[];
  target: Target;
  errors: Record<string, string>;
  onTarget(target: Target, tool: ServerTool | undefined): void;
}

/** For the proxy tool: choose a server, then one of its tools (listed live from the server). */
export function McpTarget({ servers, target, errors, onTarget }: Props) {
  const [tools, setTools] = useState<ServerTool[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!target.serverId) return;
    let live = true;
    setTools(null);
    setError(null);
    api<ServerTool[]>('GET', `/api/v1/integrations/mcp-servers/${seg(target.serverId)}/tools`)
      .then((list) => {
        if (!live) return;
        setTools(list);
        const keep = list.find((t) => t.name === target.toolName) ?? list[0];
        onTarget({ serverId: target.serverId, toolName: keep?.name ?? '' }, keep);
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
    // Reload only when the server changes; picking a tool needs no request.
  }, [target.serverId]);

  const pick = (name: string) =>
    onTarget(
      { ...target, toolName: name },
      tools?.find((t) => t.name === name),
    );
  return (
    <fieldset class="target">
      <legend>MCP server tool to call</legend>
      <div class={`field${errors.server_id ? ' invalid' : ''}`}>
        <label for="target-server">Server</label>
        <select
          id="target-server"
          value={target.serverId}
          onChange={(e) =>
            onTarget(
              { serverId: (e.currentTarget as HTMLSelectElement).value, toolName: '' },
              undefined,
            )
          }
        >
          <option value="">Choose a server…</option>
          {servers.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.id}){s.enabled ? '' : ' (disabled)'}
            </option>
          ))}
        </select>
        {errors.server_id && <small class="field-error">{errors.server_id}</small>}
      </div>
      <div class={`field${errors.tool_name ? ' invalid' : ''}`}>
        <label for="target-tool">Server tool</label>
        <select
          id="target-tool"
          value={target.toolName}
          disabled={!tools}
          onChange={(e) => pick((e.currentTarget as HTMLSelectElement).value)}
        >
          {!tools && <option value="">{toolPrompt(target.serverId, error)}</option>}
          {tools && <option value="">Choose a tool…</option>}
          {tools?.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
        {errors.tool_name && <small class="field-error">{errors.tool_name}</small>}
      </div>
      <ErrorBox error={error} title="Could not list this server's tools." />
    </fieldset>
  );
}

function toolPrompt(serverId: string, error: unknown): string {
  if (!serverId) return '—';
  return error ? 'Could not list the tools' : 'Loading…';
}
