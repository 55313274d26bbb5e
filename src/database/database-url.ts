import { Redactor } from '../common/redact';

/** Shorter passwords are too likely to be ordinary words (`postgres`) to mask everywhere. */
export const MIN_MASKED_PASSWORD = 12;

/**
 * Masks the database URL in every log line and response: the whole URL always (it is unique),
 * its password alone only when it is long enough not to be a common word.
 */
export function maskDatabaseUrl(url: string, redactor: Redactor): void {
  redactor.add(url);
  const raw = new URL(url).password;
  if (!raw) return;
  for (const password of new Set([raw, decodeURIComponent(raw)])) {
    if (password.length >= MIN_MASKED_PASSWORD) redactor.add(password);
  }
}

/** `user@host:port/database`, for errors: never the password. */
export function describeDatabase(url: string): string {
  const u = new URL(url);
  const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
  return `${user}${u.hostname}:${u.port || '5432'}${u.pathname}`;
}
