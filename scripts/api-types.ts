/**
 * The OpenAPI document built headless (the app is created, never listens nor starts its
 * modules) and the UI's wire types generated from it by openapi-typescript.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { createApp } from '../src/bootstrap';
import { buildOpenApiDocument } from '../src/common/openapi/openapi-document';
import { readPatchbayConfig } from '../src/config/patchbay.config';

export const API_TYPES_FILE = join(__dirname, '..', 'ui', 'src', 'api.gen.ts');

const HEADER = `/**
 * Generated from the OpenAPI document (/api/docs-json) by \`npm run gen:api-types\`.
 * Do not edit: change the DTOs and decorators, then regenerate. ui/src/types.ts names them.
 */

`;

/** Builds the document on empty temp folders, so no local config or data leaks into it. */
export async function buildDocumentHeadless(): Promise<OpenAPIObject> {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-openapi-'));
  const saved = { ...process.env };
  Object.assign(process.env, {
    PATCHBAY_CONFIG_DIR: join(dir, 'config'),
    PATCHBAY_DATA_DIR: join(dir, 'data'),
  });
  try {
    const app = await createApp(readPatchbayConfig(), { logger: false });
    try {
      return buildOpenApiDocument(app);
    } finally {
      await app.close();
    }
  } finally {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The TypeScript source of ui/src/api.gen.ts for a document. */
export async function generateApiTypes(document: unknown): Promise<string> {
  const ast = await openapiTS(document as OpenAPI3, { alphabetize: true });
  return HEADER + astToString(ast);
}
