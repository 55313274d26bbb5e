import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../components/error-box';
import type { PlaybookRun, PlaybookView } from '../types';
import { NEW_PLAYBOOK, curlLine, editable } from './playbook-json';
import { PlaybookRuns } from './playbook-runs';

interface Props {
  playbook: PlaybookView | null;
  onSaved(id: string): void;
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

/** Edit a playbook as JSON (the API's field errors shown inline), dry run it, run it now. */
export function PlaybookEditor({ playbook, onSaved }: Props) {
  const [id, setId] = useState(playbook?.id ?? '');
  const [text, setText] = useState(pretty(playbook ? editable(playbook) : NEW_PLAYBOOK));
  const [eventText, setEventText] = useState('{}');
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<PlaybookRun | null>(null);
  const [secret, setSecret] = useState('');
  const [note, setNote] = useState('');

  const act = async (work: () => Promise<void>) => {
    setError(null);
    setNote('');
    try {
      await work();
    } catch (err) {
      setError(err);
    }
  };
  const parse = (value: string, what: string): unknown => {
    try {
      return JSON.parse(value);
    } catch {
      throw new Error(`The ${what} is not valid JSON.`);
    }
  };
  const path = `/api/v1/playbooks/${encodeURIComponent(id)}`;
  const save = () =>
    act(async () => {
      await api('PUT', path, parse(text, 'playbook'));
      setNote('Saved.');
      onSaved(id);
    });
  const run = (dryRun: boolean) =>
    act(async () => {
      const event = parse(eventText, 'event');
      setResult(await api<PlaybookRun>('POST', `${path}/run`, { event, dry_run: dryRun }));
    });
  const saveSecret = () =>
    act(async () => {
      await api('PUT', `${path}/webhook-secret`, { value: secret });
      setSecret('');
      setNote('Webhook secret stored.');
    });
  const hookUrl = `${location.origin}/hooks/${id}`;

  return (
    <section class="card" aria-label="Playbook editor">
      <label>
        Id <input value={id} disabled={!!playbook} onInput={(e) => setId(e.currentTarget.value)} />
      </label>
      <label class="block">
        Playbook (JSON)
        <textarea
          rows={14}
          class="code"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      <label class="block">
        Event for a manual run (JSON)
        <textarea
          rows={3}
          class="code"
          value={eventText}
          onInput={(e) => setEventText(e.currentTarget.value)}
        />
      </label>
      <div class="row">
        <button type="button" onClick={save} disabled={!id}>
          Save
        </button>
        <button type="button" onClick={() => run(true)} disabled={!playbook}>
          Dry run
        </button>
        <button type="button" onClick={() => run(false)} disabled={!playbook}>
          Run now
        </button>
      </div>
      {note && <p role="status">{note}</p>}
      <ErrorBox error={error} />
      {result && (
        <div role="region" aria-label="Run result">
          <PlaybookRuns runs={[result]} />
          <pre class="code" data-testid="rendered-args">
            {pretty(result.steps.map((s) => s.args))}
          </pre>
        </div>
      )}
      {playbook?.trigger.type === 'webhook' && (
        <div role="region" aria-label="Webhook">
          <p>
            Hook URL: <code>{hookUrl}</code>{' '}
            {playbook.webhook_secret_configured
              ? '(secret set)'
              : '(no secret yet: deliveries get 401)'}
          </p>
          <label>
            Webhook secret{' '}
            <input
              type="password"
              autocomplete="off"
              value={secret}
              onInput={(e) => setSecret(e.currentTarget.value)}
            />
          </label>{' '}
          <button type="button" onClick={saveSecret} disabled={secret.length < 16}>
            Store secret
          </button>
          <pre class="code" data-testid="curl-line">
            {curlLine(hookUrl)}
          </pre>
        </div>
      )}
    </section>
  );
}
