import { Injectable, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { AdmissionGate, AdmittedServer, RouteRef } from '../admission/admission-gate';
import { PatchbayError, callFailedUnexpectedly, internalError } from '../common/errors/catalogue';
import { TOOL_RUN_FINISHED, toolRunFinished } from '../common/events';
import { ArgsValidator } from './args-validator';
import { BindingResolver, Target, bindingOf, mcpBinding } from './binding-resolver';
import { McpInvoker } from './mcp-invoker';
import { RunLog, RunRecord } from './run-log';
import { InnerArgs, redactArgs } from './secret-args';
import { runWithLimits } from './run-limits';
import {
  Binding,
  ExecuteOptions,
  InvokeResult,
  JsonSchema,
  RegisteredTool,
  ToolArgs,
  ToolContext,
  ToolResult,
} from './tool.types';

/** A resolved call whose arguments passed the schema. */
export interface Plan {
  target: Target;
  binding: Binding;
  schema: JsonSchema;
  /** The routed call's server, admitted once for this call; null for a local tool. */
  server: AdmittedServer | null;
}

/** What a call learned while it ran (a local tool may hand over to MCP). */
interface Trace {
  binding: Binding | null;
  schema?: JsonSchema;
  inner?: InnerArgs;
}

/** Runs one invocation end to end and records it. Callers go through ToolRegistryService. */
@Injectable()
export class ToolExecutor {
  constructor(
    private readonly resolver: BindingResolver,
    private readonly gate: AdmissionGate,
    private readonly invoker: McpInvoker,
    private readonly validator: ArgsValidator,
    private readonly runs: RunLog,
    @Optional() private readonly events?: EventEmitter2,
  ) {}

  /** Resolves the name and checks the arguments without running anything. */
  async prepare(name: string, args: ToolArgs): Promise<Plan> {
    const target = this.resolver.resolve(name);
    if (target.kind === 'local') {
      this.validator.check(name, target.tool.inputSchema, args);
      const schema = target.tool.inputSchema;
      return { target, binding: bindingOf(target), schema, server: null };
    }
    const server = this.admit(target.route);
    const schema = await this.invoker.schemaOf(server, target.route.toolName);
    this.invoker.check(name, schema, args);
    return { target, binding: bindingOf(target), schema, server };
  }

  /**
   * The one "may this call run?" of the execution path: asked once per call, for the route's
   * server or for the server a local tool hands over to (by id). Layers below trust its answer.
   */
  private admit(ref: RouteRef | string): AdmittedServer {
    return typeof ref === 'string' ? this.gate.admit(ref) : this.gate.admitRoute(ref);
  }

  async execute(name: string, args: ToolArgs, options: ExecuteOptions = {}): Promise<InvokeResult> {
    const runId = randomUUID();
    const startedAt = new Date();
    const t0 = performance.now();
    const trace: Trace = { binding: null };
    const finish = (outcome: string, end: Pick<RunRecord, 'error' | 'result'>) => {
      const elapsed = performance.now() - t0;
      const duration = Math.round(elapsed);
      this.runs.record({
        run_id: runId,
        tool: name,
        binding: trace.binding,
        caller: options.caller ?? 'internal',
        started_at: startedAt.toISOString(),
        duration_ms: duration,
        elapsed_ms: elapsed,
        outcome,
        args: redactArgs(trace.schema, args, trace.inner),
        ...end,
      });
      const event = {
        run_id: runId,
        tool: name,
        binding: trace.binding,
        caller: options.caller ?? 'internal',
        outcome,
        duration_ms: duration,
      };
      this.events?.emit(TOOL_RUN_FINISHED, toolRunFinished(event), options.playbookDepth ?? 0);
      return duration;
    };
    try {
      const plan = await this.prepare(name, args);
      Object.assign(trace, { binding: plan.binding, schema: plan.schema });
      const result = await this.run(plan, args, options, trace);
      const duration = finish(result.isError ? 'tool_error' : 'ok', { result: result.content });
      return toAnswer(name, trace.binding ?? plan.binding, result, duration, runId);
    } catch (err) {
      const error = err instanceof PatchbayError ? err : null;
      finish(error?.code ?? 'internal_error', {
        error: {
          code: error?.code ?? 'internal_error',
          message: error?.message ?? 'Internal error.',
        },
      });
      throw withRunId(err, runId);
    }
  }

  private run(plan: Plan, args: ToolArgs, options: ExecuteOptions, trace: Trace) {
    const { target } = plan;
    if (target.kind === 'mcp' && plan.server) {
      return this.invoker.call(plan.server, target.route.toolName, args, options);
    }
    if (target.kind === 'mcp') throw internalError('A routed call was not admitted.');
    return this.runLocal(target.tool, args, options, trace);
  }

  private runLocal(
    tool: RegisteredTool,
    args: ToolArgs,
    options: ExecuteOptions,
    trace: Trace,
  ): Promise<ToolResult> {
    return runWithLimits(tool, options, (signal) => {
      const ctx: ToolContext = {
        signal,
        caller: options.caller ?? 'internal',
        reportProgress: (progress, total, message) =>
          options.onProgress?.({ progress, total: total ?? null, message: message ?? null }),
        callMcp: async (serverId, toolName, innerArgs) => {
          trace.binding = mcpBinding(serverId, toolName);
          const server = this.admit(serverId);
          const schema = await this.invoker.schemaOf(server, toolName);
          trace.inner = { value: innerArgs, schema };
          this.invoker.check(`${serverId}/${toolName}`, schema, innerArgs);
          return this.invoker.call(server, toolName, innerArgs, { ...options, signal });
        },
      };
      return tool.run(args, ctx);
    });
  }
}

function toAnswer(
  tool: string,
  binding: Binding,
  result: ToolResult,
  durationMs: number,
  runId: string,
): InvokeResult {
  return {
    tool,
    binding,
    is_error: result.isError === true,
    content: result.content,
    structured_content: result.structuredContent ?? null,
    duration_ms: durationMs,
    run_id: runId,
  };
}

/** Every error a tool call produced names its run, so it can be found in GET /runs and the log. */
function withRunId(err: unknown, runId: string): PatchbayError {
  if (err instanceof PatchbayError) return err.withDetails({ run_id: runId });
  return callFailedUnexpectedly(runId, err);
}
