import { useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import type { ServerTool } from '../types';

const FIELD_LABEL: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  input_schema: 'Input schema',
  output_schema: 'Output schema',
  annotations: 'Annotations',
};

const show = (value: unknown) =>
  value === null || value === undefined
    ? '(none)'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value, null, 2);

/** A held tool: what changed since it was pinned, side by side, and the Approve button. */
export function ToolReview(props: { serverId: string; tool: ServerTool; onApproved(): void }) {
  const { serverId, tool, onApproved } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const pin = tool.pin;
  if (!pin) return null;

  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(
        'POST',
        `/api/v1/integrations/mcp-servers/${seg(serverId)}/tools/${seg(tool.name)}/approve`,
      );
      onApproved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const headline =
    pin.state === 'new'
      ? `New tool "${tool.name}" — review`
      : pin.renamed_from
        ? `Tool "${pin.renamed_from}" renamed to "${tool.name}" — review`
        : `Tool "${tool.name}" changed — review`;
  return (
    <section class="tool-review" aria-label={headline} data-tool={tool.name}>
      <h3>{headline}</h3>
      <p class="muted">Calls to it are refused (409 tool_changed) until you approve it.</p>
      {pin.state === 'new' ? (
        <pre class="diff-after">{show(tool.description)}</pre>
      ) : (
        <table class="diff">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Pinned</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            {(tool.difference ?? []).map((d) => (
              <tr key={d.field}>
                <th scope="row">{FIELD_LABEL[d.field] ?? d.field}</th>
                <td>
                  <pre class="diff-before">{show(d.before)}</pre>
                </td>
                <td>
                  <pre class="diff-after">{show(d.after)}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" class="primary" disabled={busy} onClick={() => void approve()}>
        {busy ? 'Approving…' : `Approve "${tool.name}"`}
      </button>
      <ErrorBox error={error} />
    </section>
  );
}
