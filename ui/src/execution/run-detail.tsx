import { useEffect, useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import { formatTime } from '../components/status-badge';
import type { RunDetail } from '../types';

/** One run: its masked arguments, the error or a summary of the result. */
export function RunDetailView({ runId, onClose }: { runId: string; onClose(): void }) {
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setRun(null);
    setError(null);
    api<RunDetail>('GET', `/api/v1/execution/runs/${seg(runId)}`).then(setRun, setError);
  }, [runId]);

  return (
    <div class="run-detail" role="region" aria-label="Run detail">
      <div class="page-head">
        <h3>Run {runId.slice(0, 8)}</h3>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorBox error={error} title="Could not load the run." />
      {run && (
        <dl>
          <dt>Tool</dt>
          <dd>
            <code>{run.tool}</code>
            {run.server_id && <span class="muted"> on {run.server_id}</span>}
          </dd>
          <dt>Started</dt>
          <dd>
            {formatTime(run.started_at)} by {run.caller}, {run.duration_ms} ms
          </dd>
          <dt>Outcome</dt>
          <dd>{run.outcome}</dd>
          {run.error && (
            <>
              <dt>Error</dt>
              <dd class="run-error">{run.error.message}</dd>
            </>
          )}
          <dt>Arguments (secrets masked)</dt>
          <dd>
            <pre>{JSON.stringify(run.args, null, 2)}</pre>
          </dd>
          {run.result !== null && (
            <>
              <dt>Result (summary)</dt>
              <dd>
                <pre>{JSON.stringify(run.result, null, 2)}</pre>
              </dd>
            </>
          )}
        </dl>
      )}
    </div>
  );
}
