import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../components/error-box';
import type { ExecTool, McpServer } from '../types';
import { bindingLabel } from './result-view';
import { RoutePanel } from './route-panel';
import { RunsList } from './runs-list';
import { ToolRunner } from './tool-runner';

/** Pick a tool, run it with a generated form, bind its route, and see recent runs. */
export function ExecutionPage() {
  const [tools, setTools] = useState<ExecTool[] | null>(null);
  const [servers, setServers] = useState<McpServer[]>([]);
  const [ran, setRan] = useState(0);
  const [selected, setSelected] = useState<string>('');
  const [error, setError] = useState<unknown>(null);

  const loadTools = useCallback(async () => {
    try {
      const list = await api<ExecTool[]>('GET', '/api/v1/execution/tools');
      setTools(list);
      setSelected((s) => s || (list.find((t) => t.name === 'mcp_tool') ?? list[0])?.name || '');
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  const loadRuns = useCallback(() => setRan((n) => n + 1), []);

  useEffect(() => {
    void loadTools();
    api<McpServer[]>('GET', '/api/v1/integrations/mcp-servers')
      .then(setServers)
      .catch(() => setServers([]));
  }, [loadTools]);

  const tool = tools?.find((t) => t.name === selected);
  const groups = [
    { label: 'Proxy', items: tools?.filter((t) => t.name === 'mcp_tool') ?? [] },
    {
      label: 'Routed to MCP',
      items: tools?.filter((t) => t.name !== 'mcp_tool' && t.binding.kind === 'mcp') ?? [],
    },
    {
      label: 'Local',
      items: tools?.filter((t) => t.name !== 'mcp_tool' && t.binding.kind === 'local') ?? [],
    },
  ].filter((g) => g.items.length > 0);

  return (
    <section aria-labelledby="execution-title">
      <h1 id="execution-title">Execution</h1>
      <ErrorBox error={error} title="Could not load the tools." />
      {tools === null && !error && <p>Loading…</p>}
      {tools && (
        <div class="exec-grid">
          <div class="card">
            <label for="tool-select">Tool</label>
            <select
              id="tool-select"
              value={selected}
              onChange={(e) => setSelected((e.currentTarget as HTMLSelectElement).value)}
            >
              {groups.map((g) => (
                <optgroup key={g.label} label={g.label}>
                  {g.items.map((t) => (
                    <option key={t.name} value={t.name}>
                      {t.name}
                      {t.available ? '' : ' (unavailable)'}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            {tool && (
              <>
                <p>{tool.description}</p>
                <p class="muted">
                  {tool.name === 'mcp_tool'
                    ? 'Proxy: calls the chosen tool of an enabled MCP server.'
                    : `Runs ${bindingLabel(tool.binding)}.`}
                </p>
                {!tool.available && (
                  <p class="warning" role="note">
                    Unavailable: {tool.unavailable_reason ?? 'no reason given'}
                  </p>
                )}
                <ToolRunner key={tool.name} tool={tool} servers={servers} onRan={loadRuns} />
              </>
            )}
          </div>
          <div>
            {tool && tool.name !== 'mcp_tool' && (
              <RoutePanel tool={tool} servers={servers} onChange={loadTools} />
            )}
            <RunsList
              tools={tools.map((t) => t.name)}
              servers={servers.map((s) => s.id)}
              refreshKey={ran}
            />
          </div>
        </div>
      )}
    </section>
  );
}
