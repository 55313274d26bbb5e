/** Redocly's recommended lint (the @redocly/cli dependency), run on a document in a temp folder. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './fixtures';

const CLI = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer?: string }[];
}

/**
 * Findings that are right as they are: the OAuth callback's answer is a redirect (302) by the
 * protocol, so it has no 2xx response.
 */
const ACCEPTED = new Set(['operation-2xx-response #/paths/~1oauth~1callback/get/responses']);

/** One line per problem ("error operation-summary #/paths/...: message"); empty when clean. */
export async function lintOpenApi(document: unknown): Promise<string[]> {
  // Its own folder: no redocly.yaml of the repo or the machine is picked up.
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-lint-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
    const args = [CLI, 'lint', '--extends', 'recommended', '--format', 'json', 'openapi.json'];
    const env = {
      ...process.env,
      REDOCLY_TELEMETRY: 'off',
      REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
    };
    // It exits 1 when it finds errors; the JSON report is on stdout either way.
    const stdout = await promisify(execFile)(process.execPath, args, { cwd: dir, env }).then(
      (r) => r.stdout,
      (err: { stdout?: string }) => err.stdout ?? '',
    );
    const report = JSON.parse(stdout) as { problems: Problem[] };
    return report.problems
      .filter((p) => !ACCEPTED.has(`${p.ruleId} ${p.location[0]?.pointer ?? ''}`))
      .map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
