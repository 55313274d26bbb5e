import type { ServerStatus } from '../types';

const LABELS: Record<string, string> = {
  unknown: 'Unknown',
  disabled: 'Disabled',
  needs_credentials: 'Needs credentials',
  needs_authorization: 'Needs authorization',
  connecting: 'Connecting',
  healthy: 'Healthy',
  degraded: 'Degraded',
  unhealthy: 'Unhealthy',
};

export function formatTime(iso: string | null): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** The state as a coloured badge with its reason and when it was last checked. */
export function StatusBadge({ status }: { status: ServerStatus }) {
  const label = LABELS[status.state] ?? status.state;
  return (
    <div class="status" data-state={status.state}>
      <span class={`badge badge-${status.state}`} data-testid="status-badge">
        {label}
      </span>
      <span class="status-meta">
        Last check:{' '}
        <time dateTime={status.checked_at ?? undefined}>{formatTime(status.checked_at)}</time>
        {status.latency_ms !== null && ` · ${Math.round(status.latency_ms)} ms`}
        {status.tool_count !== null && ` · ${status.tool_count} tools`}
        {status.consecutive_failures > 0 && ` · ${status.consecutive_failures} failed in a row`}
      </span>
      {status.error && <p class="status-error">{status.error}</p>}
    </div>
  );
}
