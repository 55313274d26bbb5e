import { useEffect, useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import type { ApiKey, CreatedApiKey } from '../types';
import { KeyForm } from './key-form';
import { NewKey } from './new-key';

const when = (iso: string | null, none: string) => (iso ? new Date(iso).toLocaleString() : none);

/** Access: scoped API keys for agents and services (made, shown once, listed, revoked). */
export function AccessPage() {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = () =>
    api<ApiKey[]>('GET', '/api/v1/api-keys')
      .then((list) => {
        setKeys(list);
        setError(null);
      })
      .catch(setError);

  useEffect(() => void load(), []);

  const revoke = async (key: ApiKey) => {
    if (!confirm(`Revoke "${key.name}"? Clients using it are refused at once.`)) return;
    try {
      await api<void>('DELETE', `/api/v1/api-keys/${seg(key.id)}`);
      await load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby="access-title">
      <h1 id="access-title">Access</h1>
      <p class="muted">
        API keys give an agent or a service only what it needs. Send one as{' '}
        <code>Authorization: Bearer &lt;key&gt;</code>.
      </p>
      {created ? (
        <NewKey created={created} onDone={() => setCreated(null)} />
      ) : (
        <KeyForm
          onCreated={(c) => {
            setCreated(c);
            void load();
          }}
        />
      )}
      <ErrorBox error={error} />
      <div class="card">
        <h2>Keys</h2>
        {keys && keys.length === 0 && <p class="muted">No keys yet.</p>}
        {keys && keys.length > 0 && (
          <table class="keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Scopes</th>
                <th>Toolsets</th>
                <th>Last used</th>
                <th>Expires</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} data-key-id={k.id}>
                  <td>{k.name}</td>
                  <td>{k.scopes.join(', ')}</td>
                  <td>{k.toolsets.join(', ') || 'all'}</td>
                  <td>{when(k.last_used_at, 'never')}</td>
                  <td>{k.expired ? 'expired' : when(k.expires_at, 'never')}</td>
                  <td>
                    <button type="button" onClick={() => void revoke(k)}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
