import Ajv from 'ajv';
import { SERVER_ID_PATTERN } from '../common/ids';
import { Parsed } from '../common/json-file';
import { describeAjvError } from '../integration-registry/mcp-servers.schema';
import { ToolDefinition } from './tool-fingerprint';

/** One pinned tool in data/tool_pins.json. */
export interface PinEntry {
  fingerprint: string;
  pinned_at: string;
  definition: ToolDefinition;
}

export interface ToolPinsFile {
  tool_pins: Record<string, Record<string, PinEntry>>;
}

const definition = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'description', 'input_schema'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 256 },
    description: { type: 'string' },
    input_schema: { type: 'object' },
    output_schema: { type: 'object' },
    annotations: { type: 'object' },
  },
};

const pin = {
  type: 'object',
  additionalProperties: false,
  required: ['fingerprint', 'pinned_at', 'definition'],
  properties: {
    fingerprint: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
    pinned_at: { type: 'string', format: 'date-time' },
    definition,
  },
};

const fileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['tool_pins'],
  properties: {
    tool_pins: {
      type: 'object',
      propertyNames: { pattern: SERVER_ID_PATTERN.source },
      additionalProperties: { type: 'object', additionalProperties: pin },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true, formats: { 'date-time': isIsoDate } });
const validate = ajv.compile<ToolPinsFile>(fileSchema);

function isIsoDate(text: string): boolean {
  return !Number.isNaN(Date.parse(text));
}

/** The same check at start-up and before every write. */
export function parseToolPinsFile(data: unknown): Parsed<ToolPinsFile> {
  if (validate(data)) return { ok: true, value: data };
  return { ok: false, problems: (validate.errors ?? []).map(describeAjvError) };
}
