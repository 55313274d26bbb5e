import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../components/error-box';
import type { CreatedApiKey, Scope } from '../types';

const SCOPES: { id: Scope; label: string }[] = [
  { id: 'read', label: 'read: every GET under /api/v1' },
  { id: 'invoke', label: 'invoke: read, and run tools (invoke, tasks)' },
  { id: 'mcp', label: 'mcp: the MCP endpoints (limited to the toolsets below, if any)' },
  { id: 'admin', label: 'admin: everything, like the admin token' },
];

/** Make a key: name, scopes, toolsets for the mcp scope, optional expiry. */
export function KeyForm({ onCreated }: { onCreated(created: CreatedApiKey): void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['mcp']);
  const [toolsets, setToolsets] = useState('');
  const [expires, setExpires] = useState('');
  const [known, setKnown] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    // Only suggestions: toolsets may not exist on this service.
    api<{ id: string }[]>('GET', '/api/v1/toolsets')
      .then((list) => setKnown(list.map((t) => t.id)))
      .catch(() => undefined);
  }, []);

  const toggle = (scope: Scope, on: boolean) =>
    setScopes((s) => (on ? [...s, scope] : s.filter((x) => x !== scope)));

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const ids = toolsets
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    try {
      const created = await api<CreatedApiKey>('POST', '/api/v1/api-keys', {
        name,
        scopes,
        ...(ids.length > 0 && { toolsets: ids }),
        ...(expires && { expires_at: new Date(expires).toISOString() }),
      });
      setName('');
      setToolsets('');
      setExpires('');
      onCreated(created);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" aria-labelledby="key-form-title" onSubmit={(e) => void submit(e)}>
      <h2 id="key-form-title">New API key</h2>
      <div class="field">
        <label for="key-name">Name (who holds it)</label>
        <input id="key-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <fieldset>
        <legend>Scopes</legend>
        {SCOPES.map((s) => (
          <label key={s.id} class="switch">
            <input
              type="checkbox"
              name="scope"
              value={s.id}
              checked={scopes.includes(s.id)}
              onChange={(e) => toggle(s.id, e.currentTarget.checked)}
            />
            {s.label}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="key-toolsets">Toolsets (comma-separated ids; mcp scope only)</label>
        <small class="muted">A key bound to toolsets may hold only mcp and read.</small>
        <input
          id="key-toolsets"
          list="key-toolset-options"
          value={toolsets}
          onInput={(e) => setToolsets(e.currentTarget.value)}
        />
        <datalist id="key-toolset-options">
          {known.map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
      </div>
      <div class="field">
        <label for="key-expires">Expires (optional)</label>
        <input
          id="key-expires"
          type="datetime-local"
          value={expires}
          onInput={(e) => setExpires(e.currentTarget.value)}
        />
      </div>
      <div class="row">
        <button type="submit" class="primary" disabled={busy || !name || scopes.length === 0}>
          Create key
        </button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}
