import { useRef, useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import type { CredentialInfo, McpServer } from '../types';

interface Props {
  server: McpServer;
  onChange(server: McpServer): void;
}

/** Write-only credential fields: they show configured or missing, never a value. */
export function CredentialsForm({ server, onChange }: Props) {
  return (
    <section class="credentials" aria-label={`Credentials of ${server.name}`}>
      <h3>Credentials</h3>
      {server.credentials.map((c) => (
        <CredentialRow key={c.name} server={server} credential={c} onChange={onChange} />
      ))}
    </section>
  );
}

function CredentialRow({ server, credential, onChange }: Props & { credential: CredentialInfo }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const base = `/api/v1/integrations/mcp-servers/${seg(server.id)}`;
  const id = `cred-${server.id}-${credential.name}`;

  const act = async (method: 'PUT' | 'DELETE') => {
    const value = input.current?.value ?? '';
    if (method === 'PUT' && value === '') {
      setError(new Error('Type a value first.'));
      return;
    }
    // The value leaves the page at once: it is only in this request, whatever the outcome.
    if (input.current) input.current.value = '';
    setBusy(true);
    setError(null);
    setNote('');
    try {
      const path = `${base}/credentials/${seg(credential.name)}`;
      await api<void>(method, path, method === 'PUT' ? { value } : undefined);
      setNote(method === 'PUT' ? 'Saved.' : 'Removed.');
      onChange(await api<McpServer>('GET', base));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const state = credential.configured
    ? `configured${credential.source ? ` (${credential.source === 'env' ? 'environment' : 'stored'})` : ''}`
    : 'missing';
  return (
    <form
      class="cred"
      data-credential={credential.name}
      onSubmit={(e) => {
        e.preventDefault();
        void act('PUT');
      }}
    >
      <label for={id}>
        <code>{credential.name}</code>
        {credential.required && <span class="muted"> (required)</span>}
      </label>
      <span
        class={`cred-state ${credential.configured ? 'ok' : 'missing'}`}
        data-testid="credential-state"
      >
        {state}
      </span>
      {/* Lets password managers tell these fields apart; never holds a secret. */}
      <input
        type="text"
        class="visually-hidden"
        autoComplete="username"
        value={`${server.id}/${credential.name}`}
        readOnly
        tabIndex={-1}
        aria-hidden="true"
      />
      <input
        id={id}
        ref={input}
        type="password"
        autoComplete="new-password"
        placeholder={credential.configured ? 'Enter a new value to replace it' : 'Enter a value'}
        disabled={busy}
      />
      <div class="row">
        <button type="submit" disabled={busy} aria-label={`Save ${credential.name}`}>
          Save
        </button>
        <button
          type="button"
          disabled={busy || credential.source !== 'store'}
          aria-label={`Remove ${credential.name}`}
          onClick={() => void act('DELETE')}
        >
          Remove
        </button>
        <span role="status" class="muted">
          {note}
        </span>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}
