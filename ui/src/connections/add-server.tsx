import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../components/error-box';
import type { ImportResult, McpServer } from '../types';

const BASE = '/api/v1/integrations/mcp-servers';
const STDIO_NOTE =
  'A stdio server runs a command on this computer, so Patchbay accepts one from here only when it was started with PATCHBAY_ALLOW_STDIO_FROM_API=true.';

/** "Add server": a form, or a client config snippet previewed (dry run) before it is saved. */
export function AddServer({ onCreated }: { onCreated(servers: McpServer[]): void }) {
  const [tab, setTab] = useState<'form' | 'snippet'>('snippet');
  return (
    <section class="card add-server" aria-label="Add server">
      <div class="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'snippet'}
          onClick={() => setTab('snippet')}
        >
          Paste a config snippet
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'form'}
          onClick={() => setTab('form')}
        >
          Form
        </button>
      </div>
      {tab === 'snippet' ? <SnippetTab onCreated={onCreated} /> : <FormTab onCreated={onCreated} />}
      <p class="muted">{STDIO_NOTE}</p>
    </section>
  );
}

function SnippetTab({ onCreated }: { onCreated(servers: McpServer[]): void }) {
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);

  const send = async (dryRun: boolean) => {
    setError(null);
    try {
      const result = await api<ImportResult>('POST', `${BASE}/import?dry_run=${dryRun}`, {
        snippet: text,
      });
      if (dryRun) setPreview(result);
      else {
        setDone(result);
        setPreview(null);
        onCreated(result.created);
      }
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div>
      <label>
        The <code>mcpServers</code> (Claude Desktop, Cursor) or <code>servers</code> (VS Code)
        snippet from a server's README
        <textarea
          value={text}
          onInput={(e) => {
            setText((e.target as HTMLTextAreaElement).value);
            setPreview(null);
          }}
        />
      </label>
      <div class="row">
        <button type="button" disabled={!text.trim()} onClick={() => void send(true)}>
          Preview
        </button>
        <button
          type="button"
          class="primary"
          disabled={!preview || preview.created.length === 0}
          onClick={() => void send(false)}
        >
          Import
        </button>
      </div>
      <ErrorBox error={error} />
      {preview && <ImportSummary result={preview} />}
      {done && <ImportSummary result={done} />}
    </div>
  );
}

function ImportSummary({ result }: { result: ImportResult }) {
  return (
    <div class="import-summary" role="status">
      <p>
        {result.dry_run ? 'Would create' : 'Created'}:{' '}
        {result.created.length
          ? result.created.map((s) => `${s.id} (${s.transport})`).join(', ')
          : 'nothing'}
      </p>
      {result.placements.length > 0 && (
        <ul class="plain-list">
          {result.placements.map((p) => (
            <li key={`${p.id}.${p.field}`}>
              <code>{p.id}</code> <code>{p.field}</code> → {p.to}
            </li>
          ))}
        </ul>
      )}
      {result.skipped.map((s) => (
        <p key={s.id} class="muted">
          Skipped <code>{s.id}</code>: {s.reason}
        </p>
      ))}
    </div>
  );
}

function FormTab({ onCreated }: { onCreated(servers: McpServer[]): void }) {
  const [f, setF] = useState({
    id: '',
    name: '',
    transport: 'streamable_http',
    url: '',
    command: '',
    args: '',
  });
  const [error, setError] = useState<unknown>(null);
  const set = (key: keyof typeof f) => (e: Event) =>
    setF({ ...f, [key]: (e.target as HTMLInputElement).value });
  const stdio = f.transport === 'stdio';

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const launch = stdio
      ? {
          command: f.command,
          args: f.args
            .split('\n')
            .map((a) => a.trim())
            .filter(Boolean),
        }
      : { url: f.url };
    try {
      const server = await api<McpServer>('POST', BASE, {
        id: f.id,
        ...(f.name && { name: f.name }),
        transport: f.transport,
        ...launch,
      });
      onCreated([server]);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)}>
      <label>
        Id{' '}
        <input value={f.id} onInput={set('id')} required pattern="[A-Za-z0-9][A-Za-z0-9_-]{0,63}" />
      </label>
      <label>
        Name <input value={f.name} onInput={set('name')} />
      </label>
      <label>
        Transport{' '}
        <select value={f.transport} onChange={set('transport')}>
          <option value="streamable_http">streamable HTTP</option>
          <option value="sse">SSE</option>
          <option value="stdio">stdio (a command on this host)</option>
        </select>
      </label>
      {stdio ? (
        <>
          <label>
            Command <input value={f.command} onInput={set('command')} required />
          </label>
          <label>
            Arguments, one a line <textarea value={f.args} onInput={set('args')} />
          </label>
        </>
      ) : (
        <label>
          URL <input type="url" value={f.url} onInput={set('url')} required />
        </label>
      )}
      <p class="muted">
        Credentials (tokens, keys) are set on the server's card once it exists; they are stored
        encrypted.
      </p>
      <button type="submit" class="primary">
        Add server
      </button>
      <ErrorBox error={error} />
    </form>
  );
}
