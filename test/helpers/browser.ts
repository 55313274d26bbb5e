import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, BrowserContext, Page } from 'playwright-core';
import { ROOT } from './test-app';

export const UI_DIR = join(ROOT, 'dist/public');
export const TEST_OUTPUT = join(ROOT, 'test-output');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium, found on PATH; a missing browser fails the test with what to do. */
export function findChromium(): string {
  try {
    const path = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
    if (path) return path;
  } catch {
    // fall through to the error below
  }
  throw new Error(
    'Chromium is not installed, so the browser tests cannot run. Install it with ' +
      '`apt-get update && apt-get install -y chromium` (.ci/run does this in CI).',
  );
}

/**
 * Builds the UI into dist/public when it is missing or older than ui/ (as after `nest build`
 * alone, or an edit). Parallel test files may both build: each builds into its own folder
 * and the first to move it into place wins.
 */
export function ensureUiBuilt(): void {
  const index = join(UI_DIR, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(join(ROOT, 'ui'))) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const out = mkdtempSync(join(ROOT, 'dist', '.ui-build-'));
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  const args = [vite, 'build', '--config', 'ui/vite.config.mts', '--outDir', out, '--emptyOutDir'];
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'pipe' });
  rmSync(UI_DIR, { recursive: true, force: true });
  try {
    renameSync(out, UI_DIR);
  } catch {
    rmSync(out, { recursive: true, force: true }); // another test file moved its build first
  }
  if (!existsSync(index)) throw new Error(`vite build did not produce ${index}`);
}

function newestMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    return Math.max(newest, mtime);
  }, 0);
}

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Every URL the browser asked for that is not under the app's own origin. */
  foreignRequests: string[];
  /** Saves test-output/<name>.png: the whole page, or only the viewport. */
  screenshot(name: string, options?: { fullPage?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/** A headless Chromium on a fresh profile that records any request leaving the app. */
export async function launchBrowser(appUrl: string): Promise<TestBrowser> {
  const executablePath = findChromium();
  const profile = mkdtempSync(join(tmpdir(), 'patchbay-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const origin = new URL(appUrl).origin;
  const foreignRequests: string[] = [];
  context.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) foreignRequests.push(url);
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(TEST_OUTPUT, { recursive: true });
  return {
    context,
    page,
    foreignRequests,
    screenshot: async (name, options = {}) => {
      const path = join(TEST_OUTPUT, `${name}.png`);
      await page.screenshot({ path, fullPage: options.fullPage ?? true });
      return path;
    },
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
