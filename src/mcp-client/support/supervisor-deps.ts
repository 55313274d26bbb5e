import { McpClientOptions } from '../mcp-client.options';
import { SupervisorDeps } from '../server-supervisor';
import { CachingJsonSchemaValidator } from './caching-validator';
import { createSafeFetch } from './safe-fetch';

/** What the host (the Nest service, or the conformance CLI) supplies. */
export type HostDeps = Pick<SupervisorDeps, 'launchDir' | 'resolveCredentials' | 'emit' | 'log'>;

/** Everything supervisors share: one schema cache, one safe fetch, the tunables. */
export function createSupervisorDeps(options: McpClientOptions, host: HostDeps): SupervisorDeps {
  return {
    ...host,
    validator: new CachingJsonSchemaValidator(),
    fetch: createSafeFetch(),
    connectTimeoutMs: options.connectTimeoutMs,
    maxMessageBytes: options.maxMessageBytes,
    policy: options.backoff,
    maxInFlight: options.maxInFlight,
    maxQueued: options.maxQueued,
    toolsChangedDebounceMs: options.toolsChangedDebounceMs,
    transportFactory: options.transportFactory,
  };
}
