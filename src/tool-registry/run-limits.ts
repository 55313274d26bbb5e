import { ToolCancelledError, ToolTimeoutError } from '../common/errors/catalogue';
import { ExecuteOptions, RegisteredTool, ToolResult } from './tool.types';

/**
 * Runs a local handler under its time limit and the caller's signal. The handler gets its
 * own signal, aborted on either, so MCP calls it makes are cancelled upstream too. A tool
 * with `timeoutMs: 0` has no local limit (its MCP calls carry the caller's timeout).
 */
export function runWithLimits(
  tool: RegisteredTool,
  options: ExecuteOptions,
  work: (signal: AbortSignal) => Promise<ToolResult>,
): Promise<ToolResult> {
  const controller = new AbortController();
  const limit = tool.timeoutMs === 0 ? 0 : Math.min(options.timeoutMs ?? Infinity, tool.timeoutMs);
  return new Promise<ToolResult>((resolve, reject) => {
    const onAbort = () => {
      controller.abort(options.signal?.reason);
      reject(new ToolCancelledError(tool.name));
    };
    const timer =
      limit > 0
        ? setTimeout(() => {
            controller.abort(new ToolTimeoutError(tool.name, limit));
            reject(new ToolTimeoutError(tool.name, limit));
          }, limit)
        : undefined;
    const done = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    if (options.signal?.aborted) {
      done();
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    work(controller.signal).then(
      (result) => {
        done();
        resolve(result);
      },
      (err: unknown) => {
        done();
        reject(err);
      },
    );
  });
}
