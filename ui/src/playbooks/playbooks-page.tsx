import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../components/error-box';
import type { PlaybookRun, PlaybookView } from '../types';
import { editable, triggerText } from './playbook-json';
import { PlaybookEditor } from './playbook-editor';
import { PlaybookRuns } from './playbook-runs';

/** Playbooks: the list (trigger, enabled, last and next run), a playbook's runs, the editor. */
export function PlaybooksPage() {
  const [list, setList] = useState<PlaybookView[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [runs, setRuns] = useState<PlaybookRun[]>([]);
  const [error, setError] = useState<unknown>(null);

  const load = async (focus = selected) => {
    try {
      setList(await api<PlaybookView[]>('GET', '/api/v1/playbooks'));
      if (focus) setRuns(await api<PlaybookRun[]>('GET', `/api/v1/playbooks/${focus}/runs`));
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => void load(), []);

  const select = (id: string) => {
    setCreating(false);
    setSelected(id);
    void load(id);
  };
  const toggle = async (p: PlaybookView) => {
    try {
      await api('PUT', `/api/v1/playbooks/${p.id}`, { ...editable(p), enabled: !p.enabled });
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const current = list?.find((p) => p.id === selected) ?? null;

  return (
    <>
      <div class="page-head">
        <h1>Playbooks</h1>
        <button
          type="button"
          onClick={() => {
            setSelected(null);
            setCreating(true);
          }}
        >
          New playbook
        </button>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <ErrorBox error={error} />
      {list?.length === 0 && <p class="muted">No playbooks yet.</p>}
      {list && list.length > 0 && (
        <div class="table-wrap">
          <table class="runs">
            <thead>
              <tr>
                <th scope="col">Playbook</th>
                <th scope="col">Trigger</th>
                <th scope="col">Enabled</th>
                <th scope="col">Last run</th>
                <th scope="col">Next run</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id} data-playbook-id={p.id}>
                  <td>
                    <button type="button" class="link" onClick={() => select(p.id)}>
                      {p.name}
                    </button>{' '}
                    <code class="muted">{p.id}</code>
                  </td>
                  <td>{triggerText(p)}</td>
                  <td>
                    <input
                      type="checkbox"
                      role="switch"
                      aria-label={`Enabled: ${p.name}`}
                      checked={p.enabled}
                      onChange={() => void toggle(p)}
                    />
                  </td>
                  <td>{p.last_run ? p.last_run.outcome : <span class="muted">never</span>}</td>
                  <td>{p.next_run_at ? new Date(p.next_run_at).toLocaleString() : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(current || creating) && (
        <PlaybookEditor
          key={current?.id ?? 'new'}
          playbook={current}
          onSaved={(id) => select(id)}
        />
      )}
      {current && (
        <section class="card" aria-label="Runs of the playbook">
          <h2>Runs of {current.name}</h2>
          <PlaybookRuns runs={runs} />
        </section>
      )}
    </>
  );
}
