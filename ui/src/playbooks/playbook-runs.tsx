import type { PlaybookRun } from '../types';

/** A playbook's runs, newest first, with each step's outcome and the tool run it produced. */
export function PlaybookRuns({ runs }: { runs: PlaybookRun[] }) {
  if (runs.length === 0) return <p class="muted">No runs yet.</p>;
  return (
    <ol class="playbook-runs" aria-label="Runs">
      {runs.slice(0, 30).map((r) => (
        <li key={r.run_id} data-run-id={r.run_id}>
          <span class={`outcome outcome-${r.outcome === 'succeeded' ? 'ok' : 'bad'}`}>
            {r.outcome}
          </span>{' '}
          <span class="muted">
            {r.trigger} · {new Date(r.started_at).toLocaleString()}
            {r.dry_run && ' · dry run'}
          </span>
          {r.error && <p class="muted">{r.error}</p>}
          <ul>
            {r.steps.map((s, i) => (
              <li key={i}>
                <code>{s.tool}</code> — {s.outcome.replace(/_/g, ' ')}
                {s.duration_ms !== null && <span class="muted"> {s.duration_ms} ms</span>}
                {s.tool_run_id && (
                  <a href="/execution" title="Recent runs on the Execution page">
                    {' '}
                    run {s.tool_run_id.slice(0, 8)}
                  </a>
                )}
                {s.error && <span class="muted"> {s.error.message}</span>}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
