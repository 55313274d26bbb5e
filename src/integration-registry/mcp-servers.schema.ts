import Ajv from 'ajv';
import { describeAjvError } from '../common/json-schema-problems';
import { CREDENTIAL_NAME_PATTERN, SERVER_ID_PATTERN } from '../common/ids';
import { Parsed } from '../common/json-file';

/** The on-disk shape of config/mcp_servers.json (snake_case, as the README shows). */
export interface CredentialEntry {
  name: string;
  required?: boolean;
  description?: string;
  env?: string;
  header?: string;
  format?: string;
}

export interface ServerEntry {
  name?: string;
  description?: string;
  integration_id?: string | null;
  transport?: 'stdio' | 'sse' | 'streamable_http';
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  url?: string;
  headers?: Record<string, string>;
  enabled?: boolean;
  credentials?: CredentialEntry[];
  timeout_ms?: number;
  oauth?: OAuthEntry;
}

/** Upstream OAuth (API.md "Upstream OAuth"); `client_secret` names a credential, never a value. */
export interface OAuthEntry {
  grant_type?: 'authorization_code' | 'client_credentials';
  scopes?: string[];
  client_id?: string;
  client_secret?: string;
  token_endpoint_auth_method?:
    'client_secret_basic' | 'client_secret_post' | 'none' | 'private_key_jwt';
  /** private_key_jwt: the name of a credential holding the PEM private key. */
  private_key?: string;
  signing_algorithm?: string;
}

export interface McpServersFile {
  mcp_servers: Record<string, ServerEntry>;
}

const stringMap = {
  type: 'object',
  propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_-]*$', maxLength: 256 },
  additionalProperties: { type: 'string', maxLength: 65536 },
};

const credential = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: CREDENTIAL_NAME_PATTERN.source },
    required: { type: 'boolean' },
    description: { type: 'string', maxLength: 1000 },
    env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    header: { type: 'string', pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$" },
    format: { type: 'string', maxLength: 1000 },
  },
};

const oauth = {
  type: 'object',
  additionalProperties: false,
  properties: {
    grant_type: { enum: ['authorization_code', 'client_credentials'] },
    scopes: {
      type: 'array',
      items: { type: 'string', pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$' },
      maxItems: 100,
    },
    client_id: { type: 'string', minLength: 1, maxLength: 2000 },
    client_secret: { type: 'string', pattern: CREDENTIAL_NAME_PATTERN.source },
    token_endpoint_auth_method: {
      enum: ['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt'],
    },
    private_key: { type: 'string', pattern: CREDENTIAL_NAME_PATTERN.source },
    signing_algorithm: { enum: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'] },
  },
};

const serverEntry = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 2000 },
    integration_id: {
      anyOf: [{ type: 'string', pattern: SERVER_ID_PATTERN.source }, { type: 'null' }],
    },
    transport: { enum: ['stdio', 'sse', 'streamable_http'] },
    command: { type: 'string', minLength: 1, maxLength: 4096 },
    args: { type: 'array', items: { type: 'string', maxLength: 65536 }, maxItems: 1000 },
    env: stringMap,
    cwd: { type: 'string', minLength: 1, maxLength: 4096 },
    url: { type: 'string', pattern: '^https?://', maxLength: 4096 },
    headers: stringMap,
    enabled: { type: 'boolean' },
    credentials: { type: 'array', items: credential, maxItems: 100 },
    timeout_ms: { type: 'integer', minimum: 100, maximum: 3_600_000 },
    oauth,
  },
};

const fileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['mcp_servers'],
  properties: {
    mcp_servers: {
      type: 'object',
      propertyNames: { pattern: SERVER_ID_PATTERN.source },
      additionalProperties: serverEntry,
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true });
const validateFile = ajv.compile<McpServersFile>(fileSchema);

export { describeAjvError, jsonPath } from '../common/json-schema-problems';

export function parseMcpServersFile(data: unknown): Parsed<McpServersFile> {
  if (!validateFile(data)) {
    return { ok: false, problems: (validateFile.errors ?? []).map(describeAjvError) };
  }
  const problems: string[] = [];
  for (const [id, entry] of Object.entries(data.mcp_servers)) {
    if (entry.transport === 'stdio' && entry.url)
      problems.push(`$.mcp_servers.${id}.url: not used by stdio`);
    if (entry.transport && entry.transport !== 'stdio' && entry.command) {
      problems.push(`$.mcp_servers.${id}.command: not used by ${entry.transport}`);
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: data };
}
