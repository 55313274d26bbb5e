import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { Agent } from 'node:http';
import { join } from 'node:path';
import type { TestApp } from '../helpers/test-app';
import { open } from '../../src/secrets/secret-cipher';
import { loadSecretsKey } from '../../src/secrets/secret-key';
import { STORE_FILE_NAME } from '../../src/secrets/file-secret.store';

/** The editable fields of a server that PATCH writes to config/mcp_servers.json. */
export const EDITABLE = ['enabled', 'name', 'description', 'timeout_ms'] as const;

type Row = Record<string, unknown>;
export interface Served {
  /** Each server's configuration as served, without its live status. */
  servers: Row[];
  routes: Row[];
  toolsets: Row[];
  playbooks: Row[];
  api_keys: Row[];
}
export interface Snapshot {
  /** Every JSON file in the config and data folders, by name, as bytes on disk. */
  files: Record<string, string>;
  served: Served;
}

export async function snapshot(t: TestApp, token: string, agent?: Agent): Promise<Snapshot> {
  const get = async (path: string) => {
    const req = t.http.get(path).set('Authorization', `Bearer ${token}`);
    const res = await (agent ? req.agent(agent) : req);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
    return res.body as Row[];
  };
  const servers = (await get('/api/v1/integrations/mcp-servers')).map(
    ({ status: _s, ...rest }) => rest,
  );
  return {
    files: jsonFiles(t),
    served: {
      servers,
      routes: await get('/api/v1/execution/routes'),
      toolsets: await get('/api/v1/toolsets'),
      playbooks: await get('/api/v1/playbooks'),
      api_keys: await get('/api/v1/api-keys'),
    },
  };
}

function jsonFiles(t: TestApp): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [label, dir] of [
    ['config', t.configDir],
    ['data', t.dataDir],
  ]) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      out[`${label}/${file}`] = readFileSync(join(dir, file), 'utf8');
    }
  }
  return out;
}

/**
 * What the files say the service should serve, checked against what it serves: routes equal
 * config/tool_routes.json, each editable server field equals its entry in
 * config/mcp_servers.json (else the value the app started with), and a credential shows
 * `store` exactly when the decrypted store holds it.
 */
export function disagreements(t: TestApp, snap: Snapshot, initial: Served): string[] {
  const out: string[] = [];
  const file = (name: string) => {
    const text = snap.files[`config/${name}`];
    return text === undefined ? undefined : (JSON.parse(text) as Record<string, Row>);
  };
  const routes = Object.entries(file('tool_routes.json')?.tool_routes ?? {})
    .map(([tool, r]) => ({ tool, ...(r as Row) }))
    .sort((a, b) => a.tool.localeCompare(b.tool));
  if (JSON.stringify(routes) !== JSON.stringify(snap.served.routes)) {
    out.push(`routes: file ${JSON.stringify(routes)} served ${JSON.stringify(snap.served.routes)}`);
  }
  const entries = (file('mcp_servers.json')?.mcp_servers ?? {}) as Record<string, Row>;
  const stored = storedCredentials(t, snap);
  for (const server of snap.served.servers) {
    const id = server.id as string;
    const start = initial.servers.find((s) => s.id === id) ?? configDefaults(id);
    for (const field of EDITABLE) {
      const entry = entries[id];
      const expected = entry && field in entry ? entry[field] : start[field];
      if (server[field] !== expected) {
        out.push(
          `${id}.${field}: file says ${JSON.stringify(expected)}, served ${JSON.stringify(server[field])}`,
        );
      }
    }
    for (const c of server.credentials as Row[]) {
      const inStore = stored[id]?.[c.name as string] !== undefined;
      if (inStore !== (c.source === 'store'))
        out.push(`${id}/${c.name as string}: store ${inStore}, served ${String(c.source)}`);
    }
  }
  return [...out, ...featureDisagreements(snap)];
}

