import { useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import { StatusBadge } from '../components/status-badge';
import type { Integration, McpServer, ServerStatus } from '../types';
import { CredentialsForm } from './credentials-form';
import { EditLaunch } from './edit-launch';
import { OAuthPanel } from './oauth-panel';
import { ToolList } from './tool-list';

interface Props {
  server: McpServer;
  integration?: Integration;
  onChange(server: McpServer): void;
  onRemoved(id: string): void;
  /** Tools of this server held by pinning (from `event: tool_pin`), and a counter of pin events. */
  held: number;
  pinEvents: number;
}

/** One MCP server: enable toggle, live status, launch details, tools and credentials. */
export function ServerCard(props: Props) {
  const { server, integration, onChange, held } = props;
  const [busy, setBusy] = useState<'toggle' | 'check' | 'delete' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [showTools, setShowTools] = useState(false);
  // The switch shows the asked-for value while the PATCH is on its way.
  const [pending, setPending] = useState<boolean | null>(null);
  const base = `/api/v1/integrations/mcp-servers/${seg(server.id)}`;
  const titleId = `server-${server.id}-title`;

  const run = async (kind: 'toggle' | 'check' | 'delete', action: () => Promise<void>) => {
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

  const remove = () =>
    run('delete', async () => {
      await api('DELETE', base);
      props.onRemoved(server.id);
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
        {held > 0 && (
          <p class="review-flag" role="status">
            Tool changed — review ({held} held)
          </p>
        )}
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
          {showTools || held > 0 ? 'Hide tools' : 'Show tools'}
        </button>
        {server.source === 'config' && (
          <button
            type="button"
            aria-expanded={editing}
            aria-describedby={titleId}
            onClick={() => setEditing(!editing)}
          >
            {editing ? 'Close edit' : 'Edit'}
          </button>
        )}
        {server.source === 'config' && !confirming && (
          <button type="button" aria-describedby={titleId} onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
      {editing && (
        <EditLaunch
          server={server}
          onSaved={(s) => {
            onChange(s);
            setEditing(false);
          }}
        />
      )}
      {confirming && (
        <div class="row" role="alertdialog" aria-label={`Delete ${server.name}?`}>
          <span>
            Delete <strong>{server.id}</strong>? Its process stops and its stored credentials and
            tool pins are forgotten.
          </span>
          <button type="button" class="danger" disabled={busy === 'delete'} onClick={remove}>
            {busy === 'delete' ? 'Deleting…' : 'Delete for good'}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      <ErrorBox error={error} />
      {(showTools || held > 0) && (
        <ToolList serverId={server.id} refreshKey={`${server.status.state}:${props.pinEvents}`} />
      )}
      {server.transport !== 'stdio' && <OAuthPanel server={server} onChange={onChange} />}
      {server.credentials.length > 0 && <CredentialsForm server={server} onChange={onChange} />}
    </article>
  );
}
