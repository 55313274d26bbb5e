import { ensureUiBuilt, findChromium, launchBrowser, TestBrowser } from '../helpers/browser';
import { waitFor } from '../helpers/wait';
import { everythingStdio, startApp, TestApp } from '../helpers/test-app';

const TOKEN = `ui-token-${'x'.repeat(24)}`;

describe('web UI with an API token', () => {
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    findChromium();
    ensureUiBuilt();
    t = await startApp({
      servers: { everything: everythingStdio() },
      env: { PATCHBAY_API_TOKEN: TOKEN },
    });
    b = await launchBrowser(t.url);
  });

  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('loads the page without the token, which the API still requires', async () => {
    await t.http.get('/').set('Accept', 'text/html').expect(200);
    await t.http.get('/api/v1/integrations').expect(401);
    await t.http.get('/API/v1/integrations').expect(401);
  });

  it('asks for the token once, keeps it for the tab, and follows events with it', async () => {
    const { page } = b;
    await page.goto(`${t.url}/`);
    const dialog = page.getByRole('dialog', { name: 'API token needed' });
    await dialog.waitFor();
    await b.screenshot('token-dialog', { fullPage: false });
    await page.getByLabel('API token', { exact: true }).fill('not-the-token');
    await page.keyboard.press('Enter');
    await dialog.getByText('That token was not accepted').waitFor();
    await page.getByLabel('API token', { exact: true }).fill(TOKEN);
    await page.keyboard.press('Enter');
    const badge = page.locator('article[data-server-id="everything"] [data-testid="status-badge"]');
    await badge.waitFor();
    expect(await dialog.count()).toBe(0);
    const kept = await page.evaluate<string | null>("sessionStorage.getItem('patchbay.api_token')");
    expect(kept).toBe(TOKEN);
    await page.getByText('Live updates on').waitFor();

    // A change made elsewhere arrives over the fetch()-read event stream.
    await t.http
      .patch('/api/v1/integrations/mcp-servers/everything')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ enabled: false })
      .expect(200);
    await waitFor(async () => (await badge.textContent()) === 'Disabled');

    await page.reload();
    await badge.waitFor();
    expect(await dialog.count()).toBe(0);
    expect(await page.content()).not.toContain(TOKEN);
    expect(b.foreignRequests).toEqual([]);
  });
});
