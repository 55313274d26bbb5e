import { useState } from 'preact/hooks';
import type { CreatedApiKey } from '../types';
import { clientSnippet } from './snippet';

/** The key, shown this once, with a copy button and a client snippet that uses it. */
export function NewKey({ created, onDone }: { created: CreatedApiKey; onDone(): void }) {
  const [copied, setCopied] = useState('');
  const snippet = clientSnippet(created, location.origin);
  const copy = async (what: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`${what} copied.`);
    } catch {
      setCopied('Copy failed: select the text and copy it by hand.');
    }
  };
  return (
    <div class="card" role="region" aria-labelledby="new-key-title">
      <h2 id="new-key-title">Key for {created.name}</h2>
      <p class="warning" role="note">
        Copy it now: Patchbay keeps only its hash and will not show it again.
      </p>
      <pre class="wrap" data-testid="new-key">
        {created.key}
      </pre>
      <div class="row">
        <button type="button" class="primary" onClick={() => void copy('Key', created.key)}>
          Copy key
        </button>
        <button type="button" onClick={() => void copy('Snippet', snippet)}>
          Copy snippet
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
        <span role="status" class="muted">
          {copied}
        </span>
      </div>
      <h3>Client configuration</h3>
      <pre class="wrap" data-testid="key-snippet">
        {snippet}
      </pre>
    </div>
  );
}
