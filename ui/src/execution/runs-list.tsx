import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { formatTime } from '../components/status-badge';
import type { Run } from '../types';
import { RunDetailView } from './run-detail';

const PAGE = 25;
const OUTCOMES = ['ok', 'tool_error', 'mcp_timeout', 'mcp_server_unavailable', 'invalid_arguments'];

interface Filters {
  tool: string;
  server_id: string;
  outcome: string;
}

interface Props {
  tools: string[];
  servers: string[];
  /** Changes after a run from this page: the list reloads its first page. */
  refreshKey: number;
}

/** Recorded runs, newest first, with filters, paging and a detail view per run. */
export function RunsList({ tools, servers, refreshKey }: Props) {
  const [filters, setFilters] = useState<Filters>({ tool: '', server_id: '', outcome: '' });
  // The run_id each page starts after ('' for the first page).
  const [pages, setPages] = useState<string[]>(['']);
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const load = useCallback(async () => {
    const query = new URLSearchParams({ limit: String(PAGE + 1) });
    for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
    const before = pages[pages.length - 1];
    if (before) query.set('before', before);
    try {
      setRuns(await api<Run[]>('GET', `/api/v1/execution/runs?${query.toString()}`));
    } catch {
      setRuns(null);
    }
  }, [filters, pages]);

  useEffect(() => void load(), [load]);
  useEffect(() => setPages(['']), [refreshKey]);

  const setFilter = (key: keyof Filters) => (e: Event) => {
    setFilters({ ...filters, [key]: (e.currentTarget as HTMLSelectElement).value });
    setPages(['']);
  };
  const shown = runs?.slice(0, PAGE) ?? [];
  const hasMore = (runs?.length ?? 0) > PAGE;

  return (
    <section class="card" aria-labelledby="runs-title">
      <div class="page-head">
        <h2 id="runs-title">Runs</h2>
        <button type="button" onClick={() => (pages.length > 1 ? setPages(['']) : void load())}>
          Refresh
        </button>
      </div>
      <div class="run-filters">
        <FilterSelect
          label="Tool"
          value={filters.tool}
          options={tools}
          onChange={setFilter('tool')}
        />
        <FilterSelect
          label="Server"
          value={filters.server_id}
          options={servers}
          onChange={setFilter('server_id')}
        />
        <FilterSelect
          label="Outcome"
          value={filters.outcome}
          options={OUTCOMES}
          onChange={setFilter('outcome')}
        />
      </div>
      {runs === null && <p class="muted">The runs list is not available.</p>}
      {runs?.length === 0 && <p class="muted">No runs match.</p>}
      {shown.length > 0 && <RunsTable runs={shown} onOpen={setOpen} />}
      <div class="pager">
        <button
          type="button"
          disabled={pages.length === 1}
          onClick={() => setPages(pages.slice(0, -1))}
        >
          Newer
        </button>
        <span class="muted">Page {pages.length}</span>
        <button
          type="button"
          disabled={!hasMore}
          onClick={() => setPages([...pages, shown[shown.length - 1].run_id])}
        >
          Older
        </button>
      </div>
      {open && <RunDetailView runId={open} onClose={() => setOpen(null)} />}
    </section>
  );
}

function FilterSelect(props: {
  label: string;
  value: string;
  options: string[];
  onChange(e: Event): void;
}) {
  // Named by aria-label only: the page's own "Tool" and "Server" fields keep their names.
  return (
    <span class="run-filter">
      <span aria-hidden="true">{props.label}</span>
      <select
        value={props.value}
        onChange={props.onChange}
        aria-label={`Filter by ${props.label.toLowerCase()}`}
      >
        <option value="">any</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </span>
  );
}

function RunsTable({ runs, onOpen }: { runs: Run[]; onOpen(id: string): void }) {
  return (
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
          {runs.map((r) => (
            <tr key={r.run_id}>
              <td class="nowrap" title={formatTime(r.started_at)}>
                <button type="button" class="link" onClick={() => onOpen(r.run_id)}>
                  {formatClock(r.started_at)}
                </button>
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
