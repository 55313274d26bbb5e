import { useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import { StatusBadge } from '../components/status-badge';
import type { Integration, McpServer, ServerStatus } from '../types';
import { CredentialsForm } from './credentials-form';
import { OAuthPanel } from './oauth-panel';
import { ToolList } from './tool-list';

interface Props {
  server: McpServer;
  integration?: Integration;
  onChange(server: McpServer): void;
}

/** One MCP server: enable toggle, live status, launch details, tools and credentials. */
export function ServerCard({ server, integration, onChange }: Props) {
  const [busy, setBusy] = useState<'toggle' | 'check' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [showTools, setShowTools] = useState(false);
  // The switch shows the asked-for value while the PATCH is on its way.
  const [pending, setPending] = useState<boolean | null>(null);
  const base = `/api/v1/integrations/mcp-servers/${seg(server.id)}`;
  const titleId = `server-${server.id}-title`;

  const run = async (kind: 'toggle' | 'check', action: () => Promise<void>) => {
    setBusy(kind);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const toggle = () => {
    const enabled = !(pending ?? server.enabled);
    setPending(enabled);
    void run('toggle', async () => {
      onChange(await api<McpServer>('PATCH', base, { enabled }));
    }).then(() => setPending(null));
  };

  const check = () =>
    run('check', async () => {
      const status = await api<ServerStatus>('POST', `${base}/health-check`);
      onChange({ ...server, status });
    });

  return (
    <article class="card" aria-labelledby={titleId} data-server-id={server.id}>
      <div class="card-head">
        <div>
          <h2 id={titleId}>{server.name}</h2>
          <p class="muted">
            <code>{server.id}</code>
            {integration && ` · integration: ${integration.name}`} · {server.source}
          </p>
        </div>
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            checked={pending ?? server.enabled}
            aria-describedby={titleId}
            disabled={busy === 'toggle'}
            onChange={toggle}
          />
          <span>Enabled</span>
        </label>
      </div>
      {server.description && <p>{server.description}</p>}
      <div aria-live="polite">
        <StatusBadge status={server.status} />
      </div>
      <dl class="facts">
        <dt>Transport</dt>
        <dd>{server.transport}</dd>
        {server.transport === 'stdio' ? (
          <>
            <dt>Command</dt>
            <dd>
              <code class="wrap">{[server.command ?? '', ...(server.args ?? [])].join(' ')}</code>
            </dd>
          </>
        ) : (
          <>
            <dt>URL</dt>
            <dd>
              <code class="wrap">{server.url}</code>
            </dd>
          </>
        )}
      </dl>
      <div class="row">
        <button
          type="button"
          onClick={check}
          disabled={busy === 'check'}
          aria-describedby={titleId}
        >
          {busy === 'check' ? 'Checking…' : 'Check now'}
        </button>
        <button
          type="button"
          aria-expanded={showTools}
          aria-describedby={titleId}
          onClick={() => setShowTools(!showTools)}
        >
          {showTools ? 'Hide tools' : 'Show tools'}
        </button>
      </div>
      <ErrorBox error={error} />
      {showTools && <ToolList serverId={server.id} refreshKey={server.status.state} />}
      {server.transport !== 'stdio' && <OAuthPanel server={server} onChange={onChange} />}
      {server.credentials.length > 0 && <CredentialsForm server={server} onChange={onChange} />}
    </article>
  );
}
