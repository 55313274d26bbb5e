import { ensureUiBuilt, findChromium, launchBrowser, TestBrowser } from '../helpers/browser';
import { waitFor } from '../helpers/wait';
import { startApp, TestApp } from '../helpers/test-app';
import { auth } from './api-keys.support';

describe('web UI: the Access page', () => {
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    findChromium();
    ensureUiBuilt();
    t = await startApp();
    b = await launchBrowser(t.url);
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
  });

  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('makes a toolset key, shows it once with a snippet, lists its use and revokes it', async () => {
    const { page } = b;
    await page.goto(`${t.url}/access`);
    await page.getByRole('heading', { name: 'Access' }).waitFor();
    await page.getByLabel('Name (who holds it)').fill('dev agent');
    await page.getByLabel('Toolsets (comma-separated ids; mcp scope only)').fill('dev');
    await page.getByRole('button', { name: 'Create key' }).click();

    const shown = page.getByTestId('new-key');
    await shown.waitFor();
    const key = (await shown.textContent())?.trim() ?? '';
    expect(key).toMatch(/^pbk_[A-Za-z0-9_-]{43}$/);
    const snippet = (await page.getByTestId('key-snippet').textContent()) ?? '';
    expect(JSON.parse(snippet)).toEqual({
      mcpServers: {
        'patchbay-dev': {
          type: 'http',
          url: `${t.url}/mcp/toolsets/dev`,
          headers: { Authorization: `Bearer ${key}` },
        },
      },
    });
    await page.getByRole('button', { name: 'Copy key' }).click();
    await page.getByText('Key copied.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(key);
    await b.screenshot('access-new-key');

    // The key does what the page said: its toolset only.
    await t.http.post('/mcp/toolsets/dev').set(auth(key)).send({}).expect(404);
    await t.http.post('/mcp').set(auth(key)).send({}).expect(403);

    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByTestId('new-key').count()).toBe(0);
    await page.reload();
    const row = page.locator('tr', { hasText: 'dev agent' });
    await row.waitFor();
    expect(await row.textContent()).toContain('mcp');
    const lastUsed = await row.locator('td').nth(3).textContent();
    expect(lastUsed).not.toBe('never');
    expect(await row.locator('td').nth(4).textContent()).toBe('never');
    expect(await page.content()).not.toContain(key);
    await b.screenshot('access-list');

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Revoke' }).click();
    await waitFor(async () => (await row.count()) === 0);
    await t.http.post('/mcp/toolsets/dev').set(auth(key)).send({}).expect(401);
    expect(b.foreignRequests).toEqual([]);
  });
});
