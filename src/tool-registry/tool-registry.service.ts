import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import { PatchbayError, toolListFailed } from '../common/errors/catalogue';
import { AdmissionGate } from '../admission/admission-gate';
import { inSpan } from '../common/tracing';
import { BindingResolver, Target, bindingOf } from './binding-resolver';
import { McpInvoker } from './mcp-invoker';
import { RunLog, RunRecord } from './run-log';
import { ToolCatalog } from './tool-catalog';
import { ToolExecutor } from './tool-executor';
import { ToolRoutesStore } from './tool-routes.store';
import {
  Binding,
  ExecuteOptions,
  InvokeResult,
  JsonSchema,
  ToolArgs,
  ToolDefinition,
} from './tool.types';

/** A tool as GET /api/v1/execution/tools shows it. */
export interface ToolView {
  name: string;
  description: string;
  input_schema: JsonSchema;
  binding: Binding;
  available: boolean;
  unavailable_reason: string | null;
}

/** How long a listing waits for a routed tool's server schema before showing the local one. */
const LIST_SCHEMA_WAIT_MS = 5_000;

/**
 * The registry's facade: the one door other modules use. Tools come in through
 * `register()` or the `@McpTool` decorator; every call goes through `execute()`, which
 * follows the tool's route to MCP when there is one and runs the local handler otherwise.
 */
@Injectable()
export class ToolRegistryService {
  constructor(
    private readonly catalog: ToolCatalog,
    private readonly resolver: BindingResolver,
    private readonly gate: AdmissionGate,
    private readonly executor: ToolExecutor,
    private readonly invoker: McpInvoker,
    private readonly runLog: RunLog,
    private readonly routes: ToolRoutesStore,
  ) {}

  /** Every finished invocation, as it is recorded (for metrics; the history is in the API). */
  get runs(): Observable<RunRecord> {
    return this.runLog.recorded;
  }

  /** Fires when a route is set, removed or edited by hand (the tool list may differ). */
  get changes(): Observable<void> {
    return this.routes.changes;
  }

  /**
   * Adds a local tool. Defaults: `description` `''`, `inputSchema` `{"type": "object"}`,
   * `timeoutMs` 60000 (`0` for none). A throw in the handler becomes a
   * `tool_execution_failed` error (502); a PatchbayError it throws passes unchanged.
   * @throws DuplicateToolError (409 `conflict`) when the name is taken; at boot this fails
   * the start. @throws ValidationFailedError for a bad name or an uncompilable schema.
   */
  register(def: ToolDefinition, source?: string): void {
    this.catalog.add(def, source);
  }

  /** Removes a local tool; a route of the same name keeps working through MCP. */
  unregister(name: string): boolean {
    return this.catalog.remove(name);
  }

  /**
   * Runs a tool by name: through its MCP route when it has one, locally otherwise. A tool
   * result with `isError` resolves (`is_error: true`); failures reject with PatchbayError.
   */
  execute(name: string, args: ToolArgs = {}, options: ExecuteOptions = {}): Promise<InvokeResult> {
    return inSpan('tool_call', { 'patchbay.tool': name }, () =>
      this.executor.execute(name, args, options),
    );
  }

  /** Logical tools routed to the server (a server in use cannot be deleted). */
  routesTo(serverId: string): string[] {
    return this.resolver
      .targets()
      .filter((t) => t.kind === 'mcp' && t.route.serverId === serverId)
      .map((t) => t.name);
  }

  async listTools(): Promise<ToolView[]> {
    return Promise.all(this.resolver.targets().map((t) => this.view(t)));
  }

  /**
   * The same list without any round trip: a routed tool whose server's listing is not in the
   * cache yet shows its local description and schema (or an any-object schema).
   */
  listToolsCached(): ToolView[] {
    return this.resolver.targets().map((t) => this.viewCached(t));
  }

  private viewCached(target: Target): ToolView {
    const base = this.baseView(target);
    if (target.kind === 'local') return base;
    const verdict = this.gate.judgeRoute(target.route);
    if (verdict instanceof PatchbayError) {
      return { ...base, available: false, unavailable_reason: verdict.message };
    }
    const listed = this.invoker.describeCached(verdict, target.route.toolName);
    if (listed instanceof PatchbayError) {
      return { ...base, available: false, unavailable_reason: listed.message };
    }
    if (!listed) return base;
    return {
      ...base,
      description: listed.description ?? base.description,
      input_schema: listed.inputSchema as JsonSchema,
    };
  }

  private baseView(target: Target): ToolView {
    const local = target.kind === 'local' ? target.tool : target.local;
    return {
      name: target.name,
      description: local?.description ?? '',
      input_schema: local?.inputSchema ?? { type: 'object' },
      binding: bindingOf(target),
      available: true,
      unavailable_reason: null,
    };
  }

  private async view(target: Target): Promise<ToolView> {
    const base = this.baseView(target);
    if (target.kind === 'local') return base;
    // The same rule and wording as a call through this route would meet.
    const verdict = this.gate.judgeRoute(target.route);
    if (verdict instanceof PatchbayError) {
      return { ...base, available: false, unavailable_reason: verdict.message };
    }
    const described = this.invoker.describe(verdict, target.route.toolName);
    const listed = await within(described, LIST_SCHEMA_WAIT_MS);
    if (listed === 'slow') return base;
    if (listed instanceof PatchbayError) {
      return { ...base, available: false, unavailable_reason: listed.message };
    }
    return {
      ...base,
      description: listed.description ?? base.description,
      input_schema: listed.inputSchema as JsonSchema,
    };
  }
}

/** The value, the PatchbayError it failed with, or 'slow'; never rejects. */
async function within<T>(work: Promise<T>, ms: number): Promise<T | PatchbayError | 'slow'> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), ms)));
  const settled = work.catch((err: unknown) =>
    err instanceof PatchbayError ? err : toolListFailed(),
  );
  try {
    return await Promise.race([settled, slow]);
  } finally {
    clearTimeout(timer);
  }
}
