import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { groupAlive, signalGroup, trackGroup, untrackGroup } from './process-group';

export interface ProcessStdioParams {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** Largest single message accepted from the child; default 10 MiB (the SDK's). */
  maxMessageBytes?: number;
  /** Grace period between SIGTERM and SIGKILL on close; default 2 s. */
  killGraceMs?: number;
  onStderr?: (chunk: Buffer) => void;
}

/** Why the child's connection ended, for error details. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when Patchbay ended the connection because the child broke the protocol. */
  protocolError?: string;
}

/**
 * MCP over a child's stdin/stdout, like the SDK's StdioClientTransport but started detached
 * in its own process group, so close() can end the child and everything it spawned. The SDK
 * transport offers neither `detached` nor a group kill. No shell: argv goes to spawn as is.
 */
export class ProcessStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child?: ChildProcessWithoutNullStreams;
  private readonly buffer: ReadBuffer;
  private exitInfo: ProcessExit | null = null;
  private closing?: Promise<void>;
  private started = false;
  private hasExited = false;

  constructor(private readonly params: ProcessStdioParams) {
    this.buffer = new ReadBuffer({ maxBufferSize: params.maxMessageBytes });
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get exit(): ProcessExit | null {
    return this.exitInfo;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error('ProcessStdioTransport already started.');
    const child = spawn(this.params.command, this.params.args, {
      env: this.params.env,
      cwd: this.params.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      shell: false,
      windowsHide: true,
    });
    this.child = child;
    child.stderr.on('data', (chunk: Buffer) => this.params.onStderr?.(chunk));
    child.stdout.on('data', (chunk: Buffer) => this.read(chunk));
    child.stdin.on('error', (err) => this.onerror?.(err));
    child.on('exit', (code, signal) => this.exited(code, signal));
    // 'close' waits for the pipes, so a reply written just before exiting is still read.
    child.on('close', () => this.started && this.onclose?.());
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    this.started = true;
    if (child.pid) trackGroup(child.pid);
    child.on('error', (err) => this.onerror?.(err));
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || !stdin.writable) return Promise.reject(new Error('Not connected'));
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Ends the child and its group: SIGTERM, then SIGKILL after the grace period. */
  close(): Promise<void> {
    this.closing ??= this.terminate();
    return this.closing;
  }

  private async terminate(): Promise<void> {
    const child = this.child;
    const pgid = child?.pid;
    if (!child || !pgid) return;
    child.stdin.end();
    // Even when the leader is gone, the rest of its group may not be.
    signalGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + (this.params.killGraceMs ?? 2_000);
    // The leader's exit is an event: wait for it instead of scanning the process table.
    if (!this.hasExited) await exitOrTimeout(child, deadline - Date.now());
    // What the leader spawned gets the rest of the grace period; usually it went with it.
    while (groupAlive(pgid) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
    signalGroup(pgid, 'SIGKILL');
    if (!this.hasExited) await once(child, 'exit').catch(() => undefined);
    untrackGroup(pgid);
  }

  private read(chunk: Buffer): void {
    if (this.exitInfo?.protocolError) return;
    try {
      this.buffer.append(chunk);
    } catch (err) {
      // One message larger than the limit: the stream cannot be resynchronised safely.
      this.fail(`sent a message larger than ${this.maxBytes()} bytes (${(err as Error).message})`);
      return;
    }
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.buffer.readMessage();
      } catch (err) {
        // A line that is not JSON-RPC; report it and keep reading.
        this.onerror?.(new Error(`Malformed line on stdout: ${(err as Error).message}`));
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  }

  private fail(reason: string): void {
    this.exitInfo = { code: null, signal: null, protocolError: reason };
    this.onerror?.(new Error(reason));
    void this.close();
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    const protocolError = this.exitInfo?.protocolError;
    this.exitInfo = { code, signal, protocolError };
    this.hasExited = true;
    // The leader is gone; end whatever it left behind in its group (this also frees the pipes).
    if (this.closing === undefined) void this.close();
  }

  private maxBytes(): number {
    return this.params.maxMessageBytes ?? 10 * 1024 * 1024;
  }
}

/** Resolves on the child's exit or after `ms`, whichever comes first. */
function exitOrTimeout(child: ChildProcessWithoutNullStreams, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      child.off('exit', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    child.once('exit', done);
  });
}
