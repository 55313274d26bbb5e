/**
 * Regenerates ui/src/api.gen.ts from the OpenAPI document:  npm run gen:api-types
 * test/e2e/openapi.e2e-spec.ts fails while the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { API_TYPES_FILE, buildDocumentHeadless, generateApiTypes } from './api-types';

async function main(): Promise<void> {
  const source = await generateApiTypes(await buildDocumentHeadless());
  writeFileSync(API_TYPES_FILE, source);
  console.log(`Wrote ${relative(process.cwd(), API_TYPES_FILE)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