/** What a server created through the API serves for a field its entry leaves out. */
const configDefaults = (id: string): Row => ({
  name: id,
  description: '',
  enabled: true,
  timeout_ms: 60_000,
});

/**
 * Toolsets, playbooks and API keys: the same ids in the file as served, and each field the
 * file holds served as it is there (API keys: name, scopes, toolsets; never the hash).
 */
function featureDisagreements(snap: Snapshot): string[] {
  const kinds = [
    ['config/toolsets.json', 'toolsets', 'toolsets', ['name', 'description', 'tools']],
    ['config/playbooks.json', 'playbooks', 'playbooks', undefined],
    ['data/api_keys.json', 'api_keys', 'api_keys', ['name', 'scopes', 'toolsets']],
  ] as const;
  const out: string[] = [];
  for (const [path, key, served, fields] of kinds) {
    const text = snap.files[path];
    const entries = (text === undefined ? {} : JSON.parse(text)[key]) as Record<string, Row>;
    const rows = new Map(snap.served[served].map((r) => [r.id as string, r]));
    const ids = (m: Iterable<string>) => JSON.stringify([...m].sort());
    if (ids(Object.keys(entries)) !== ids(rows.keys())) {
      out.push(`${key}: file ${ids(Object.keys(entries))} served ${ids(rows.keys())}`);
      continue;
    }
    for (const [id, entry] of Object.entries(entries)) {
      for (const field of fields ?? Object.keys(entry)) {
        if (!(field in entry)) continue;
        const [want, got] = [entry[field], rows.get(id)?.[field]].map((v) => JSON.stringify(v));
        if (want !== got) out.push(`${key}.${id}.${field}: file ${want} served ${got}`);
      }
    }
  }
  return out;
}

function storedCredentials(t: TestApp, snap: Snapshot): Record<string, Record<string, string>> {
  const text = snap.files[`data/${STORE_FILE_NAME}`];
  if (text === undefined) return {};
  const opened = open(loadSecretsKey(t.dataDir, undefined, true).key, text);
  if (!opened.ok) throw new Error(`the credential store does not open: ${opened.problem}`);
  return opened.secrets;
}

export const sameState = (before: Snapshot, after: Snapshot) =>
  JSON.stringify(after) === JSON.stringify(before) || onlyPinsAdded(before, after);

/**
 * A server lists its tools in the background (on connecting, or when its list changes), and
 * a first listing pins them (trust on first use): that may land during any request. So a 4xx
 * may see pins added, but never a pin removed or changed, nor any other difference.
 */
function onlyPinsAdded(before: Snapshot, after: Snapshot): boolean {
  const PINS = 'data/tool_pins.json';
  const pins = (snap: Snapshot) =>
    (JSON.parse(snap.files[PINS] ?? '{"tool_pins": {}}') as { tool_pins: PinsByServer }).tool_pins;
  const rest = (snap: Snapshot) => JSON.stringify({ ...snap, files: { ...snap.files, [PINS]: 0 } });
  if (rest(before) !== rest(after)) return false;
  const [was, now] = [pins(before), pins(after)];
  return Object.entries(was).every(([server, tools]) =>
    Object.entries(tools).every(
      ([tool, pin]) => JSON.stringify(now[server]?.[tool]) === JSON.stringify(pin),
    ),
  );
}
type PinsByServer = Record<string, Record<string, unknown>>;

/** The names of the files and served collections that differ, for a failure message. */
export function changed(a: Snapshot, b: Snapshot): string {
  const differ = (x: Record<string, unknown>, y: Record<string, unknown>) =>
    [...new Set([...Object.keys(x), ...Object.keys(y)])].filter(
      (k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]),
    );
  const names = [...differ(a.files, b.files), ...differ({ ...a.served }, { ...b.served })];
  const detail = names
    .map((n) => (n.includes('/') ? n : `${n} ${JSON.stringify(b.served[n as keyof Served])}`))
    .join('; ');
  return `state (${detail.slice(0, 600)})`;
}
