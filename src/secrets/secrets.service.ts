import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { processRedactor } from '../common/redact';
import {
  CredentialSpec,
  McpServerConfig,
  oauthCredentialNames,
} from '../integration-registry/mcp-server.types';
import { EnvSecretStore } from './env-secret.store';
import { ExternalChange, SECRET_STORE, SecretStore } from './secret-store';
import { CredentialNotDeclaredError } from '../common/errors/catalogue';
import { checkCredentialValue } from './secrets.errors';
import {
  CredentialChange,
  CredentialStatus,
  ResolvedCredentials,
  SecretValue,
} from './secrets.types';

type Found = { value: SecretValue; source: 'store' | 'env' };

/**
 * Credentials of MCP servers: says which are configured (never their values), resolves them
 * when a server connects, and stores new ones. Lookup order: the store, then Patchbay's
 * environment under the credential's name. Every value seen is registered with the process
 * redactor, and stays masked for the process lifetime even after removal.
 */
@Injectable()
export class SecretsService implements OnModuleInit {
  private readonly logger = new Logger(SecretsService.name);
  private readonly changed = new Subject<CredentialChange>();
  private readonly internalChanged = new Subject<ExternalChange>();

  constructor(
    @Inject(SECRET_STORE) private readonly store: SecretStore,
    private readonly env: EnvSecretStore,
  ) {}

  /** Masks every stored value from the start (SecretsModule opened the store, once). */
  onModuleInit(): void {
    for (const value of this.store.values()) mask(value);
    this.store.watch?.((change) => this.external(change));
  }

  /** Emits after a credential was stored or removed; the client reconnects that server. */
  get changes(): Observable<CredentialChange> {
    return this.changed.asObservable();
  }

  describe(server: McpServerConfig): CredentialStatus[] {
    return server.credentials.map((spec) => {
      const found = this.find(server.id, spec);
      return {
        name: spec.name,
        required: spec.required,
        configured: found !== undefined,
        source: found?.source ?? null,
      };
    });
  }

  /** Names of required credentials that have no value anywhere. */
  missingRequired(server: McpServerConfig): string[] {
    return server.credentials
      .filter((spec) => spec.required && !this.find(server.id, spec))
      .map((spec) => spec.name);
  }

  /** Values for a connection: env vars for a stdio child, headers for HTTP transports. */
  resolve(server: McpServerConfig): Promise<ResolvedCredentials> {
    const out: ResolvedCredentials = { env: {}, headers: {} };
    for (const spec of server.credentials) {
      // OAuth client secrets and keys go to the token endpoint only (src/oauth), never upstream.
      if (oauthCredentialNames(server).includes(spec.name)) continue;
      const found = this.find(server.id, spec);
      if (!found) continue;
      if (server.transport === 'stdio') {
        out.env[spec.env ?? spec.name] = found.value;
      } else if (spec.header) {
        const text = (spec.format ?? '{value}').split('{value}').join(found.value.reveal());
        out.headers[spec.header] = mask(new SecretValue(text));
      } else {
        this.logger.warn(
          `server_id=${server.id} credential ${spec.name} names no header; not sent`,
        );
      }
    }
    return Promise.resolve(out);
  }

  async set(server: McpServerConfig, name: string, value: string): Promise<void> {
    const spec = this.declared(server, name);
    // Masked before anything else, so even a failed write cannot echo it.
    const secret = mask(new SecretValue(value));
    checkCredentialValue(name, value, server.transport !== 'stdio' && !!spec.header);
    await this.store.set(server.id, name, secret);
    this.logger.log(`server_id=${server.id} credential ${name} stored`);
    this.changed.next({ serverId: server.id, name });
  }

  async remove(server: McpServerConfig, name: string): Promise<void> {
    this.declared(server, name);
    if (!(await this.store.delete(server.id, name))) return;
    this.logger.log(`server_id=${server.id} credential ${name} removed`);
    this.changed.next({ serverId: server.id, name });
  }

