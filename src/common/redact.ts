const MASK = '[redacted]';
const MIN_SECRET_LENGTH = 4;

/**
 * Knows every secret value in use and masks them in any text that may leave the process
 * (responses, errors, logs, captured child stderr). Filled at run time by the secrets
 * module as values are resolved; never at import time.
 */
export class Redactor {
  private readonly values = new Set<string>();

  add(value: string): void {
    // Very short values would mask ordinary words; such secrets are rejected upstream.
    if (value.length >= MIN_SECRET_LENGTH) this.values.add(value);
  }

  remove(value: string): void {
    this.values.delete(value);
  }

  /** Whether any secret value is known (with none, nothing can need masking). */
  get active(): boolean {
    return this.values.size > 0;
  }

  redact(text: string): string {
    let out = text;
    for (const value of this.values) {
      if (out.includes(value)) out = out.split(value).join(MASK);
    }
    return out;
  }

  /**
   * For JSON.stringify (Fastify's reply serializer, see bootstrap.ts): masks strings and
   * object keys while the body is serialised, so no response needs a copy or an
   * interceptor to stay clean.
   */
  readonly jsonReplacer = (_key: string, value: unknown): unknown => {
    if (this.values.size === 0) return value;
    if (typeof value === 'string') return this.redact(value);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.some((k) => this.redact(k) !== k)) {
        return Object.fromEntries(
          keys.map((k) => [this.redact(k), (value as Record<string, unknown>)[k]]),
        );
      }
    }
    return value;
  };

  /** Deep-copies a JSON-like value with every string redacted. */
  redactDeep<T>(value: T): T {
    if (this.values.size === 0) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[this.redact(key)] = this.walk(item);
      return out;
    }
    return value;
  }
}

/** One per process: the logger, the error filter and the secret store must share it. */
export const processRedactor = new Redactor();
export const REDACTED = MASK;
