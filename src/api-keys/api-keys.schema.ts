import Ajv from 'ajv';
import { SCOPES, Scope } from '../common/access/scopes';
import { SERVER_ID_PATTERN } from '../common/ids';
import { Parsed } from '../common/json-file';
import { describeAjvError } from '../integration-registry/mcp-servers.schema';

/** One key at rest: never the key itself, only its SHA-256. */
export interface ApiKeyRecord {
  name: string;
  scopes: Scope[];
  toolsets: string[];
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  key_sha256: string;
}

/** The on-disk shape of data/api_keys.json, keyed by key id. */
export interface ApiKeysFile {
  api_keys: Record<string, ApiKeyRecord>;
}

export const API_KEY_ID_PATTERN = SERVER_ID_PATTERN;
export const API_KEY_NAME_MAX = 100;

const timestamp = { type: 'string', format: 'date-time' };

const record = {
  type: 'object',
  additionalProperties: false,
  required: [
    'name',
    'scopes',
    'toolsets',
    'created_at',
    'expires_at',
    'last_used_at',
    'key_sha256',
  ],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: API_KEY_NAME_MAX },
    scopes: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...SCOPES] } },
    toolsets: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', pattern: SERVER_ID_PATTERN.source },
    },
    created_at: timestamp,
    expires_at: { anyOf: [timestamp, { type: 'null' }] },
    last_used_at: { anyOf: [timestamp, { type: 'null' }] },
    key_sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
};

const fileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['api_keys'],
  properties: {
    api_keys: {
      type: 'object',
      propertyNames: { pattern: API_KEY_ID_PATTERN.source },
      additionalProperties: record,
    },
  },
};

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 timestamp that Date can read. */
export const isTimestamp = (s: string): boolean => ISO_TIME.test(s) && !Number.isNaN(Date.parse(s));

const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addFormat('date-time', isTimestamp);
const validateFile = ajv.compile<ApiKeysFile>(fileSchema);

/** Used both to load the file and to check every write before it happens. */
export function parseApiKeysFile(data: unknown): Parsed<ApiKeysFile> {
  if (validateFile(data)) return { ok: true, value: data };
  return { ok: false, problems: (validateFile.errors ?? []).map(describeAjvError) };
}
