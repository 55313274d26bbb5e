/** Wire shapes from /work/shared/API.md (snake_case, as the API sends them). */

export type ServerState =
  | 'unknown'
  | 'disabled'
  | 'needs_credentials'
  | 'needs_authorization'
  | 'connecting'
  | 'healthy'
  | 'degraded'
  | 'unhealthy';

export interface ServerStatus {
  state: ServerState;
  checked_at: string | null;
  latency_ms: number | null;
  tool_count: number | null;
  error: string | null;
  consecutive_failures: number;
  next_check_at: string | null;
}

export interface CredentialInfo {
  name: string;
  required: boolean;
  configured: boolean;
  source: 'store' | 'env' | null;
  env?: string;
  header?: string;
}

export interface McpServer {
  id: string;
  name: string;
  description: string;
  integration_id: string | null;
  transport: 'stdio' | 'sse' | 'streamable_http';
  command?: string | null;
  args?: string[];
  url?: string | null;
  enabled: boolean;
  enabled_by_default: boolean;
  source: 'default' | 'config';
  credentials: CredentialInfo[];
  status: ServerStatus;
}

export interface Integration {
  id: string;
  name: string;
  description: string;
  enabled_by_default: boolean;
  enabled: boolean;
  mcp_server: string | null;
}

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

export interface ServerTool {
  name: string;
  description: string;
  input_schema: JsonSchema;
}

export type Binding = { kind: 'local' } | { kind: 'mcp'; server_id: string; tool_name: string };

export interface ExecTool extends ServerTool {
  binding: Binding;
  available: boolean;
  unavailable_reason: string | null;
}

export interface ContentItem {
  type: string;
  text?: string;
  data?: string;
  mimeType?: string;
  uri?: string;
  name?: string;
  resource?: { uri?: string; mimeType?: string; text?: string; blob?: string };
}

export interface InvokeResult {
  tool: string;
  binding: Binding;
  is_error: boolean;
  content: ContentItem[];
  structured_content: unknown;
  duration_ms: number;
  run_id: string;
}

export interface Route {
  tool: string;
  server_id: string;
  tool_name: string;
}

export interface Run {
  run_id: string;
  tool: string;
  binding: Binding | null;
  started_at: string;
  duration_ms: number | null;
  outcome: string;
}

/** `GET .../oauth` (API.md "Upstream OAuth"); never a token. */
export interface OAuthStatus {
  state: 'authorized' | 'needs_authorization' | 'not_required';
  scopes: string[];
  expires_at: string | null;
  client_id: string | null;
  registration: 'pre_registered' | 'metadata_document' | 'dynamic' | null;
  authorization_server: string | null;
  reason?: string | null;
}
