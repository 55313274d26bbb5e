import { useEffect, useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import type { ServerTool } from '../types';

/** The tools of a running server; reloaded when the server's state changes. */
export function ToolList({ serverId, refreshKey }: { serverId: string; refreshKey: string }) {
  const [tools, setTools] = useState<ServerTool[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    api<ServerTool[]>('GET', `/api/v1/integrations/mcp-servers/${seg(serverId)}/tools`)
      .then((t) => live && setTools(t))
      .catch((e: unknown) => {
        if (!live) return;
        setTools(null);
        setError(e);
      });
    return () => {
      live = false;
    };
  }, [serverId, refreshKey]);

  return (
    <section class="tools" aria-label={`Tools of ${serverId}`}>
      <ErrorBox error={error} title="Could not list the tools." />
      {tools === null && !error && <p>Loading tools…</p>}
      {tools?.length === 0 && <p>This server offers no tools.</p>}
      {tools && tools.length > 0 && (
        <ul class="tool-list">
          {tools.map((t) => (
            <li key={t.name}>
              <code>{t.name}</code>
              {t.description && <span class="muted"> {t.description}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
