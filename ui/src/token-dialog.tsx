import { useEffect, useRef, useState } from 'preact/hooks';
import { onTokenNeeded } from './api';

interface Ask {
  rejected: boolean;
  resolve: (token: string | null) => void;
}

/** Asks for the API token when the service answers 401; the token stays for this tab only. */
export function TokenDialog() {
  const [ask, setAsk] = useState<Ask | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    onTokenNeeded((rejected) => new Promise((resolve) => setAsk({ rejected, resolve })));
  }, []);

  useEffect(() => {
    if (ask) input.current?.focus();
  }, [ask]);

  if (!ask) return null;
  const finish = (token: string | null) => {
    ask.resolve(token);
    setAsk(null);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const value = input.current?.value.trim() ?? '';
    if (input.current) input.current.value = '';
    finish(value || null);
  };
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="token-title">
      <form class="dialog" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && finish(null)}>
        <h2 id="token-title">API token needed</h2>
        <p>
          {ask.rejected
            ? 'That token was not accepted. Enter the value of PATCHBAY_API_TOKEN.'
            : 'This Patchbay is protected by a token (PATCHBAY_API_TOKEN). It is kept for this tab only.'}
        </p>
        <label for="token-input">API token</label>
        <input id="token-input" ref={input} type="password" autoComplete="off" required />
        <div class="row">
          <button type="submit" class="primary">
            Use token
          </button>
          <button type="button" onClick={() => finish(null)}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
