import { ensureUiBuilt, findChromium, launchBrowser, TestBrowser } from '../helpers/browser';
import { everythingStdio, startApp, TestApp } from '../helpers/test-app';

describe('toolset editor in Chromium', () => {
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    findChromium(); // fails with the install command when Chromium is missing
    ensureUiBuilt();
    t = await startApp({ servers: { everything: everythingStdio() } });
    b = await launchBrowser(t.url);
  });

  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  afterEach(() => expect(b.foreignRequests).toEqual([]));

  it('picks tools from the aggregated list, saves, and shows the endpoint and snippets', async () => {
    const { page } = b;
    await page.goto(`${t.url}/toolsets`);
    await page.getByRole('heading', { name: 'Toolsets', level: 1 }).waitFor();
    await page.getByLabel('Id').fill('release');
    await page.getByLabel('Name').fill('Release agent');
    await page.getByRole('checkbox', { name: 'everything__echo' }).check({ timeout: 30_000 });
    await page.getByRole('checkbox', { name: 'deploy', exact: true }).check();
    await page.getByRole('button', { name: 'Save toolset' }).click();
    // Saved: the list shows it and the editor now edits it.
    await page.getByRole('button', { name: 'Release agent (release) · 2 tools' }).waitFor();
    await page.getByRole('heading', { name: 'Toolset release' }).waitFor();
    const saved = await t.http.get('/api/v1/toolsets/release').expect(200);
    expect(saved.body.tools).toEqual(['deploy', 'everything__echo']);
    await expect(page.getByTestId('toolset-url').textContent()).resolves.toBe(
      `${t.url}/mcp/toolsets/release`,
    );
    await page.getByText('Cursor (~/.cursor/mcp.json)').click();
    await expect(page.locator('details[open] pre').textContent()).resolves.toContain(
      '/mcp/toolsets/release',
    );
    await b.screenshot('toolsets');
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: /Release agent/ }).waitFor({ state: 'detached' });
    expect((await t.http.get('/api/v1/toolsets').expect(200)).body).toEqual([]);
  });
});
