import Ajv from 'ajv';
import { SERVER_ID_PATTERN } from '../common/ids';
import { Parsed } from '../common/json-file';
import { describeAjvError } from '../integration-registry/mcp-servers.schema';

/** Tool names as MCP clients see them on /mcp: 1–128 of `A-Z a-z 0-9 _ . -`. */
export const MCP_TOOL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;
export const TOOLSET_ID_PATTERN = SERVER_ID_PATTERN;
export const MAX_TOOLSET_TOOLS = 1000;

export interface ToolsetEntry {
  name: string;
  description?: string;
  tools: string[];
}

/** The on-disk shape of config/toolsets.json. */
export interface ToolsetsFile {
  toolsets: Record<string, ToolsetEntry>;
}

export const TOOLSET_ENTRY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'tools'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 2000 },
    tools: {
      type: 'array',
      maxItems: MAX_TOOLSET_TOOLS,
      uniqueItems: true,
      items: { type: 'string', pattern: MCP_TOOL_NAME_PATTERN.source },
    },
  },
};

const fileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['toolsets'],
  properties: {
    toolsets: {
      type: 'object',
      propertyNames: { pattern: TOOLSET_ID_PATTERN.source },
      additionalProperties: TOOLSET_ENTRY_SCHEMA,
    },
  },
};

const validateFile = new Ajv({ allErrors: true, strict: true }).compile<ToolsetsFile>(fileSchema);

/** Used both to read the file and to check every write before it happens. */
export function parseToolsetsFile(data: unknown): Parsed<ToolsetsFile> {
  if (validateFile(data)) return { ok: true, value: data };
  return { ok: false, problems: (validateFile.errors ?? []).map(describeAjvError) };
}
