import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpSession } from '../mcp-session';

const MAX_PAGES = 50;

/**
 * One server's tool list, loaded once per connection and dropped on
 * `notifications/tools/list_changed` or a reconnect. Concurrent readers share one load.
 */
export class ToolCache {
  private tools: Tool[] | null = null;
  private byName = new Map<string, Tool>();
  private loading: { session: McpSession; promise: Promise<Tool[]> } | null = null;
  private generation = 0;

  constructor(
    private readonly timeoutMs: () => number,
    private readonly onLoaded: () => void = () => undefined,
  ) {}

  get(session: McpSession): Promise<Tool[]> {
    if (this.tools) return Promise.resolve(this.tools);
    if (this.loading?.session === session) return this.loading.promise;
    const generation = this.generation;
    const promise = loadAll(session, this.timeoutMs()).then((tools) => {
      if (generation === this.generation) {
        this.tools = tools;
        this.byName = new Map(tools.map((t) => [t.name, t]));
        this.onLoaded();
      }
      return tools;
    });
    const loading = { session, promise };
    this.loading = loading;
    void promise
      .finally(() => this.loading === loading && (this.loading = null))
      .catch(() => undefined);
    return promise;
  }

  cached(): Tool[] | null {
    return this.tools;
  }

  find(name: string): Tool | undefined {
    return this.byName.get(name);
  }

  /** Forgets the list; answers whether one was cached (so the caller may reload it). */
  reset(): boolean {
    const had = this.tools !== null;
    this.tools = null;
    this.byName = new Map();
    this.loading = null;
    this.generation++;
    return had;
  }
}

/** Follows `nextCursor` pages (bounded) into one list. */
async function loadAll(session: McpSession, timeoutMs: number): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await session.client.listTools(cursor ? { cursor } : undefined, {
      timeout: timeoutMs,
    });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return tools;
}
