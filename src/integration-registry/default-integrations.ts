import {
  CredentialSpec,
  DEFAULT_TIMEOUT_MS,
  DefaultIntegration,
  DefaultServer,
} from './mcp-server.types';

type ServerSpec = Omit<DefaultServer, 'integrationId' | 'enabledByDefault' | 'timeoutMs'>;

/** A built-in server: off by default, default timeout, bound to its integration. */
const server = (integrationId: string, spec: ServerSpec): DefaultServer => ({
  ...spec,
  integrationId,
  enabledByDefault: false,
  timeoutMs: DEFAULT_TIMEOUT_MS,
});

/** HTTP credential sent as `Authorization: Bearer <value>`. */
const bearer = (name: string, description: string): CredentialSpec => ({
  name,
  required: true,
  description,
  header: 'Authorization',
  format: 'Bearer {value}',
});

/** stdio credential injected into the child's environment as `env` (default: `name`). */
const envVar = (name: string, required: boolean, description: string, env = name) =>
  ({ name, required, description, env }) satisfies CredentialSpec;

/**
 * Built-in integrations, each backed by a real, documented MCP server. All are off by default:
 * they need credentials, a local CLI or daemon, or the network (the offline demo lives elsewhere).
 */
export const DEFAULT_INTEGRATIONS: readonly DefaultIntegration[] = [
  {
    id: 'github',
    name: 'GitHub',
    description: 'Repositories, issues, pull requests and Actions (GitHub-hosted MCP server).',
    enabledByDefault: false,
    // Verified: github/github-mcp-server README.md + docs/remote-server.md (PAT as Bearer header).
    server: server('github', {
      id: 'github',
      name: 'GitHub MCP Server (remote)',
      description: 'GitHub-hosted remote MCP server with the default toolsets.',
      transport: 'streamable_http',
      url: 'https://api.githubcopilot.com/mcp/',
      args: [],
      env: {},
      headers: {},
      credentials: [bearer('GITHUB_PERSONAL_ACCESS_TOKEN', 'GitHub personal access token.')],
      homepage: 'https://github.com/github/github-mcp-server/blob/main/docs/remote-server.md',
    }),
  },
  {
    id: 'cloudflare',
    name: 'Cloudflare',
    description: 'The Cloudflare API (Workers, KV, R2, D1, DNS, ...) via the Code Mode server.',
    enabledByDefault: false,
    // Verified: cloudflare/mcp README.md ("MCP URL ..., Bearer Token: your Cloudflare API Token").
    server: server('cloudflare', {
      id: 'cloudflare',
      name: 'Cloudflare API MCP Server',
      description: 'Cloudflare-hosted Code Mode server (search + execute over the API).',
      transport: 'streamable_http',
      url: 'https://mcp.cloudflare.com/mcp',
      args: [],
      env: {},
      headers: {},
      credentials: [bearer('CLOUDFLARE_API_TOKEN', 'Cloudflare API token (user or account).')],
      homepage: 'https://github.com/cloudflare/mcp',
    }),
  },
  {
    id: 'gcp',
    name: 'Google Cloud',
    description: 'Google Cloud through the gcloud CLI (gcloud must be installed and logged in).',
    enabledByDefault: false,
    // Verified: googleapis/gcloud-mcp README.md (`npx -y @google-cloud/gcloud-mcp`, gcloud auth).
    server: server('gcp', {
      id: 'gcp',
      name: 'gcloud MCP Server',
      description: 'Runs gcloud commands as the active gcloud account.',
      transport: 'stdio',
      command: 'npx',
      args: ['-y', '@google-cloud/gcloud-mcp@latest'],
      env: {},
      headers: {},
      credentials: [
        envVar(
          'GOOGLE_APPLICATION_CREDENTIALS',
          false,
          'Service-account key file; gcloud uses it instead of the active login.',
          'CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE',
        ),
        envVar('GOOGLE_CLOUD_PROJECT', false, 'Default gcloud project.', 'CLOUDSDK_CORE_PROJECT'),
      ],
      homepage: 'https://github.com/googleapis/gcloud-mcp',
    }),
  },
  {
    id: 'azure',
    name: 'Azure',
    description: 'Azure resources (Storage, Cosmos DB, Key Vault, Monitor, ...).',
    enabledByDefault: false,
    // Verified: microsoft/mcp servers/Azure.Mcp.Server/README.md + docs/Authentication.md.
    server: server('azure', {
      id: 'azure',
      name: 'Azure MCP Server',
      description: 'Microsoft Azure MCP Server, authenticated as a service principal.',
      transport: 'stdio',
      command: 'npx',
      args: ['-y', '@azure/mcp@latest', 'server', 'start'],
      // Headless: only Environment/Workload/Managed identity credentials, never a browser login.
      env: { AZURE_TOKEN_CREDENTIALS: 'prod' },
      headers: {},
      credentials: [
        envVar('AZURE_TENANT_ID', true, 'Microsoft Entra tenant id.'),
        envVar('AZURE_CLIENT_ID', true, 'Service principal (app registration) client id.'),
        envVar('AZURE_CLIENT_SECRET', true, 'Service principal client secret.'),
      ],
      homepage: 'https://learn.microsoft.com/azure/developer/azure-mcp-server/',
    }),
  },
  {
    id: 'openai',
    name: 'OpenAI',
    description: 'Search and read the OpenAI developer documentation (read-only).',
    enabledByDefault: false,
    // Verified: OpenAI Docs MCP quickstart (`codex mcp add openaiDeveloperDocs --url ...`).
    server: server('openai', {
      id: 'openai',
      name: 'OpenAI Docs MCP',
      description: 'OpenAI-hosted public docs server; needs no credential.',
      transport: 'streamable_http',
      url: 'https://developers.openai.com/mcp',
      args: [],
      env: {},
      headers: {},
      credentials: [],
      homepage: 'https://developers.openai.com/resources/docs-mcp',
    }),
  },
  {
    id: 'local-models',
    name: 'Local models',
    description: 'Chat, generate and embed with local models served by Ollama.',
    enabledByDefault: false,
    // Verified: rawveg/ollama-mcp README.md (community; `npx -y ollama-mcp`, OLLAMA_HOST).
    server: server('local-models', {
      id: 'ollama',
      name: 'Ollama MCP Server',
      description: 'The Ollama SDK (list, chat, generate, embed, pull, ...) as MCP tools.',
      transport: 'stdio',
      command: 'npx',
      args: ['-y', 'ollama-mcp@latest'],
      env: { OLLAMA_HOST: 'http://127.0.0.1:11434' },
      headers: {},
      credentials: [envVar('OLLAMA_API_KEY', false, 'Only for an Ollama host that needs a key.')],
      homepage: 'https://github.com/rawveg/ollama-mcp',
    }),
  },
];
