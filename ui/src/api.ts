/**
 * The one door to the Patchbay API: adds the bearer token kept for this tab, asks for it
 * once when the API answers 401, and turns the error shape into an ApiError.
 */
const TOKEN_KEY = 'patchbay.api_token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

type TokenAsker = (rejected: boolean) => Promise<string | null>;
let asker: TokenAsker | null = null;
let pending: Promise<string | null> | null = null;

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** The UI registers the dialog that asks for the token. */
export function onTokenNeeded(fn: TokenAsker): void {
  asker = fn;
}

/** Concurrent 401s share one question; a rejected token is forgotten and asked again. */
export function askForToken(): Promise<string | null> {
  if (!pending) {
    const rejected = getToken() !== null;
    setToken(null);
    pending = (asker ? asker(rejected) : Promise.resolve(null)).then((token) => {
      pending = null;
      setToken(token);
      return token;
    });
  }
  return pending;
}

export function authHeaders(): Record<string, string> {
  const token = getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await send(path, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...authHeaders(),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 401 && attempt < 3 && (await askForToken())) continue;
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    const parsed = parseJson(text);
    if (res.ok) return parsed as T;
    throw toApiError(res.status, parsed);
  }
}

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network_error', 'Patchbay did not answer; check that it is running.');
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } })?.error;
  if (err && typeof err.message === 'string') {
    const details =
      err.details && typeof err.details === 'object'
        ? (err.details as Record<string, unknown>)
        : undefined;
    return new ApiError(status, String(err.code ?? 'error'), err.message, details);
  }
  return new ApiError(status, 'http_error', `The service answered HTTP ${status}.`);
}

/** Path segment encoding for ids and names in URLs. */
export const seg = (value: string): string => encodeURIComponent(value);
