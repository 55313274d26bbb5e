/**
 * The wire shapes the UI uses (snake_case, as the API sends them), named from the types
 * generated out of the OpenAPI document (api.gen.ts; `npm run gen:api-types`).
 */
import type { components } from './api.gen';

type Schemas = components['schemas'];

export type ServerStatus = Schemas['StatusDto'];
export type ServerState = ServerStatus['state'];
export type CredentialInfo = Schemas['CredentialDto'];
export type McpServer = Schemas['ServerDto'];
export type Integration = Schemas['IntegrationDto'];
export type Binding = Schemas['LocalBindingDto'] | Schemas['McpBindingDto'];
export type ContentItem = Schemas['ContentItemDto'];
export type InvokeResult = Schemas['InvokeResultDto'];
export type Route = Schemas['RouteDto'];
export type Run = Schemas['RunDto'];

/**
 * A tool's input schema: the API passes it through as an object (it is the MCP server's
 * JSON Schema), so the parts the forms read are typed here.
 */
export type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
};

type WithInputSchema<T> = Omit<T, 'input_schema'> & { input_schema: JsonSchema };

/** A server tool with its pin (GET .../tools); `previous` is the pinned definition. */
export type ServerTool = Omit<WithInputSchema<Schemas['ToolEntryDto']>, 'pin' | 'previous'> & {
  pin?: ToolPin;
  previous?: WithInputSchema<Schemas['PinnedDefinitionDto']>;
};
export type ToolPin = Omit<Schemas['PinDto'], 'state'> & { state: 'pinned' | 'changed' | 'new' };
/** `event: tool_pin` on the event stream. */
export interface ToolPinEvent {
  server_id: string;
  tool_name: string;
  pin: ToolPin;
}
export type ImportResult = Omit<Schemas['ImportResultDto'], 'created'> & { created: McpServer[] };
export type ExecTool = WithInputSchema<Schemas['ToolViewDto']>;

export type PlaybookView = Schemas['PlaybookViewDto'];
export type PlaybookRun = Schemas['PlaybookRunDto'];
export type RunDetail = Schemas['RunDetailDto'];
export type Toolset = Schemas['ToolsetDto'];
export type ApiKey = Schemas['ApiKeyViewDto'];
export type Scope = ApiKey['scopes'][number];
/** POST /api/v1/api-keys: the only answer that carries the key. */
export type CreatedApiKey = Schemas['CreatedApiKeyDto'];
/** `GET .../oauth`; never a token. */
export type OAuthStatus = Schemas['OAuthStatusDto'];

/** A REST task (GET /api/v1/execution/tasks/{id}) and the answer to its question. */
export type Task = Schemas['TaskDto'];
export type TaskInput = Schemas['TaskInputDto'];
export type TaskCreated = Schemas['TaskCreatedDto'];
