import { formatTime } from '../components/status-badge';
import type { Run } from '../types';

/** The recent invocations, newest first; outcomes only, never arguments. */
export function RunsList({ runs, onRefresh }: { runs: Run[] | null; onRefresh(): void }) {
  return (
    <section class="card" aria-labelledby="runs-title">
      <div class="page-head">
        <h2 id="runs-title">Recent runs</h2>
        <button type="button" onClick={onRefresh}>
          Refresh
        </button>
      </div>
      {runs === null && <p class="muted">The runs list is not available.</p>}
      {runs?.length === 0 && <p class="muted">No runs yet.</p>}
      {runs && runs.length > 0 && (
        <div class="table-wrap">
          <table class="runs">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Tool and route</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {runs.slice(0, 50).map((r) => (
                <tr key={r.run_id}>
                  <td class="nowrap" title={formatTime(r.started_at)}>
                    {formatClock(r.started_at)}
                  </td>
                  <td>
                    <code>{r.tool}</code>
                    {via(r) && <span class="muted"> → {via(r)}</span>}
                  </td>
                  <td>
                    <span class={`outcome outcome-${r.outcome === 'ok' ? 'ok' : 'bad'}`}>
                      {r.outcome.replace(/_/g, ' ')}
                    </span>
                    {r.duration_ms !== null && (
                      <span class="muted duration">{Math.round(r.duration_ms)} ms</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function via(run: Run): string {
  if (!run.binding) return '';
  return run.binding.kind === 'mcp' ? `${run.binding.server_id}/${run.binding.tool_name}` : 'local';
}

function formatClock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
}
