import { Logger } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { RUN_THREAD_SOURCE, RunThreadReply, RunThreadRequest } from './sqlite-run-thread';

/** Rows written but not yet acknowledged, kept to resend after a crash; older ones go. */
const MAX_UNACKED_ROWS = 20_000;
const MAX_RESTART_DELAY_MS = 30_000;

export interface RunThreadOptions {
  file: string;
  schema: string;
  insert: string;
}

type Waiter = { resolve: (value: unknown) => void; reject: (err: Error) => void };

/**
 * The main thread's side of the run history's worker thread (its own SQLite connection):
 * batches of rows go out as one message each, reads and barriers come back as promises.
 * A worker that dies is restarted and given the batches it had not acknowledged (inserts
 * ignore duplicates); reads in flight then fail. The worker does not hold the process open
 * unless a reply is awaited.
 */
export class SqliteRunWorker {
  private readonly logger = new Logger('RunStore');
  private worker!: Worker;
  private nextId = 1;
  private readonly waiters = new Map<number, Waiter>();
  private readonly unacked = new Map<number, Record<string, unknown>[]>();
  private unackedRows = 0;
  private crashes = 0;
  /** Between a crash and the restart: replies cannot come. */
  private down = false;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: RunThreadOptions) {
    this.start();
  }

  /** Queues one transaction; a failed write is logged and its rows dropped. */
  write(rows: Record<string, unknown>[]): void {
    if (this.closing) {
      this.logger.warn(`${rows.length} runs recorded after the run history closed`);
      return;
    }
    const id = this.nextId++;
    this.unacked.set(id, rows);
    this.unackedRows += rows.length;
    this.bound();
    this.worker.postMessage({ op: 'write', id, rows });
  }

  request(message: RunThreadRequest): Promise<unknown> {
    // Everything sent before the close is written once it is done.
    if (this.closing && message.op === 'sync') return this.closing.then(() => null);
    if (this.closing) return Promise.reject(new Error('the run history is closed'));
    return this.send(message);
  }

  /** Waits for everything sent before, then ends the thread. */
  close(): Promise<void> {
    this.closing ??= this.send({ op: 'close' }).then(
      () => this.worker.terminate().then(() => undefined),
      (err: Error) => {
        this.logger.warn(`closing the run history: ${err.message}`);
        return this.worker.terminate().then(() => undefined);
      },
    );
    return this.closing;
  }

  private send(message: RunThreadRequest): Promise<unknown> {
    if (this.down) return Promise.reject(new Error('the run history is restarting'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiters.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ ...message, id });
    });
  }

  private start(): void {
    const worker = new Worker(RUN_THREAD_SOURCE, {
      eval: true,
      // Not the parent's flags: `--input-type=module` would make this CommonJS source ESM.
      execArgv: [],
      workerData: { ...this.options, driver: require.resolve('better-sqlite3') },
    });
    worker.unref();
    worker.on('message', (reply: RunThreadReply) => this.answer(reply));
    worker.on('error', (err) => this.logger.error(`run history thread failed: ${err.message}`));
    worker.on('exit', (code) => this.exited(worker, code));
    this.worker = worker;
  }

  private answer({ id, result, error }: RunThreadReply): void {
    this.crashes = 0;
    const rows = this.unacked.get(id);
    if (rows) {
      this.unacked.delete(id);
      this.unackedRows -= rows.length;
      if (error) this.logger.warn(`could not write ${rows.length} runs: ${error}`);
      return;
    }
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    this.waiters.delete(id);
    if (this.waiters.size === 0) this.worker.unref();
    if (error) waiter.reject(new Error(error));
    else waiter.resolve(result);
  }

  private exited(worker: Worker, code: number): void {
    if (this.closing || worker !== this.worker) return;
    const delay = Math.min(MAX_RESTART_DELAY_MS, 2 ** this.crashes * 100);
    this.crashes++;
    this.down = true;
    this.logger.error(
      `run history thread exited (code ${code}); restarting in ${delay} ms, ` +
        `${this.unackedRows} runs to write again`,
    );
    for (const waiter of this.waiters.values()) waiter.reject(new Error('run history restarted'));
    this.waiters.clear();
    setTimeout(() => {
      if (this.closing) return;
      this.down = false;
      this.start();
      for (const [id, rows] of this.unacked) this.worker.postMessage({ op: 'write', id, rows });
    }, delay).unref();
  }

  /** A thread that keeps failing must not grow the queue without end. */
  private bound(): void {
    for (const [id, rows] of this.unacked) {
      if (this.unackedRows <= MAX_UNACKED_ROWS) return;
      this.unacked.delete(id);
      this.unackedRows -= rows.length;
      this.logger.warn(`dropped ${rows.length} runs the run history thread could not write`);
    }
  }
}
