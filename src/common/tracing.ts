import { Attributes, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { processRedactor } from './redact';

/**
 * The few tracing calls the rest of Patchbay makes. Each checks one flag first: with no
 * OTLP endpoint configured, tracing costs a branch (the SDK is never even loaded).
 */
let active = false;

/** Set by the observability module once the SDK runs, and cleared when it stops. */
export function setTracingActive(on: boolean): void {
  active = on;
}

/** Runs `fn` in a new active span, ended (with an error status on failure) when it settles. */
export function inSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  if (!active) return fn();
  return trace.getTracer('patchbay').startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      span.setStatus({ code: SpanStatusCode.ERROR, message: processRedactor.redact(message) });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Adds attributes to the span of the current call, if any. */
export function annotateSpan(attributes: Attributes): void {
  if (active) trace.getActiveSpan()?.setAttributes(attributes);
}

/** The W3C `traceparent` of the current span, to send on to an MCP server. */
export function currentTraceparent(): string | undefined {
  if (!active) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}
