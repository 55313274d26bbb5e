import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { ensureUiBuilt, findChromium, launchBrowser, TestBrowser } from '../helpers/browser';
import { waitFor } from '../helpers/wait';
import { faultServer } from '../helpers/fixtures';
import { everythingStdio, startApp, TestApp } from '../helpers/test-app';

const SECRET = `ui-secret-${process.pid}-${Date.now()}`;

const card = (page: Page, id: string): Locator => page.locator(`article[data-server-id="${id}"]`);
const badge = (page: Page, id: string): Locator => card(page, id).getByTestId('status-badge');

describe('web UI in Chromium', () => {
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    findChromium(); // fails with the install command when Chromium is missing
    ensureUiBuilt();
    t = await startApp({
      servers: {
        everything: everythingStdio(),
        fault: faultServer('ok', {
          name: 'Fault fixture',
          credentials: [{ name: 'DEMO_TOKEN', required: true, env: 'DEMO_TOKEN' }],
        }),
      },
    });
    b = await launchBrowser(t.url);
  });

  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  afterEach(() => expect(b.foreignRequests).toEqual([]));

  it('serves the UI at / with a fallback that never shadows the API', async () => {
    const home = await t.http.get('/').set('Accept', 'text/html').expect(200);
    expect(home.text).toContain('<div id="app">');
    await t.http.get('/execution').set('Accept', 'text/html').expect(200);
    const missing = await t.http.get('/api/v1/nope').set('Accept', 'text/html').expect(404);
    expect(missing.body.error.code).toBe('not_found');
    await t.http.get('/assets/nope.js').expect(404);
    await t.http.get('/%2e%2e/package.json').expect(404);
    await t.http.get('/connections').set('Accept', 'application/json').expect(404);
    await t.http.post('/').send({}).expect(404);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(home.text)?.[1] as string;
    const asset = await t.http.get(script).expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('toggles a server off and on, and the change survives a reload', async () => {
    const { page } = b;
    await page.goto(`${t.url}/`);
    const toggle = card(page, 'everything').getByRole('switch', { name: 'Enabled' });
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await waitFor(async () => (await badge(page, 'everything').textContent()) === 'Disabled');
    expect(readServers(t).everything.enabled).toBe(false);
    await page.reload();
    await badge(page, 'everything').waitFor();
    expect(await toggle.isChecked()).toBe(false);
    // With the keyboard this time.
    await toggle.focus();
    await page.keyboard.press('Space');
    await waitFor(async () => (await badge(page, 'everything').textContent()) !== 'Disabled');
    await page.reload();
    await badge(page, 'everything').waitFor();
    expect(await toggle.isChecked()).toBe(true);
    expect(readServers(t).everything.enabled).toBe(true);
  });

  it('shows a status change live when the server process is killed', async () => {
    const { page } = b;
    await page.goto(`${t.url}/`);
    await card(page, 'everything').getByRole('button', { name: 'Check now' }).click();
    await waitFor(async () => (await badge(page, 'everything').textContent()) === 'Healthy');
    await page.getByText('Live updates on').waitFor();
    await watchBadge(page, 'everything');
    const client = t.app.get(McpClientService);
    const pid = client.connectionInfo('everything').pid;
    expect(pid).toEqual(expect.any(Number));
    process.kill(pid as number, 'SIGKILL');
    // No click, no reload: only the event stream can change the badge.
    const seen = await waitFor(
      async () => {
        const states = await page.evaluate<string[]>('window.__states');
        return states.find((s) => s !== 'Healthy');
      },
      'a state other than Healthy',
      15_000,
    );
    expect(['Unhealthy', 'Degraded', 'Connecting', 'Unknown']).toContain(seen);
    await b.screenshot('connections');
  });

  it('sets a credential and shows "configured" without the value anywhere', async () => {
    const { page } = b;
    await page.goto(`${t.url}/`);
    const form = card(page, 'fault').locator('form[data-credential="DEMO_TOKEN"]');
    const state = form.getByTestId('credential-state');
    expect(await state.textContent()).toBe('missing');
    expect(await badge(page, 'fault').textContent()).toBe('Needs credentials');
    const input = form.getByLabel(/^DEMO_TOKEN/);
    await input.fill(SECRET);
    await form.getByRole('button', { name: 'Save DEMO_TOKEN' }).click();
    await waitFor(async () => (await state.textContent())?.startsWith('configured'));
    expect(await input.inputValue()).toBe('');
    await waitFor(async () => (await badge(page, 'fault').textContent()) !== 'Needs credentials');
    expect(await page.content()).not.toContain(SECRET);
    await page.reload();
    await state.waitFor();
    expect(await state.textContent()).toMatch(/^configured/);
    expect(await page.content()).not.toContain(SECRET);
    await card(page, 'fault').scrollIntoViewIfNeeded();
    await b.screenshot('connections-credential', { fullPage: false });
  });

  it('runs mcp_tool against server-everything echo and shows the result', async () => {
    const { page } = b;
    await page.goto(`${t.url}/execution`);
    await page.getByLabel('Tool', { exact: true }).selectOption('mcp_tool');
    await page.getByLabel('Server', { exact: true }).selectOption('everything');
    await waitFor(async () => (await page.locator('#target-tool option').count()) > 1);
    await page.getByLabel('Server tool', { exact: true }).selectOption('echo');
    await page.getByLabel(/^message/).fill('hello from Chromium');
    await page.getByRole('button', { name: 'Run' }).click();
    const result = page.getByRole('region', { name: 'Result' });
    await result.getByText('Echo: hello from Chromium').waitFor();
    expect(await result.locator('h3').textContent()).toMatch(/Result · \d+ ms/);
    await page.locator('table.runs').getByText('everything/echo').first().waitFor();
    await b.screenshot('execution');
    // The runs list filters, and a run opens with its arguments.
    await page.getByLabel('Filter by outcome').selectOption('tool_error');
    await page.getByText('No runs match.').waitFor();
    await page.getByLabel('Filter by outcome').selectOption('ok');
    await page.getByLabel('Filter by server').selectOption('everything');
    await page.locator('table.runs button.link').first().click();
    const detail = page.getByRole('region', { name: 'Run detail' });
    await detail.getByText('hello from Chromium').first().waitFor();
    await b.screenshot('execution-run-detail');
    await detail.getByRole('button', { name: 'Close' }).click();
    // Images arrive as base64 content and are shown from a data: URL.
    await page.getByLabel('Server tool', { exact: true }).selectOption('get-tiny-image');
    await page.getByRole('button', { name: 'Run' }).click();
    const img = result.locator('img[src^="data:image/png;base64,"]');
    await img.waitFor();
    const width = await img.evaluate((el) => (el as { naturalWidth: number }).naturalWidth);
    expect(width).toBeGreaterThan(0);
  });

  it('after choosing a server, the tool select prompts and no argument block shows until a tool is chosen', async () => {
    const { page } = b;
    await page.goto(`${t.url}/execution`);
    await page.getByLabel('Tool', { exact: true }).selectOption('mcp_tool');
    const toolSelect = page.locator('#target-tool');
    const shownTool = () =>
      toolSelect.evaluate((el) => {
        const select = el as unknown as { selectedIndex: number; options: { text: string }[] };
        return select.selectedIndex < 0 ? '' : select.options[select.selectedIndex].text;
      });
    await page.getByLabel('Server', { exact: true }).selectOption('');
    await page.getByLabel('Server', { exact: true }).selectOption('everything');
    // Never an empty select, never "no arguments" for a tool nobody chose.
    expect(await shownTool()).not.toBe('');
    // While the server's tools load nothing is chosen, and nothing claims "no arguments" (the
    // hint itself is checked below, once the list is there: waiting for it here raced the load).
    if ((await toolSelect.inputValue()) === '') {
      expect(await page.getByText('This tool takes no arguments.').count()).toBe(0);
    }
    await waitFor(async () => (await page.locator('#target-tool option').count()) > 1);
    await toolSelect.selectOption('');
    expect(await shownTool()).toBe('Choose a tool…');
    await page.getByTestId('choose-tool-hint').waitFor();
    expect(await page.getByText('This tool takes no arguments.').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Run' }).isDisabled()).toBe(true);
    await toolSelect.selectOption('echo');
    await page.getByLabel(/^message/).waitFor();
    expect(await page.getByTestId('choose-tool-hint').count()).toBe(0);
  });

  it('shows the field error for a bad argument', async () => {
    const { page } = b;
    await page.goto(`${t.url}/execution`);
    await page.getByLabel('Server', { exact: true }).selectOption('everything');
    await waitFor(async () => (await page.locator('#target-tool option').count()) > 1);
    await page.getByLabel('Server tool', { exact: true }).selectOption('echo');
    await page.getByRole('button', { name: 'Run' }).click(); // message left empty
    const field = page.locator('.field[data-field="message"] .field-error');
    await field.waitFor();
    expect(await field.textContent()).toContain('required');
    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toContain("do not fit the tool's input schema");
    // The raw JSON fallback sends what the form cannot: a number for a string.
    await page.getByLabel('Edit arguments as raw JSON').check();
    await page
      .getByLabel('Arguments (JSON)')
      .fill('{"server_id":"everything","tool_name":"echo","args":{"message":42}}');
    await page.getByRole('button', { name: 'Run' }).click();
    await waitFor(async () => (await alert.textContent())?.includes('must be string'));
    await b.screenshot('execution-error');
  });

  it('binds and unbinds a route, and reads on a narrow screen', async () => {
    const { page } = b;
    await page.goto(`${t.url}/execution`);
    await page.getByLabel('Tool', { exact: true }).selectOption('deploy');
    await page.getByLabel('MCP server').selectOption('everything');
    await page.getByLabel('Server tool name').fill('echo');
    await page.getByRole('button', { name: 'Bind route' }).click();
    await page.getByText('Bound to everything / echo.').first().waitFor();
    expect((await t.http.get('/api/v1/execution/routes').expect(200)).body).toEqual([
      { tool: 'deploy', server_id: 'everything', tool_name: 'echo' },
    ]);
    await page.getByRole('button', { name: 'Unbind' }).click();
    await page.getByText('Not bound: it runs its local implementation.').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflowsSideways(page)).toBe(false);
    await b.screenshot('execution-narrow');
    await page.getByRole('link', { name: 'Connections' }).click();
    await card(page, 'everything').waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    await b.screenshot('connections-narrow', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

const overflowsSideways = (page: Page): Promise<boolean> =>
  page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

/**
 * Records every text the badge shows, so a short-lived state is not missed. A string
 * script: the backend tsconfig has no DOM types.
 */
async function watchBadge(page: Page, id: string): Promise<void> {
  await page.evaluate(`(() => {
    window.__states = [];
    const root = document.querySelector('article[data-server-id=${JSON.stringify(id)}]');
    const read = () => {
      const text = root.querySelector('[data-testid="status-badge"]')?.textContent ?? '';
      if (window.__states[window.__states.length - 1] !== text) window.__states.push(text);
    };
    new MutationObserver(read).observe(root, { subtree: true, childList: true, characterData: true });
  })()`);
}

function readServers(t: TestApp): Record<string, { enabled?: boolean }> {
  const file = JSON.parse(readFileSync(join(t.configDir, 'mcp_servers.json'), 'utf8')) as {
    mcp_servers: Record<string, { enabled?: boolean }>;
  };
  return file.mcp_servers;
}
