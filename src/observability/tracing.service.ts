import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { ROOT_CONTEXT, Span, context, propagation, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Subscription } from 'rxjs';
import { annotateSpan, setTracingActive } from '../common/tracing';
import { patchbayConfig } from '../config/patchbay.config';
import { ToolRegistryService } from '../tool-registry/tool-registry.service';
import { RunningSdk, startOtelSdk } from './otel-sdk';

type Traced = { span: Span; ctx: ReturnType<typeof context.active> };

/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set: starts the SDK, opens a span per HTTP request (the
 * tool call spans of ToolRegistryService nest inside it) and labels each tool call span
 * with its run. Without it, nothing here runs.
 */
@Injectable()
export class TracingService implements OnModuleInit, OnApplicationShutdown {
  private sdk: RunningSdk | null = null;
  private readonly requests = new WeakMap<FastifyRequest, Traced>();
  private readonly subscription = new Subscription();

  constructor(
    @Inject(patchbayConfig.KEY) private readonly config: ConfigType<typeof patchbayConfig>,
    private readonly adapterHost: HttpAdapterHost,
    private readonly tools: ToolRegistryService,
  ) {}

  onModuleInit(): void {
    if (!this.config.otlpEndpoint) return;
    this.sdk = startOtelSdk(this.config.otlpEndpoint, this.config.otelServiceName);
    setTracingActive(true);
    this.hookRequests(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
    // Recorded inside the call's own span: the run's id and outcome label that span.
    this.subscription.add(
      this.tools.runs.subscribe((run) =>
        annotateSpan({
          'patchbay.run_id': run.run_id,
          'patchbay.outcome': run.outcome,
          'patchbay.caller': run.caller,
          ...(run.binding?.kind === 'mcp'
            ? { 'patchbay.server_id': run.binding.server_id, 'mcp.tool': run.binding.tool_name }
            : {}),
        }),
      ),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription.unsubscribe();
    if (!this.sdk) return;
    setTracingActive(false);
    await this.sdk.shutdown().catch(() => undefined); // flushes the last spans
    trace.disable();
    context.disable();
    propagation.disable();
  }

  private hookRequests(fastify: FastifyInstance): void {
    const tracer = trace.getTracer('patchbay');
    fastify.addHook('onRequest', (req, _reply, done) => {
      const parent = propagation.extract(ROOT_CONTEXT, req.headers);
      const path = req.url.split('?')[0]; // never the query string
      const span = tracer.startSpan(
        `${req.method} ${path}`,
        { attributes: { 'http.request.method': req.method, 'url.path': path } },
        parent,
      );
      this.requests.set(req, { span, ctx: trace.setSpan(parent, span) });
      done();
    });
    // The handler runs in the request's span, so the spans it opens are its children.
    fastify.addHook('preHandler', (req, _reply, done) => {
      const traced = this.requests.get(req);
      if (traced) context.with(traced.ctx, done);
      else done();
    });
    fastify.addHook('onResponse', (req, reply, done) => {
      const traced = this.requests.get(req);
      if (traced) {
        const route = req.routeOptions.url;
        if (route) traced.span.updateName(`${req.method} ${route}`);
        traced.span.setAttribute('http.response.status_code', reply.statusCode);
        if (route) traced.span.setAttribute('http.route', route);
        traced.span.end();
      }
      done();
    });
    // A caller that leaves before the answer: the span still ends.
    fastify.addHook('onRequestAbort', (req, done) => {
      this.requests.get(req)?.span.setAttribute('http.aborted', true).end();
      done();
    });
  }
}
