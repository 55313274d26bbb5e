import { SERVER_ID_PATTERN, TOOL_NAME_PATTERN } from '../common/ids';
import { schemaParser } from '../common/schema-file';

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

export const TOOL_ROUTES_SCHEMA = {
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

/** Loads the file at start-up and on hand edits, and checks every write (SchemaFile). */
export const parseToolRoutesFile = schemaParser<ToolRoutesFile>(TOOL_ROUTES_SCHEMA);
