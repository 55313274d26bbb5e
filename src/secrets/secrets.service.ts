import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { McpServerConfig } from '../integration-registry/mcp-server.types';
import { CredentialChange, CredentialStatus, ResolvedCredentials } from './secrets.types';

/**
 * Credentials of MCP servers: describes which are configured, resolves them when a server
 * connects, and stores new values. (Skeleton: the store lands with the secrets issue.)
 */
@Injectable()
export class SecretsService {
  private readonly changed = new Subject<CredentialChange>();

  get changes(): Observable<CredentialChange> {
    return this.changed.asObservable();
  }

  describe(server: McpServerConfig): CredentialStatus[] {
    return server.credentials.map((c) => ({
      name: c.name,
      required: c.required,
      configured: false,
      source: null,
    }));
  }

  /** Names of required credentials that have no value anywhere. */
  missingRequired(server: McpServerConfig): string[] {
    return this.describe(server)
      .filter((c) => c.required && !c.configured)
      .map((c) => c.name);
  }

  resolve(_server: McpServerConfig): Promise<ResolvedCredentials> {
    return Promise.resolve({ env: {}, headers: {} });
  }

  async set(_server: McpServerConfig, _name: string, _value: string): Promise<void> {}

  async remove(_server: McpServerConfig, _name: string): Promise<void> {}
}
