import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { join } from 'node:path';
import { Observable, Subject } from 'rxjs';
import { API_KEY_VERIFIER, ApiKeyVerifier } from '../common/access/api-key-verifier';
import { ValidationFailedError, toolsetInUse, toolsetNotFound } from '../common/errors/catalogue';
import { StoredDocument } from '../common/stored-document';
import { Documents } from '../database/documents';
import { patchbayConfig } from '../config/patchbay.config';
import { ToolsetEntry, ToolsetsFile, parseToolsetsFile } from './toolsets.schema';

/** A named subset of the tools /mcp shows, served at /mcp/toolsets/{id}. */
export interface Toolset {
  id: string;
  name: string;
  description: string;
  tools: string[];
}

/**
 * The toolsets facade: owns config/toolsets.json (atomic serialised writes, each checked
 * against the schema the file is read with; hand edits picked up, bad ones ignored).
 */
@Injectable()
export class ToolsetsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ToolsetsService.name);
  private readonly file: StoredDocument<ToolsetsFile>;
  private readonly changed = new Subject<string | null>();

  constructor(
    @Inject(patchbayConfig.KEY) config: ConfigType<typeof patchbayConfig>,
    @Optional() documents: Documents = Documents.files(),
    @Optional() @Inject(API_KEY_VERIFIER) private readonly keys: ApiKeyVerifier | null = null,
  ) {
    this.file = documents.document(
      'toolsets',
      join(config.configDir, 'toolsets.json'),
      parseToolsetsFile,
      () => ({ toolsets: {} }),
    );
  }

  onModuleInit(): void {
    this.file.watch(() => {
      this.logger.log('toolsets reloaded (hand edit or another replica)');
      this.changed.next(null);
    });
  }

  onModuleDestroy(): void {
    this.file.close();
    this.changed.complete();
  }

  /** Fires with the toolset id after an API change, or null after a hand edit. */
  get changes(): Observable<string | null> {
    return this.changed.asObservable();
  }

  list(): Toolset[] {
    return Object.entries(this.file.value.toolsets)
      .map(([id, entry]) => toToolset(id, entry))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The toolset, or undefined when there is none with that id. */
  find(id: string): Toolset | undefined {
    const sets = this.file.value.toolsets;
    return Object.hasOwn(sets, id) ? toToolset(id, sets[id]) : undefined;
  }

  /** @throws toolset_not_found */
  /** Toolsets naming one of the server's tools (`{server_id}__{tool}`), which its deletion would break. */
  usingServer(serverId: string): string[] {
    const prefix = `${serverId}__`;
    return this.list()
      .filter((t) => t.tools.some((name) => name.startsWith(prefix)))
      .map((t) => t.id);
  }

  get(id: string): Toolset {
    const found = this.find(id);
    if (!found) throw notFound(id);
    return found;
  }

  /** Creates or replaces; refused (400) when the file would not load afterwards. */
  async put(id: string, entry: ToolsetEntry): Promise<Toolset> {
    await this.file.update((file) => {
      const next = { toolsets: { ...file.toolsets, [id]: entry } };
      const parsed = parseToolsetsFile(next);
      if (!parsed.ok) {
        throw new ValidationFailedError(`Toolset "${id}" is invalid.`, {
          problems: parsed.problems,
        });
      }
      return next;
    });
    this.changed.next(id);
    return this.get(id);
  }

  /** @throws toolset_not_found; conflict while an API key is limited to it */
  async remove(id: string): Promise<void> {
    this.get(id);
    const keys = this.keys?.keysBoundTo(id) ?? [];
    if (keys.length > 0) throw toolsetInUse(id, keys);
    await this.file.update((file) => {
      const rest = { ...file.toolsets };
      delete rest[id];
      return { toolsets: rest };
    });
    this.changed.next(id);
  }
}

const toToolset = (id: string, entry: ToolsetEntry): Toolset => ({
  id,
  name: entry.name,
  description: entry.description ?? '',
  tools: [...entry.tools],
});

const notFound = toolsetNotFound;
