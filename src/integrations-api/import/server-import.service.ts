import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { PatchbayError } from '../../common/errors/catalogue';
import { patchbayConfig } from '../../config/patchbay.config';
import { IntegrationRegistryService } from '../../integration-registry/integration-registry.service';
import { McpServerConfig } from '../../integration-registry/mcp-server.types';
import { previewServer } from '../../integration-registry/server-catalog';
import { SecretsService } from '../../secrets/secrets.service';
import { ServerAdminService } from '../server-admin.service';
import { readSnippet } from './snippet-format';
import { EntryPlan, Placement, planEntry } from './snippet-plan';

export interface ImportOutcome {
  created: McpServerConfig[];
  skipped: { id: string; reason: string }[];
  placements: Placement[];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1', '0.0.0.0']);

/** POST .../mcp-servers/import: client snippets (Claude Desktop, Cursor, VS Code) to servers. */
@Injectable()
export class ServerImportService {
  private readonly logger = new Logger(ServerImportService.name);

  constructor(
    private readonly registry: IntegrationRegistryService,
    private readonly secrets: SecretsService,
    private readonly admin: ServerAdminService,
    @Inject(patchbayConfig.KEY) private readonly config: ConfigType<typeof patchbayConfig>,
  ) {}

  /** @param ownPort the port this request came in on (Patchbay's own address) */
  async import(body: unknown, dryRun: boolean, ownPort: number): Promise<ImportOutcome> {
    const snippet = readSnippet(body);
    const ctx = {
      allowStdio: this.admin.allowStdio,
      inputs: snippet.inputs,
      isSelf: (text: string) => this.isSelf(text, ownPort),
    };
    const out: ImportOutcome = { created: [], skipped: [], placements: [] };
    const seen = new Set<string>();
    for (const [key, raw] of snippet.entries) {
      const plan = this.vet(planEntry(key, raw, ctx), seen);
      if (!plan.ok) {
        out.skipped.push({ id: plan.id, reason: plan.reason });
        continue;
      }
      seen.add(plan.id);
      out.placements.push(...plan.placements);
      out.created.push(dryRun ? previewServer(plan.id, plan.entry) : await this.apply(plan));
    }
    return out;
  }

  /** Existing ids and entries the config schema would refuse are skipped with the reason. */
  private vet(plan: EntryPlan, seen: Set<string>): EntryPlan {
    if (!plan.ok) return plan;
    const skip = (reason: string): EntryPlan => ({ ok: false, id: plan.id, reason });
    if (this.registry.findServer(plan.id) || seen.has(plan.id)) {
      return skip(`An MCP server with the id "${plan.id}" already exists.`);
    }
    try {
      this.admin.checked(plan.id, plan.entry);
    } catch (err) {
      return skip(err instanceof PatchbayError ? err.message : 'Invalid entry.');
    }
    return plan;
  }

  private async apply(plan: Extract<EntryPlan, { ok: true }>): Promise<McpServerConfig> {
    const server = await this.registry.createServer(plan.id, plan.entry);
    for (const { credential, value } of plan.values) {
      await this.secrets.set(server, credential, value);
    }
    this.logger.log(`server_id=${plan.id} imported with ${plan.values.length} stored credentials`);
    return this.registry.getServer(plan.id);
  }

  private isSelf(text: string, ownPort: number): boolean {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const hosts = new Set([...LOOPBACK, this.config.host.toLowerCase()]);
    return hosts.has(url.hostname.toLowerCase()) && (port === ownPort || port === this.config.port);
  }
}
