import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import type { ExecTool, McpServer, ServerTool, Toolset } from '../types';
import { ToolsetEditor } from './toolset-editor';
import { serverToolName } from './snippets';

/** Every tool name /mcp offers now: the registry's and each enabled server's (`id__tool`). */
async function loadToolNames(): Promise<string[]> {
  const [tools, servers] = await Promise.all([
    api<ExecTool[]>('GET', '/api/v1/execution/tools'),
    api<McpServer[]>('GET', '/api/v1/integrations/mcp-servers'),
  ]);
  const names = tools.filter((t) => t.available).map((t) => t.name);
  const lists = await Promise.all(
    servers
      .filter((s) => s.enabled)
      .map((s) =>
        api<ServerTool[]>('GET', `/api/v1/integrations/mcp-servers/${seg(s.id)}/tools`)
          .then((list) => list.map((t) => serverToolName(s.id, t.name)))
          // A server that is down is left out, as /mcp leaves it out.
          .catch(() => [] as string[]),
      ),
  );
  return [...names, ...lists.flat()];
}

/** Toolsets: named subsets of the /mcp tools, each served at /mcp/toolsets/{id}. */
export function ToolsetsPage() {
  const [sets, setSets] = useState<Toolset[] | null>(null);
  const [names, setNames] = useState<string[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const [list, tools] = await Promise.all([
        api<Toolset[]>('GET', '/api/v1/toolsets'),
        loadToolNames(),
      ]);
      setSets(list);
      setNames(tools);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => void load(), [load]);

  const current = sets?.find((s) => s.id === selected) ?? null;
  return (
    <>
      <h1>Toolsets</h1>
      <p class="muted">
        An MCP client connected to <code>/mcp/toolsets/&lt;id&gt;</code> sees only the tools its
        toolset names. <code>/mcp</code> offers them all.
      </p>
      <ErrorBox error={error} />
      <div class="exec-grid">
        <div class="card">
          <h2>Saved toolsets</h2>
          {sets === null ? (
            <p class="muted">Loading…</p>
          ) : (
            <ul class="toolset-list">
              {sets.map((s) => (
                <li key={s.id}>
                  <button
                    type="button"
                    aria-pressed={s.id === selected}
                    onClick={() => setSelected(s.id)}
                  >
                    {s.name} ({s.id}) · {s.tools.length} tools
                  </button>
                </li>
              ))}
              <li>
                <button
                  type="button"
                  aria-pressed={selected === null}
                  onClick={() => setSelected(null)}
                >
                  New toolset…
                </button>
              </li>
            </ul>
          )}
        </div>
        <ToolsetEditor
          key={current?.id ?? 'new'}
          toolset={current}
          toolNames={names}
          onSaved={(id) => {
            setSelected(id);
            void load();
          }}
          onDeleted={() => {
            setSelected(null);
            void load();
          }}
        />
      </div>
    </>
  );
}
