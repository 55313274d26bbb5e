import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const stringMap: SchemaObject = { type: 'object', additionalProperties: { type: 'string' } };

/** OpenAPI description of POST .../mcp-servers (checked by the config file's own schema). */
export const CREATE_SERVER_BODY: SchemaObject = {
  type: 'object',
  required: ['id', 'transport'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' },
    name: { type: 'string' },
    description: { type: 'string' },
    transport: { type: 'string', enum: ['stdio', 'sse', 'streamable_http'] },
    url: { type: 'string', description: 'sse and streamable_http' },
    headers: { ...stringMap, description: 'Non-secret headers; secrets go in credentials.' },
    command: { type: 'string', description: 'stdio (needs PATCHBAY_ALLOW_STDIO_FROM_API=true)' },
    args: { type: 'array', items: { type: 'string' } },
    env: { ...stringMap, description: 'Non-secret child environment (stdio)' },
    cwd: { type: 'string' },
    credentials: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          required: { type: 'boolean' },
          description: { type: 'string' },
          env: { type: 'string' },
          header: { type: 'string' },
          format: { type: 'string', example: 'Bearer {value}' },
        },
      },
    },
    timeout_ms: { type: 'integer', minimum: 100, maximum: 3600000 },
    enabled: { type: 'boolean' },
  },
};

/** OpenAPI description of POST .../mcp-servers/import. */
export const IMPORT_BODY: SchemaObject = {
  description:
    'A client config snippet: {"mcpServers": {...}} (Claude Desktop, Cursor) or {"servers": {...}, "inputs": [...]} (VS Code); or {"snippet": "<file text>"}, read as JSONC (comments, trailing commas).',
  oneOf: [
    { type: 'object', properties: { mcpServers: { type: 'object' } }, required: ['mcpServers'] },
    {
      type: 'object',
      properties: {
        servers: { type: 'object' },
        inputs: { type: 'array', items: { type: 'object' } },
      },
      required: ['servers'],
    },
    { type: 'object', properties: { snippet: { type: 'string' } }, required: ['snippet'] },
  ],
};
