import type { Parsed } from './json-file';

/**
 * A JSON document Patchbay edits and serves from memory: a file (JsonFile) in file mode, a
 * row of patchbay_documents (PgDocument) in database mode. Both keep the write rule: `update`
 * parses what it is about to store with the start-up parser and refuses (a 500) what would
 * not load.
 */
export interface StoredDocument<T> {
  /** The last good state, read synchronously (the hot path never waits on storage). */
  readonly value: T;
  /** Applies `mutate` to the freshest stored state and persists it; calls run one at a time. */
  update(mutate: (current: T) => T): Promise<T>;
  /** Calls `onChange` with each change made elsewhere (a hand edit, another replica). */
  watch(onChange: (value: T) => void): void;
  /** Re-reads now; `onChange` runs when the stored state differs from memory. */
  reload(onChange: (value: T) => void): Promise<void>;
  close(): void;
}

export type DocumentParser<T> = (data: unknown) => Parsed<T>;
