import {
  CredentialSpec,
  DEFAULT_TIMEOUT_MS,
  DefaultIntegration,
  Integration,
  McpServerConfig,
  OAuthSettings,
} from './mcp-server.types';
import { CredentialEntry, McpServersFile, ServerEntry } from './mcp-servers.schema';

export interface Catalog {
  servers: Map<string, McpServerConfig>;
  integrations: Integration[];
  problems: string[];
}

const toCredential = (c: CredentialEntry): CredentialSpec => ({
  name: c.name,
  required: c.required ?? true,
  ...(c.description !== undefined && { description: c.description }),
  ...(c.env !== undefined && { env: c.env }),
  ...(c.header !== undefined && { header: c.header }),
  ...(c.format !== undefined && { format: c.format }),
});

function overlay(base: McpServerConfig, e: ServerEntry): McpServerConfig {
  return {
    ...base,
    ...(e.name !== undefined && { name: e.name }),
    ...(e.description !== undefined && { description: e.description }),
    ...(e.integration_id !== undefined && { integrationId: e.integration_id }),
    ...(e.transport !== undefined && { transport: e.transport }),
    ...(e.command !== undefined && { command: e.command }),
    ...(e.args !== undefined && { args: [...e.args] }),
    ...(e.env !== undefined && { env: { ...e.env } }),
    ...(e.cwd !== undefined && { cwd: e.cwd }),
    ...(e.url !== undefined && { url: e.url }),
    ...(e.headers !== undefined && { headers: { ...e.headers } }),
    ...(e.enabled !== undefined && { enabled: e.enabled }),
    ...(e.credentials !== undefined && { credentials: e.credentials.map(toCredential) }),
    ...(e.timeout_ms !== undefined && { timeoutMs: e.timeout_ms }),
  };
}

/** The server an entry would make, for previews (dry runs) that write nothing. */
export function previewServer(id: string, entry: ServerEntry): McpServerConfig {
  return withOAuth(overlay(configServer(id), entry), entry);
}

/** The `oauth` block; its secret and key become declared credentials so PUT can set them. */
function withOAuth(server: McpServerConfig, e: ServerEntry): McpServerConfig {
  const o = e.oauth;
  if (!o) return server;
  const oauth: OAuthSettings = {
    grantType: o.grant_type ?? 'authorization_code',
    scopes: [...(o.scopes ?? [])],
    ...(o.client_id !== undefined && { clientId: o.client_id }),
    ...(o.client_secret !== undefined && { clientSecret: o.client_secret }),
    ...(o.token_endpoint_auth_method !== undefined && {
      tokenEndpointAuthMethod: o.token_endpoint_auth_method,
    }),
    ...(o.private_key !== undefined && { privateKey: o.private_key }),
    ...(o.signing_algorithm !== undefined && { signingAlgorithm: o.signing_algorithm }),
  };
  const credentials = [...server.credentials];
  const described = { clientSecret: 'OAuth client secret', privateKey: 'OAuth private key (PEM)' };
  for (const key of ['clientSecret', 'privateKey'] as const) {
    const name = oauth[key];
    if (name && !credentials.some((c) => c.name === name)) {
      credentials.push({ name, required: true, description: described[key] });
    }
  }
  return { ...server, oauth, credentials };
}

/** A server defined only in the config file, before its entry is overlaid. */
export function configServer(id: string): McpServerConfig {
  return {
    id,
    name: id,
    description: '',
    integrationId: null,
    transport: 'stdio',
    args: [],
    env: {},
    headers: {},
    // A server someone writes into the config file is meant to run.
    enabled: true,
    enabledByDefault: true,
    source: 'config',
    credentials: [],
    timeoutMs: DEFAULT_TIMEOUT_MS,
  };
}

function checkLaunch(s: McpServerConfig): string[] {
  const at = `$.mcp_servers.${s.id}`;
  if (s.transport === 'stdio' && !s.command)
    return [`${at}.command: required for the stdio transport`];
  if (s.transport !== 'stdio' && !s.url)
    return [`${at}.url: required for the ${s.transport} transport`];
  return [];
}

/** Built-in defaults overlaid by the config file: the registry's one source of truth. */
export function buildCatalog(
  defaults: readonly DefaultIntegration[],
  file: McpServersFile,
): Catalog {
  const servers = new Map<string, McpServerConfig>();
  const problems: string[] = [];
  for (const d of defaults) {
    if (d.server)
      servers.set(d.server.id, {
        ...d.server,
        enabled: d.server.enabledByDefault,
        source: 'default',
      });
  }
  for (const [id, entry] of Object.entries(file.mcp_servers)) {
    const merged = withOAuth(overlay(servers.get(id) ?? configServer(id), entry), entry);
    if (!servers.has(id) && entry.transport === undefined) {
      problems.push(`$.mcp_servers.${id}.transport: required for a server that is not built in`);
    }
    problems.push(...checkLaunch(merged));
    servers.set(id, merged);
  }
  const integrations: Integration[] = defaults.map((d) => {
    const server = d.server ? servers.get(d.server.id) : undefined;
    return {
      id: d.id,
      name: d.name,
      description: d.description,
      enabledByDefault: d.enabledByDefault,
      enabled: server ? server.enabled : d.enabledByDefault,
      mcpServer: server ? server.id : null,
    };
  });
  const known = new Set(integrations.map((i) => i.id));
  for (const s of servers.values()) {
    if (s.source !== 'config' || (s.integrationId && known.has(s.integrationId))) continue;
    const id = s.integrationId ?? s.id;
    if (known.has(id)) continue;
    known.add(id);
    integrations.push({
      id,
      name: s.name,
      description: s.description,
      enabledByDefault: s.enabledByDefault,
      enabled: s.enabled,
      mcpServer: s.id,
    });
  }
  return { servers, integrations, problems };
}

/** The file entry after a PATCH, keeping only what differs from the built-in default. */
export function patchEntry(
  entry: ServerEntry | undefined,
  server: McpServerConfig,
  defaults: McpServerConfig | undefined,
  patch: Partial<ServerEntry>,
): ServerEntry | undefined {
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const next: ServerEntry = { ...entry, ...given };
  if (server.source === 'default' && defaults) {
    const same: Record<string, unknown> = {
      enabled: defaults.enabledByDefault,
      name: defaults.name,
      description: defaults.description,
      timeout_ms: defaults.timeoutMs,
    };
    for (const key of Object.keys(given) as (keyof ServerEntry)[]) {
      if (next[key] === same[key]) delete next[key];
    }
  }
  return Object.keys(next).length > 0 || server.source === 'config' ? next : undefined;
}
