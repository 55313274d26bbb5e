import { useEffect, useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import type { ServerTool } from '../types';
import { ToolReview } from './tool-review';

/** The tools of a running server; reloaded when the server's state or a tool's pin changes. */
export function ToolList({ serverId, refreshKey }: { serverId: string; refreshKey: string }) {
  const [tools, setTools] = useState<ServerTool[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reloads, setReloads] = useState(0);

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
  }, [serverId, refreshKey, reloads]);

  const held = tools?.filter((t) => t.pin && t.pin.state !== 'pinned') ?? [];
  return (
    <section class="tools" aria-label={`Tools of ${serverId}`}>
      <ErrorBox error={error} title="Could not list the tools." />
      {tools === null && !error && <p>Loading tools…</p>}
      {tools?.length === 0 && <p>This server offers no tools.</p>}
      {held.map((t) => (
        <ToolReview
          key={t.name}
          serverId={serverId}
          tool={t}
          onApproved={() => setReloads((n) => n + 1)}
        />
      ))}
      {tools && tools.length > 0 && (
        <ul class="tool-list">
          {tools.map((t) => (
            <li key={t.name}>
              <code>{t.name}</code>
              {t.pin && t.pin.state !== 'pinned' && (
                <span class="badge badge-warn">
                  {' '}
                  {t.pin.state === 'new' ? 'new, held' : 'changed, held'}
                </span>
              )}
              {t.description && <span class="muted"> {t.description}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
