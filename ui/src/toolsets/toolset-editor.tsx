import { useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import type { Toolset } from '../types';
import { snippets } from './snippets';

interface Props {
  toolset: Toolset | null;
  toolNames: string[];
  onSaved(id: string): void;
  onDeleted(): void;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Create or edit one toolset: pick tools, save, copy the endpoint and client configs. */
export function ToolsetEditor({ toolset, toolNames, onSaved, onDeleted }: Props) {
  const [id, setId] = useState(toolset?.id ?? '');
  const [name, setName] = useState(toolset?.name ?? '');
  const [description, setDescription] = useState(toolset?.description ?? '');
  const [tools, setTools] = useState<Set<string>>(new Set(toolset?.tools ?? []));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');

  const toggle = (tool: string) =>
    setTools((now) => {
      const next = new Set(now);
      if (!next.delete(tool)) next.add(tool);
      return next;
    });

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(async () => {
      const body = { name, description, tools: [...tools].sort() };
      const saved = await api<Toolset>('PUT', `/api/v1/toolsets/${seg(id)}`, body);
      setNote(`Saved "${saved.name}".`);
      onSaved(saved.id);
    });

  const remove = () =>
    run(async () => {
      await api<void>('DELETE', `/api/v1/toolsets/${seg(id)}`);
      onDeleted();
    });

  // Names the toolset keeps but no tool has now (a server down, a tool removed) stay listed.
  const all = [...new Set([...toolNames, ...tools])].sort();
  const url = `${location.origin}/mcp/toolsets/${id || '<id>'}`;
  return (
    <form
      class="card"
      aria-labelledby="toolset-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="toolset-title">{toolset ? `Toolset ${toolset.id}` : 'New toolset'}</h2>
      <div class="field">
        <label for="toolset-id">Id</label>
        <input
          id="toolset-id"
          value={id}
          disabled={toolset !== null}
          onInput={(e) => setId((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <div class="field">
        <label for="toolset-name">Name</label>
        <input
          id="toolset-name"
          value={name}
          onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <div class="field">
        <label for="toolset-description">Description</label>
        <input
          id="toolset-description"
          value={description}
          onInput={(e) => setDescription((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <fieldset class="toolset-tools">
        <legend>
          Tools ({tools.size} of {all.length})
        </legend>
        {all.map((tool) => (
          <label key={tool} class="check">
            <input type="checkbox" checked={tools.has(tool)} onChange={() => toggle(tool)} /> {tool}
          </label>
        ))}
      </fieldset>
      <div class="row">
        <button type="submit" disabled={busy || !ID.test(id) || !name}>
          Save toolset
        </button>
        <button type="button" disabled={busy || !toolset} onClick={() => void remove()}>
          Delete
        </button>
        <span role="status" class="muted">
          {note}
        </span>
      </div>
      <ErrorBox error={error} />
      <h3>Connect a client</h3>
      <p>
        Endpoint: <code data-testid="toolset-url">{url}</code>{' '}
        <button type="button" onClick={() => void navigator.clipboard?.writeText(url)}>
          Copy URL
        </button>
      </p>
      {snippets(url, `patchbay-${id || 'toolset'}`).map((s) => (
        <details key={s.client}>
          <summary>{s.client}</summary>
          <pre>{s.text}</pre>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(s.text)}>
            Copy
          </button>
        </details>
      ))}
    </form>
  );
}
