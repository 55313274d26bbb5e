import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { McpTool, McpToolOptions } from './mcp-tool.decorator';
import { ToolRegistryService } from './tool-registry.service';
import { ToolArgs, ToolContext } from './tool.types';

type Method = (args: ToolArgs, ctx: ToolContext) => unknown;

/** Finds `@McpTool` methods on every provider at start-up and registers them. */
@Injectable()
export class ToolExplorer implements OnModuleInit {
  private readonly logger = new Logger(ToolExplorer.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly registry: ToolRegistryService,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) this.explore(wrapper);
  }

  private explore(wrapper: InstanceWrapper): void {
    const proto = prototypeOf(wrapper);
    if (!proto) return;
    const tools = this.scanner
      .getAllMethodNames(proto)
      .map((method) => ({ method, options: readOptions(proto, method) }))
      .filter((t): t is { method: string; options: McpToolOptions } => t.options !== undefined);
    if (tools.length === 0) return;
    const className = proto.constructor?.name ?? String(wrapper.name);
    if (!wrapper.isDependencyTreeStatic()) {
      // A request-scoped provider has no instance to call outside a request.
      this.logger.warn(
        `${className} is request-scoped; its @McpTool methods (${tools.map((t) => t.options.name).join(', ')}) are not registered.`,
      );
      return;
    }
    const instance = wrapper.instance as Record<string, Method>;
    for (const { method, options } of tools) {
      this.registry.register(
        { ...options, handler: (args, ctx) => instance[method].call(instance, args, ctx) },
        `${className}.${method}()`,
      );
    }
  }
}

function prototypeOf(wrapper: InstanceWrapper): object | undefined {
  const { instance, metatype } = wrapper;
  if (instance && typeof instance === 'object') return Object.getPrototypeOf(instance) as object;
  // Not instantiated (request-scoped): read the class so the skip can be reported.
  if (typeof metatype === 'function' && wrapper.inject === undefined) {
    return metatype.prototype as object;
  }
  return undefined;
}

function readOptions(proto: object, method: string): McpToolOptions | undefined {
  const fn = (proto as Record<string, unknown>)[method];
  if (typeof fn !== 'function') return undefined;
  return Reflect.getMetadata(McpTool.KEY, fn) as McpToolOptions | undefined;
}
