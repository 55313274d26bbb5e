import { Logger } from '@nestjs/common';
import { JsonFile, Parsed } from '../common/json-file';
import { StoredDocument } from '../common/stored-document';
import { Documents } from '../database/documents';
import { DEFAULT_INTEGRATIONS } from './default-integrations';
import { McpServersFile, ServerEntry, parseMcpServersFile } from './mcp-servers.schema';
import { buildCatalog } from './server-catalog';

const BUILT_IN_IDS = new Set(DEFAULT_INTEGRATIONS.flatMap((d) => (d.server ? [d.server.id] : [])));
const emptyFile = (): McpServersFile => ({ mcp_servers: {} });

/**
 * Where server definitions come from: config/mcp_servers.json, which the API edits in file
 * mode; in database mode that file is the deployment's read-only base and the API's edits are
 * the database document `mcp_servers`, laid over it entry by entry (field by field).
 */
export class ServerLayers {
  private readonly logger = new Logger(ServerLayers.name);
  private readonly orphans = new Set<string>();
  readonly base: JsonFile<McpServersFile>;
  /** Database mode only: the API's edits above the base. */
  readonly overlay: StoredDocument<McpServersFile> | null;

  constructor(path: string, documents: Documents) {
    this.base = new JsonFile(path, parseWithCatalog, emptyFile);
    this.overlay = documents.shared
      ? documents.document('mcp_servers', path, (data) => this.parseOverlay(data), emptyFile, {
          importFile: false,
        })
      : null;
  }

  /** What the API writes to: the overlay in database mode, else the file. */
  get editable(): StoredDocument<McpServersFile> {
    return this.overlay ?? this.base;
  }

  /** The definitions in effect: the file, or the base with the overlay laid over it. */
  merged(overlay = this.overlay?.value): McpServersFile {
    if (!overlay) return this.base.value;
    return { mcp_servers: this.lay(this.base.value.mcp_servers, overlay.mcp_servers) };
  }

  /** Whether the read-only base file defines the server (only in database mode). */
  inBase(id: string): boolean {
    return this.overlay !== null && Object.hasOwn(this.base.value.mcp_servers, id);
  }

  /** The problems a document for `editable` would have once merged (empty: it would load). */
  check(next: McpServersFile): string[] {
    const parsed = this.overlay ? this.parseOverlay(next) : parseWithCatalog(next);
    return parsed.ok ? [] : parsed.problems;
  }

  watch(onChange: () => void): void {
    this.base.watch(onChange);
    this.overlay?.watch(onChange);
  }

  async reload(onChange: () => void): Promise<void> {
    await this.base.reload(onChange);
    await this.overlay?.reload(onChange);
  }

  close(): void {
    this.base.close();
    this.overlay?.close();
  }

  /** The overlay's start-up parse, also the write rule: valid alone, and valid over the base. */
  private parseOverlay(data: unknown): Parsed<McpServersFile> {
    const parsed = parseMcpServersFile(data);
    if (!parsed.ok) return parsed;
    const { problems } = buildCatalog(DEFAULT_INTEGRATIONS, this.merged(parsed.value));
    return problems.length ? { ok: false, problems } : parsed;
  }

  private lay(
    base: Record<string, ServerEntry>,
    overlay: Record<string, ServerEntry>,
  ): Record<string, ServerEntry> {
    const out = { ...base };
    for (const [id, entry] of Object.entries(overlay)) {
      const under = Object.hasOwn(base, id) ? base[id] : undefined;
      // An edit of a server the base file no longer defines has nothing left to edit.
      if (!under && !BUILT_IN_IDS.has(id) && entry.transport === undefined) {
        if (!this.orphans.has(id)) {
          this.orphans.add(id);
          this.logger.warn(`server_id=${id} edited in the database but gone from the base file`);
        }
        continue;
      }
      out[id] = { ...under, ...entry };
    }
    return out;
  }
}

/** The file's parse: the schema, and the catalog it builds over the built-in servers. */
export function parseWithCatalog(data: unknown): Parsed<McpServersFile> {
  const parsed = parseMcpServersFile(data);
  if (!parsed.ok) return parsed;
  const { problems } = buildCatalog(DEFAULT_INTEGRATIONS, parsed.value);
  return problems.length ? { ok: false, problems } : parsed;
}
