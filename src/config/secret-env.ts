/**
 * Patchbay's own settings (PATCHBAY_*) include its API token and the secrets key: they are
 * never handed to an MCP server, whatever a server's config declares.
 */
const RESERVED_PREFIX = 'PATCHBAY_';

/**
 * Patchbay's environment as credential lookups see it, captured once (the caller keeps it for
 * the process lifetime). Only non-empty values; Patchbay's own settings are left out.
 */
export function snapshotSecretEnv(
  env: NodeJS.ProcessEnv = process.env,
): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === '' || name.startsWith(RESERVED_PREFIX)) continue;
    out.set(name, value);
  }
  return out;
}
