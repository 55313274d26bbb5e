import { Logger } from '@nestjs/common';
import { FSWatcher, existsSync, mkdirSync, readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { FileWriteRefusedError } from './errors/file-write-refused.error';
import { fileInvalid } from './errors/catalogue';
import { stableStringify } from './stable-json';
import type { StoredDocument } from './stored-document';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

const WATCH_DEBOUNCE_MS = 50;

/**
 * A JSON document on disk that the service both edits and lets people edit by hand.
 * Writes are atomic (temp file in the same folder, fsync, rename, mode 0600) and
 * serialised; a hand edit is picked up by a folder watch, and a bad one is ignored.
 * The write rule: `update` parses the text it is about to write with the same `parse` the
 * start-up read uses, and refuses (FileWriteRefusedError, a 500) a document that would not
 * load, so a file Patchbay wrote always loads. New files: use SchemaFile (schema-file.ts).
 */
export class JsonFile<T> implements StoredDocument<T> {
  private readonly logger: Logger;
  private current: T;
  private lastText: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private watcher?: FSWatcher;
  private debounce?: NodeJS.Timeout;

  constructor(
    readonly path: string,
    private readonly parse: (data: unknown) => Parsed<T>,
    private readonly empty: () => T,
  ) {
    this.logger = new Logger(`JsonFile(${basename(path)})`);
    this.current = this.loadOrThrow();
  }

  get value(): T {
    return this.current;
  }

  /**
   * Applies a change and persists it before resolving; callers are served one at a time.
   * Memory takes the document as read back from the text written, so served state and
   * file agree exactly.
   */
  update(mutate: (current: T) => T): Promise<T> {
    const run = this.queue.then(async () => {
      const text = stableStringify(mutate(this.current));
      const parsed = this.parseText(text);
      if (!parsed.ok) throw this.refuse(parsed.problems);
      mkdirSync(dirname(this.path), { recursive: true });
      await writeFileAtomic(this.path, text, { mode: 0o600 });
      this.lastText = text;
      this.current = parsed.value;
      return parsed.value;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Calls `onChange` with each valid hand edit; invalid edits are logged and ignored. */
  watch(onChange: (value: T) => void): void {
    const dir = dirname(this.path);
    mkdirSync(dir, { recursive: true });
    this.watcher = watch(dir, (_event, file) => {
      if (file !== null && file !== basename(this.path)) return;
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.reload(onChange), WATCH_DEBOUNCE_MS);
    });
    this.watcher.on('error', (err) => this.logger.warn(`watch stopped: ${err.message}`));
  }

  close(): void {
    clearTimeout(this.debounce);
    this.watcher?.close();
  }

  /** Re-reads the file now (the watcher calls this; tests may too). */
  async reload(onChange: (value: T) => void): Promise<void> {
    await this.queue;
    const text = this.readText();
    if (text === this.lastText) return;
    const parsed = this.parseText(text);
    if (!parsed.ok) {
      this.logger.error(
        `${this.path} was edited but is invalid, keeping the last good state:\n  ${parsed.problems.join('\n  ')}`,
      );
      this.lastText = text;
      return;
    }
    this.lastText = text;
    this.current = parsed.value;
    onChange(parsed.value);
  }

  private refuse(problems: string[]): FileWriteRefusedError {
    const error = new FileWriteRefusedError(this.path, problems);
    this.logger.error(error.message);
    return error;
  }

  private loadOrThrow(): T {
    const text = this.readText();
    this.lastText = text;
    const parsed = this.parseText(text);
    if (!parsed.ok) {
      throw fileInvalid(this.path, parsed.problems);
    }
    return parsed.value;
  }

  private readText(): string | null {
    return existsSync(this.path) ? readFileSync(this.path, 'utf8') : null;
  }

  private parseText(text: string | null): Parsed<T> {
    if (text === null || text.trim() === '') return { ok: true, value: this.empty() };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      return { ok: false, problems: [`(root): not valid JSON: ${(err as Error).message}`] };
    }
    return this.parse(data);
  }
}