  /**
   * Secrets Patchbay itself owns (a playbook's webhook secret), under a scope no server id
   * can take (it holds a colon): encrypted and masked like every credential.
   */
  async setOwn(scope: string, name: string, value: string): Promise<void> {
    await this.store.set(ownKey(scope), name, mask(new SecretValue(value)));
  }

  getOwn(scope: string, name: string): SecretValue | undefined {
    const stored = this.store.get(ownKey(scope), name);
    return stored ? mask(stored) : undefined;
  }

  async removeOwn(scope: string, name: string): Promise<void> {
    await this.store.delete(ownKey(scope), name);
  }

  /**
   * Removes every stored value of a server that is being deleted (its config is gone):
   * declared credentials, ones it no longer declares, and its OAuth tokens and registration.
   */
  async forgetServer(server: McpServerConfig): Promise<void> {
    await this.store.deleteAll(server.id);
    this.logger.log(`server_id=${server.id} stored credentials forgotten`);
  }

  /** A declared credential's value (store, then env), for Patchbay's own use (OAuth client secret). */
  valueOf(server: McpServerConfig, name: string): SecretValue | undefined {
    const spec = server.credentials.find((c) => c.name === name);
    return spec ? this.find(server.id, spec)?.value : undefined;
  }

  /**
   * Material Patchbay keeps for a server besides declared credentials (OAuth tokens and
   * registrations), under names with a dot so they never clash with a credential. Encrypted
   * like credentials, never described by the API, and writes emit no change (a token
   * refresh must not reconnect the server). The caller masks what is inside.
   */
  readInternal(serverId: string, name: string): string | undefined {
    return this.store.get(serverId, internalName(name))?.reveal();
  }

  async writeInternal(serverId: string, name: string, value: string): Promise<void> {
    await this.store.set(serverId, internalName(name), new SecretValue(value));
  }

  async deleteInternal(serverId: string, name: string): Promise<void> {
    await this.store.delete(serverId, internalName(name));
  }

  /** Reads an internal entry afresh from a shared store (another replica may have written it). */
  async reloadInternal(serverId: string, name: string): Promise<void> {
    await this.store.reload?.(serverId, internalName(name));
  }

  /** Internal entries another replica changed (database mode); src/oauth decides what follows. */
  get internalChanges(): Observable<ExternalChange> {
    return this.internalChanged.asObservable();
  }

  /**
   * Tells listeners that what the server authenticates with changed (OAuth authorized,
   * forgotten or refused): like a credential change, it reconnects and rechecks the server.
   */
  announce(serverId: string, name: string): void {
    this.changed.next({ serverId, name });
  }

  /**
   * Another replica stored or removed a value: masked here too, and a credential change
   * reconnects the server here as it does where it was made.
   */
  private external(change: ExternalChange): void {
    if (change.after) mask(change.after);
    const { serverId, name } = change;
    if (serverId.startsWith(ownKey(''))) return;
    if (name.includes('.')) this.internalChanged.next(change);
    else {
      this.logger.log(`server_id=${serverId} credential ${name} changed on another replica`);
      this.changed.next({ serverId, name });
    }
  }

  private declared(server: McpServerConfig, name: string): CredentialSpec {
    const spec = server.credentials.find((c) => c.name === name);
    if (!spec) {
      const names = server.credentials.map((c) => c.name);
      throw new CredentialNotDeclaredError(server.id, name, names);
    }
    return spec;
  }

  private find(serverId: string, spec: CredentialSpec): Found | undefined {
    const stored = this.store.get(serverId, spec.name);
    if (stored) return { value: mask(stored), source: 'store' };
    const env = this.env.get(spec.name);
    return env ? { value: mask(env), source: 'env' } : undefined;
  }
}

const ownKey = (scope: string) => `patchbay:${scope}`;
function internalName(name: string): string {
  if (!name.includes('.')) throw new Error(`internal secret names need a dot: ${name}`);
  return name;
}

function mask(value: SecretValue): SecretValue {
  processRedactor.add(value.reveal());
  return value;
}
