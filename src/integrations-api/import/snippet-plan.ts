import { SERVER_ID_PATTERN } from '../../common/ids';
import { CredentialEntry, ServerEntry } from '../../integration-registry/mcp-servers.schema';
import { RawEntry, SnippetInput } from './snippet-format';
import { ValueSource, credentialName, isCredentialHeader, readValue } from './snippet-values';

export interface Placement {
  id: string;
  field: string;
  to: string;
}

export type EntryPlan =
  | {
      ok: true;
      id: string;
      entry: ServerEntry;
      values: { credential: string; value: string }[];
      placements: Placement[];
    }
  | { ok: false; id: string; reason: string };

export interface PlanContext {
  allowStdio: boolean;
  /** True for a URL that reaches this Patchbay (an entry must not loop back to it). */
  isSelf(url: string): boolean;
  inputs: Map<string, SnippetInput>;
}

type Transport = NonNullable<ServerEntry['transport']>;
const TYPES: Record<string, Transport> = {
  stdio: 'stdio',
  sse: 'sse',
  http: 'streamable_http',
  'streamable-http': 'streamable_http',
  streamable_http: 'streamable_http',
  streamableHttp: 'streamable_http',
};

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strMap = (v: unknown): Record<string, string> =>
  v && typeof v === 'object'
    ? Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string'))
    : {};

/** Turns one snippet entry into a config entry plus credential values, or a reason to skip. */
export function planEntry(key: string, raw: RawEntry, ctx: PlanContext): EntryPlan {
  const id = key.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
  const skip = (reason: string): EntryPlan => ({ ok: false, id, reason });
  if (!SERVER_ID_PATTERN.test(id)) return skip(`"${key}" cannot be made into a server id.`);
  const url = str(raw.url) ?? str(raw.serverUrl);
  const type = str(raw.type);
  const transport: Transport | undefined = type
    ? TYPES[type]
    : raw.command
      ? 'stdio'
      : url
        ? 'streamable_http'
        : undefined;
  if (!transport)
    return skip(`Unknown or missing transport (type "${type ?? ''}", no command or url).`);
  if (transport === 'stdio' && !ctx.allowStdio) {
    return skip(
      'stdio_from_api_disabled: a stdio server runs a command on this host; set PATCHBAY_ALLOW_STDIO_FROM_API=true to import it.',
    );
  }
  const args = Array.isArray(raw.args) ? raw.args.filter((a) => typeof a === 'string') : [];
  if ((url && ctx.isSelf(url)) || args.some((a) => ctx.isSelf(a))) {
    return skip('It points back at this Patchbay itself.');
  }
  if (args.some((a) => a.includes('${input:'))) {
    return skip('An argument asks for an input; Patchbay never puts a secret on a command line.');
  }
  const entry: ServerEntry = {
    name: key,
    transport,
    ...(raw.disabled === true && { enabled: false }),
  };
  if (transport === 'stdio') {
    Object.assign(entry, {
      command: str(raw.command),
      args,
      ...(str(raw.cwd) && { cwd: raw.cwd }),
    });
  } else if (url) entry.url = url;
  const creds = new CredentialPlan(id, ctx.inputs);
  if (transport === 'stdio') {
    for (const [name, value] of Object.entries(strMap(raw.env))) creds.env(name, value);
  } else {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(strMap(raw.headers))) {
      if (isCredentialHeader(name) || value.includes('${')) creds.header(name, value);
      else headers[name] = value;
    }
    if (Object.keys(headers).length > 0) entry.headers = headers;
    for (const name of Object.keys(headers))
      creds.placed(`headers.${name}`, 'config file (not secret)');
  }
  if (creds.entries.length > 0) entry.credentials = creds.entries;
  return { ok: true, id, entry, values: creds.values, placements: creds.placements };
}

/** Every env value and credential-like header becomes a declared credential. */
class CredentialPlan {
  readonly entries: CredentialEntry[] = [];
  readonly values: { credential: string; value: string }[] = [];
  readonly placements: Placement[] = [];
  private readonly taken = new Set<string>();

  constructor(
    private readonly id: string,
    private readonly inputs: Map<string, SnippetInput>,
  ) {}

  env(variable: string, text: string): void {
    const { source } = readValue(text, this.inputs);
    const name = source.kind === 'env' ? source.name : credentialName(variable, this.taken);
    this.add({ name, required: true, env: variable }, source, `env.${variable}`);
  }

  header(header: string, text: string): void {
    const { source, format } = readValue(text, this.inputs);
    const name = credentialName(header, this.taken);
    this.add({ name, required: true, header, format }, source, `headers.${header}`);
  }

  placed(field: string, to: string): void {
    this.placements.push({ id: this.id, field, to });
  }

  private add(spec: CredentialEntry, source: ValueSource, field: string): void {
    const input = source.kind === 'input' ? source.input : undefined;
    if (input?.description) spec.description = input.description.slice(0, 1000);
    this.entries.push(spec);
    if (source.kind === 'literal') {
      this.values.push({ credential: spec.name, value: source.value });
      this.placed(field, `credential ${spec.name} (encrypted credential store)`);
    } else if (source.kind === 'env') {
      this.placed(
        field,
        `credential ${spec.name} (read from Patchbay's environment variable ${source.name})`,
      );
    } else {
      const why = input ? `VS Code input "${input.id}"` : 'empty in the snippet';
      this.placed(
        field,
        `credential ${spec.name} (no value yet, ${why}: PUT /api/v1/integrations/mcp-servers/${this.id}/credentials/${spec.name})`,
      );
    }
  }
}
