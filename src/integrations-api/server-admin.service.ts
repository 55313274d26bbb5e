import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import {
  StdioFromApiDisabledError,
  ValidationFailedError,
  builtInConflict,
  serverExists,
  serverInUse,
} from '../common/errors/catalogue';
import { SERVER_ID_PATTERN } from '../common/ids';
import { patchbayConfig } from '../config/patchbay.config';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { McpServerConfig } from '../integration-registry/mcp-server.types';
import { ServerEntry } from '../integration-registry/mcp-servers.schema';
import { OAuthService } from '../oauth/oauth.service';
import { PlaybooksService } from '../playbooks/playbooks.service';
import { SecretsService } from '../secrets/secrets.service';
import { ToolPinsService } from '../tool-pins/tool-pins.service';
import { ToolRegistryService } from '../tool-registry/tool-registry.service';
import { isCredentialHeader } from './import/snippet-values';
import { ToolsetsService } from '../toolsets/toolsets.service';

const STDIO_FIELDS = ['command', 'args', 'env', 'cwd'] as const;
const LAUNCH_FIELDS = ['url', 'headers', ...STDIO_FIELDS] as const;

/** Adds, edits and deletes servers through the API with the checks a hand edit does not need. */
@Injectable()
export class ServerAdminService {
  constructor(
    private readonly registry: IntegrationRegistryService,
    private readonly secrets: SecretsService,
    private readonly tools: ToolRegistryService,
    private readonly pins: ToolPinsService,
    private readonly playbooks: PlaybooksService,
    private readonly oauth: OAuthService,
    private readonly toolsets: ToolsetsService,
    @Inject(patchbayConfig.KEY) private readonly config: ConfigType<typeof patchbayConfig>,
  ) {}

  get allowStdio(): boolean {
    return this.config.allowStdioFromApi;
  }

  /** POST: `body` is `{id, ...config entry}`. @throws 400, 403, 409 */
  create(body: Record<string, unknown>): Promise<McpServerConfig> {
    rejectNulls(body);
    const { id, ...entry } = body;
    if (typeof id !== 'string' || !SERVER_ID_PATTERN.test(id)) {
      throw new ValidationFailedError(
        'id: 1–64 letters, digits, "_" or "-" (starting with a letter or digit).',
      );
    }
    if (this.registry.findServer(id)) {
      throw serverExists(id);
    }
    if (entry.transport === undefined) throw new ValidationFailedError('transport: is required.');
    if (entry.transport === 'stdio') {
      this.assertStdioAllowed(id, ['transport', ...STDIO_FIELDS.filter((f) => f in entry)]);
    }
    return this.registry.createServer(id, this.checked(id, entry as ServerEntry));
  }

  /** The PATCH rules for the launch fields (the store checks the schema). @throws 400, 403, 409 */
  checkPatch(server: McpServerConfig, body: Record<string, unknown>): void {
    rejectNulls(body);
    const launch = LAUNCH_FIELDS.filter((f) => body[f] !== undefined);
    if (launch.length === 0) return;
    if (server.source === 'default')
      throw builtInConflict(server.id, `given a new ${launch.join(', ')}`);
    const stdio = launch.filter((f) => (STDIO_FIELDS as readonly string[]).includes(f));
    if (stdio.length > 0) this.assertStdioAllowed(server.id, stdio);
    checkHeaders(body.headers);
  }

  /** DELETE: closes the connection (on the change), then forgets secrets, OAuth state and pins. */
  async remove(id: string): Promise<void> {
    const server = this.registry.getServer(id);
    if (server.source === 'default') throw builtInConflict(id, 'deleted');
    this.assertUnused(id);
    await this.registry.removeServer(id);
    await this.secrets.forgetServer(server);
    await this.oauth.serverDeleted(id);
    await this.pins.forget(id);
  }

  /** 409 while a route, a playbook step or a toolset still names the server. */
  private assertUnused(id: string): void {
    const routes = this.tools.routesTo(id);
    const playbooks = this.playbooks.usingServer(id);
    const toolsets = this.toolsets.usingServer(id);
    if (routes.length + playbooks.length + toolsets.length === 0) return;
    throw serverInUse(id, routes, playbooks, toolsets);
  }

  /** The entry as the file would hold it, or 400 with the start-up schema's problems. */
  checked(id: string, entry: ServerEntry): ServerEntry {
    checkHeaders(entry.headers);
    const prefix = `$.mcp_servers.${id}.`;
    const problems = this.registry.checkEntry(id, entry).map((p) => p.replace(prefix, ''));
    if (problems.length > 0) {
      throw new ValidationFailedError(`Invalid server: ${problems.join('; ')}.`, { problems });
    }
    return entry;
  }

  private assertStdioAllowed(id: string, fields: string[]): void {
    if (!this.allowStdio) throw new StdioFromApiDisabledError(id, fields);
  }
}

function rejectNulls(body: Record<string, unknown>): void {
  const fields = Object.keys(body).filter((k) => body[k] === null);
  if (fields.length > 0) {
    throw new ValidationFailedError(
      `${fields.join(', ')}: must not be null; leave a field out instead.`,
      {
        fields: fields.map((field) => ({ field, problems: ['must not be null'] })),
      },
    );
  }
}

/** Secrets never go into the config file: a credential-like header must be a credential. */
function checkHeaders(headers: unknown): void {
  if (!headers || typeof headers !== 'object') return;
  const secret = Object.keys(headers).filter(isCredentialHeader);
  if (secret.length > 0) {
    throw new ValidationFailedError(
      `${secret.join(', ')}: a credential-like header cannot be stored in the config file; declare it under "credentials" ({name, header, format}) and PUT its value.`,
      { fields: secret.map((h) => ({ field: `headers.${h}`, problems: ['is a credential'] })) },
    );
  }
}
