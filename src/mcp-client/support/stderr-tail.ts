import { processRedactor } from '../../common/redact';

const MAX_LINE_CHARS = 1_000;
const MAX_PARTIAL_CHARS = 8_192;

export interface StderrTailOptions {
  /** Lines kept for error details; default 20. */
  keepLines?: number;
  /** Lines passed to the log per window before the rest are counted and skipped; default 50. */
  logBurst?: number;
  /** Length of the log window; default 10 s. */
  windowMs?: number;
}

/**
 * Splits a child's stderr into lines, keeps the last few (redacted, each truncated) for
 * error details and forwards a bounded number to the log, so a flooding server can neither
 * fill memory nor drown the log.
 */
export class StderrTail {
  private readonly lines: string[] = [];
  private partial = '';
  private windowStart = 0;
  private windowCount = 0;
  private suppressed = 0;
  private readonly keepLines: number;
  private readonly logBurst: number;
  private readonly windowMs: number;

  constructor(
    private readonly log: (line: string) => void,
    options: StderrTailOptions = {},
  ) {
    this.keepLines = options.keepLines ?? 20;
    this.logBurst = options.logBurst ?? 50;
    this.windowMs = options.windowMs ?? 10_000;
  }

  write(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop() ?? '';
    if (this.partial.length > MAX_PARTIAL_CHARS) {
      parts.push(this.partial);
      this.partial = '';
    }
    for (const line of parts) this.push(line);
  }

  /** Last lines, oldest first, redacted. */
  tail(count = this.keepLines): string[] {
    const all = this.partial ? [...this.lines, this.clean(this.partial)] : this.lines;
    return all.slice(-count);
  }

  private push(raw: string): void {
    const line = this.clean(raw);
    if (line === '') return;
    this.lines.push(line);
    if (this.lines.length > this.keepLines) this.lines.shift();
    this.forward(line);
  }

  private forward(line: string): void {
    const now = Date.now();
    if (now - this.windowStart >= this.windowMs) {
      if (this.suppressed > 0) this.log(`(${this.suppressed} stderr lines skipped)`);
      this.windowStart = now;
      this.windowCount = 0;
      this.suppressed = 0;
    }
    if (this.windowCount++ < this.logBurst) this.log(line);
    else this.suppressed++;
  }

  private clean(raw: string): string {
    const line = raw.replace(/\r$/, '').trimEnd();
    const short = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
    return processRedactor.redact(short);
  }
}
