import { useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import type { McpServer } from '../types';

/** Edits where a config-defined server runs: its URL, or its arguments (stdio, when allowed). */
export function EditLaunch(props: { server: McpServer; onSaved(server: McpServer): void }) {
  const { server, onSaved } = props;
  const stdio = server.transport === 'stdio';
  const [url, setUrl] = useState(server.url ?? '');
  const [args, setArgs] = useState((server.args ?? []).join('\n'));
  const [error, setError] = useState<unknown>(null);

  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const body = stdio
      ? {
          args: args
            .split('\n')
            .map((a) => a.trim())
            .filter(Boolean),
        }
      : { url };
    try {
      onSaved(
        await api<McpServer>('PATCH', `/api/v1/integrations/mcp-servers/${seg(server.id)}`, body),
      );
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form class="edit-launch" onSubmit={(e) => void save(e)}>
      {stdio ? (
        <label>
          Arguments, one a line
          <textarea
            value={args}
            onInput={(e) => setArgs((e.target as HTMLTextAreaElement).value)}
          />
        </label>
      ) : (
        <label>
          URL{' '}
          <input
            type="url"
            value={url}
            required
            onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
          />
        </label>
      )}
      {stdio && (
        <p class="muted">
          Changing a stdio server needs PATCHBAY_ALLOW_STDIO_FROM_API=true, since it runs a command
          on this host.
        </p>
      )}
      <button type="submit" class="primary">
        Save launch
      </button>
      <ErrorBox error={error} />
    </form>
  );
}
