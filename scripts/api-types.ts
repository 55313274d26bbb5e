/**
 * The OpenAPI document built headless (the app is created, never listens nor starts its
 * modules) and the UI's wire types generated from it by openapi-typescript.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createApp } from '../src/bootstrap';
import { buildOpenApiDocument } from '../src/common/openapi/openapi-document';
import { readPatchbayConfig } from '../src/config/patchbay.config';

const ROOT = join(__dirname, '..');
export const API_TYPES_FILE = join(ROOT, 'ui', 'src', 'api.gen.ts');
const CLI = join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');

const HEADER = `// From the OpenAPI document (/api/docs-json) by \`npm run gen:api-types\`: change the DTOs
// and decorators, then regenerate. ui/src/types.ts gives the UI's names to these types.
`;

/** Builds the document on empty temp folders, so no local config or data leaks into it. */
export async function buildDocumentHeadless(): Promise<OpenAPIObject> {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-openapi-'));
  const env = { PATCHBAY_CONFIG_DIR: join(dir, 'config'), PATCHBAY_DATA_DIR: join(dir, 'data') };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const app = await createApp(readPatchbayConfig(), { logger: false });
    try {
      return buildOpenApiDocument(app);
    } finally {
      await app.close();
    }
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The TypeScript source of ui/src/api.gen.ts for a document. Through openapi-typescript's
 * CLI: its library loads ESM-only modules, which Jest's module runtime cannot.
 */
export async function generateApiTypes(document: unknown): Promise<string> {
  // Its own folder: no redocly.yaml around is picked up.
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-api-types-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
    const args = [CLI, 'openapi.json', '--alphabetize'];
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: dir });
    return HEADER + stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
