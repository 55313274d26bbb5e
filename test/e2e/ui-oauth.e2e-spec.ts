import type { Locator, Page } from 'playwright-core';
import { ensureUiBuilt, findChromium, launchBrowser, TestBrowser } from '../helpers/browser';
import { waitFor } from '../helpers/wait';
import { ServerChild, startServerChild } from '../helpers/processes';
import { startApp, TestApp } from '../helpers/test-app';

const card = (page: Page, id: string): Locator => page.locator(`article[data-server-id="${id}"]`);
const badge = (page: Page, id: string): Locator => card(page, id).getByTestId('status-badge');

/** Connect and Disconnect of an OAuth server in Chromium, against a real protected server. */
describe('web UI: upstream OAuth in Chromium', () => {
  let server: ServerChild;
  let base: string;
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    findChromium();
    ensureUiBuilt();
    server = await startServerChild(['test/fixtures/servers/oauth-protected-server.mjs'], {
      ready: /oauth-protected-server ready (\S+)/,
      what: 'oauth-protected-server',
      ms: 15_000,
    });
    base = server.ready[1];
    t = await startApp({
      // After an authorization the server is checked this soon (the card turns healthy).
      env: { PATCHBAY_HEALTH_FIRST_CHECK_MS: '200' },
      servers: {
        remote: {
          name: 'Protected remote',
          transport: 'streamable_http',
          url: `${base}/mcp`,
          oauth: { scopes: ['tools:read'] },
        },
      },
    });
    b = await launchBrowser(t.url);
  }, 60_000);

  afterAll(async () => {
    await b?.close();
    await t?.close();
    await server?.stop();
  });

  it('Connect opens the authorization, the card turns healthy without a reload; Disconnect', async () => {
    const { page, context } = b;
    await page.goto(`${t.url}/`);
    await waitFor(
      async () => (await badge(page, 'remote').textContent()) === 'Needs authorization',
    );
    const panel = card(page, 'remote').getByRole('region', { name: 'OAuth of Protected remote' });
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      panel.getByRole('button', { name: 'Connect' }).click(),
    ]);
    await waitFor(
      async () => popup.url().startsWith(`${t.url}/?oauth=authorized`),
      'the callback',
      15_000,
    );
    await popup.close();
    await waitFor(
      async () => (await badge(page, 'remote').textContent()) === 'Healthy',
      'healthy',
      15_000,
    );
    await waitFor(async () => (await panel.getAttribute('data-oauth-state')) === 'authorized');
    expect(await panel.textContent()).toContain('tools:read');
    expect(await panel.locator('time').count()).toBe(1);
    expect(await page.content()).not.toContain('canary-');
    await panel.getByRole('button', { name: 'Disconnect' }).click();
    await waitFor(
      async () => (await badge(page, 'remote').textContent()) === 'Needs authorization',
    );
    expect(b.foreignRequests.every((url) => url.startsWith(`${base}/`))).toBe(true);
    await b.screenshot('ui-oauth');
  }, 60_000);
});
