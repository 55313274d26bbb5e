import { Injectable, Logger, Module, Scope } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ArgsValidator } from './args-validator';
import { McpTool } from './mcp-tool.decorator';
import { ToolCatalog } from './tool-catalog';
import { ToolRegistryService } from './tool-registry.service';
import { ToolExplorer } from './tool.explorer';
import { ToolArgs, ToolDefinition } from './tool.types';

@Injectable()
class GreetTools {
  private readonly greeting = 'hello';

  @McpTool({ name: 'greet', description: 'Greets', inputSchema: { type: 'object' } })
  greet(args: ToolArgs) {
    return `${this.greeting} ${String(args.who)}`;
  }

  notATool() {
    return 1;
  }
}

@Injectable({ scope: Scope.REQUEST })
class PerRequestTools {
  @McpTool({ name: 'per_request' })
  run() {
    return 1;
  }
}

@Injectable()
class DuplicateGreet {
  @McpTool({ name: 'greet' })
  again() {
    return 2;
  }
}

/** The wiring under test: discovery → explorer → registry (the catalog is the real one). */
async function boot(providers: (new (...args: never[]) => object)[]) {
  const catalog = new ToolCatalog(new ArgsValidator());
  const registry = {
    register: (def: ToolDefinition, source?: string) => catalog.add(def, source),
  };
  @Module({
    imports: [DiscoveryModule],
    providers: [ToolExplorer, { provide: ToolRegistryService, useValue: registry }, ...providers],
  })
  class FixtureModule {}
  const ref = await Test.createTestingModule({ imports: [FixtureModule] }).compile();
  // Nest's default platform is Express, which Patchbay no longer ships.
  const app = ref.createNestApplication(new FastifyAdapter(), { logger: false });
  return { app, catalog };
}

describe('ToolExplorer', () => {
  it('registers @McpTool methods bound to their instance', async () => {
    const { app, catalog } = await boot([GreetTools]);
    await app.init();
    expect(catalog.list().map((t) => t.name)).toEqual(['greet']);
    const result = await catalog.get('greet')!.run(
      { who: 'ann' },
      {
        signal: new AbortController().signal,
        caller: 'test',
        reportProgress: () => undefined,
        callMcp: () => Promise.reject(new Error('unused')),
      },
    );
    expect(result.content).toEqual([{ type: 'text', text: '"hello ann"' }]);
    await app.close();
  });

  it('skips request-scoped providers with a warning', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { app, catalog } = await boot([PerRequestTools]);
    await app.init();
    expect(catalog.get('per_request')).toBeUndefined();
    expect(warn.mock.calls.flat().join(' ')).toMatch(/PerRequestTools is request-scoped/);
    warn.mockRestore();
    await app.close();
  });

  it('fails the start on a duplicate name', async () => {
    const { app } = await boot([GreetTools, DuplicateGreet]);
    await expect(app.init()).rejects.toThrow(/"greet" is registered twice/);
    await app.close();
  });
});
