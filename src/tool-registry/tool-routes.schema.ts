import Ajv from 'ajv';
import { SERVER_ID_PATTERN, TOOL_NAME_PATTERN } from '../common/ids';
import { Parsed } from '../common/json-file';
import { describeAjvError } from '../integration-registry/mcp-servers.schema';

export interface RouteEntry {
  server_id: string;
  tool_name: string;
}

/** The on-disk shape of config/tool_routes.json. */
export interface ToolRoutesFile {
  tool_routes: Record<string, RouteEntry>;
}

const routeEntry = {
  type: 'object',
  additionalProperties: false,
  required: ['server_id', 'tool_name'],
  properties: {
    server_id: { type: 'string', pattern: SERVER_ID_PATTERN.source },
    tool_name: { type: 'string', pattern: TOOL_NAME_PATTERN.source },
  },
};

const fileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['tool_routes'],
  properties: {
    tool_routes: {
      type: 'object',
      propertyNames: { pattern: TOOL_NAME_PATTERN.source },
      additionalProperties: routeEntry,
    },
  },
};

const validateFile = new Ajv({ allErrors: true, strict: true }).compile<ToolRoutesFile>(fileSchema);

export function parseToolRoutesFile(data: unknown): Parsed<ToolRoutesFile> {
  if (validateFile(data)) return { ok: true, value: data };
  return { ok: false, problems: (validateFile.errors ?? []).map(describeAjvError) };
}
