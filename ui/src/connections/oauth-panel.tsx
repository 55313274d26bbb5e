import { useEffect, useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import { formatTime } from '../components/status-badge';
import type { McpServer, OAuthStatus } from '../types';

interface Props {
  server: McpServer;
  onChange(server: McpServer): void;
}

/**
 * Upstream OAuth of a remote server: "Connect" opens the authorization URL in a new tab
 * (the card turns healthy from the event stream once the callback ran), "Disconnect"
 * forgets the tokens. Shows scopes and expiry, never a token.
 */
export function OAuthPanel({ server, onChange }: Props) {
  const [oauth, setOauth] = useState<OAuthStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const base = `/api/v1/integrations/mcp-servers/${seg(server.id)}`;

  useEffect(() => {
    let live = true;
    api<OAuthStatus>('GET', `${base}/oauth`).then(
      (o) => live && setOauth(o),
      () => live && setOauth(null),
    );
    return () => {
      live = false;
    };
  }, [base, server.status.state]);

  if (!oauth || oauth.state === 'not_required') return null;

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const connect = () =>
    act(async () => {
      const { authorization_url } = await api<{ authorization_url: string | null }>(
        'POST',
        `${base}/oauth/authorize`,
      );
      if (authorization_url) window.open(authorization_url, '_blank', 'noopener');
      setOauth(await api<OAuthStatus>('GET', `${base}/oauth`));
    });

  const disconnect = () =>
    act(async () => {
      await api<void>('DELETE', `${base}/oauth`);
      setOauth(await api<OAuthStatus>('GET', `${base}/oauth`));
      onChange(await api<McpServer>('GET', base));
    });

  const authorized = oauth.state === 'authorized';
  return (
    <section class="oauth" aria-label={`OAuth of ${server.name}`} data-oauth-state={oauth.state}>
      <h3>OAuth</h3>
      <dl class="facts">
        <dt>Authorization</dt>
        <dd>{authorized ? 'Connected' : 'Not connected'}</dd>
        <dt>Scopes</dt>
        <dd>{oauth.scopes.length > 0 ? oauth.scopes.join(' ') : 'none'}</dd>
        {authorized && (
          <>
            <dt>Expires</dt>
            <dd>
              <time dateTime={oauth.expires_at ?? undefined}>
                {oauth.expires_at ? formatTime(oauth.expires_at) : 'no expiry given'}
              </time>
            </dd>
          </>
        )}
        {oauth.authorization_server && (
          <>
            <dt>Server</dt>
            <dd>
              <code class="wrap">{oauth.authorization_server}</code>
            </dd>
          </>
        )}
      </dl>
      <div class="row">
        {authorized ? (
          <button type="button" onClick={() => void disconnect()} disabled={busy}>
            Disconnect
          </button>
        ) : (
          <button type="button" class="primary" onClick={() => void connect()} disabled={busy}>
            Connect
          </button>
        )}
      </div>
      <ErrorBox error={error} />
    </section>
  );
}
