import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Transpiles scripts/conformance-client.ts and src/ to plain JS under node_modules/.cache,
 * so the conformance suite can start many clients at once without paying ts-node's start-up
 * for each (the folder sits inside the repo so `require` finds node_modules).
 * Answers the path of the compiled entry.
 */
export function compileConformanceClient(root: string): { entry: string; cleanup(): void } {
  const out = join(root, 'node_modules/.cache/patchbay-conformance');
  rmSync(out, { recursive: true, force: true });
  const scripts = ['conformance-client.ts', 'conformance-auth.ts'].map((f) =>
    join(root, 'scripts', f),
  );
  const files = [...scripts, ...tsFiles(join(root, 'src'))];
  for (const file of files) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
      },
      fileName: file,
    });
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return {
    entry: join(out, 'scripts/conformance-client.js'),
    cleanup: () => rmSync(out, { recursive: true, force: true }),
  };
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}
