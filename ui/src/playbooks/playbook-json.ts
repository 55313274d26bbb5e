import type { PlaybookView } from '../types';

/** The fields the API shows but does not take back on PUT. */
const VIEW_ONLY = ['id', 'last_run', 'next_run_at', 'hook_path', 'webhook_secret_configured'];

/** The playbook as config/playbooks.json and PUT take it. */
export function editable(view: PlaybookView): Record<string, unknown> {
  return Object.fromEntries(Object.entries(view).filter(([k]) => !VIEW_ONLY.includes(k)));
}

export const NEW_PLAYBOOK = {
  name: 'On push',
  enabled: true,
  trigger: { type: 'webhook' },
  steps: [{ tool: 'list_mcp_servers', args: {} }],
};

export function triggerText(p: PlaybookView): string {
  const t = p.trigger;
  if (t.type === 'schedule')
    return `schedule ${t.cron ?? ''}${t.timezone ? ` (${t.timezone})` : ''}`;
  if (t.type === 'event') return `event ${t.event ?? ''}`;
  return 'webhook';
}

/** A shell line that signs a test body with the secret and delivers it. */
export function curlLine(hookUrl: string): string {
  return [
    `SECRET='<the webhook secret>'`,
    `BODY='{"ref":"refs/heads/main"}'`,
    `SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')`,
    `curl -X POST ${hookUrl} -H 'Content-Type: application/json' -H "X-Hub-Signature-256: sha256=$SIG" -d "$BODY"`,
  ].join('\n');
}
