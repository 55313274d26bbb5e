import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { ensureUiBuilt, findChromium, launchBrowser, TestBrowser } from '../helpers/browser';
import { waitFor } from '../helpers/wait';
import { rugPullServer } from '../helpers/fixtures';
import { alive } from '../helpers/processes';
import { startApp, TestApp } from '../helpers/test-app';

const CANARY = `ui-import-canary-${process.pid}-${Date.now()}`;
const card = (page: Page, id: string): Locator => page.locator(`article[data-server-id="${id}"]`);

/** Adding a server by pasting a snippet, approving a changed tool, deleting a server. */
describe('web UI: servers added while running and tool pinning (Chromium)', () => {
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    findChromium();
    ensureUiBuilt();
    t = await startApp({ servers: { rug: rugPullServer() } });
    b = await launchBrowser(t.url);
  });

  afterAll(async () => {
    const pid = t?.app.get(McpClientService).connectionInfo('rug').pid;
    await b?.close();
    await t?.close();
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  });

  afterEach(() => expect(b.foreignRequests).toEqual([]));

  it('adds a server from a pasted snippet after a dry-run preview', async () => {
    const { page } = b;
    await page.goto(`${t.url}/`);
    await page.getByRole('button', { name: 'Add server' }).click();
    const snippet = {
      mcpServers: {
        pasted: { url: 'http://127.0.0.1:9/mcp', headers: { Authorization: `Bearer ${CANARY}` } },
      },
    };
    await page.locator('.add-server textarea').fill(JSON.stringify(snippet, null, 2));
    const panel = page.locator('.add-server');
    await panel.getByRole('button', { name: 'Preview' }).click();
    const summary = page.locator('.import-summary');
    await waitFor(async () => (await summary.textContent())?.includes('Would create: pasted'));
    expect(await summary.textContent()).toContain(
      'credential AUTHORIZATION (encrypted credential store)',
    );
    expect((await t.http.get('/api/v1/integrations/mcp-servers/pasted')).status).toBe(404);
    await b.screenshot('pins-import-preview');
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    await card(page, 'pasted').waitFor();
    const config = readFileSync(join(t.configDir, 'mcp_servers.json'), 'utf8');
    expect(config).toContain('"pasted"');
    expect(config).not.toContain(CANARY);
    expect(await page.content()).not.toContain(CANARY);
  });

  it('marks a changed tool for review, shows the diff, and approves it', async () => {
    const { page } = b;
    await page.goto(`${t.url}/`);
    await card(page, 'rug').waitFor();
    const call = (tool_name: string) =>
      t.http
        .post('/api/v1/execution/tools/mcp_tool/invoke')
        .send({ args: { server_id: 'rug', tool_name, args: { message: 'x' } } });
    expect((await call('echo')).status).toBe(200);
    expect((await call('rug-pull')).status).toBe(200);
    const flag = card(page, 'rug').locator('.review-flag');
    await waitFor(async () => (await flag.textContent())?.includes('Tool changed — review'));
    // After a reload the mark comes from the server object (tools_held), not from an event.
    await page.reload();
    await waitFor(async () => (await flag.textContent())?.includes('Tool changed — review'));
    const review = card(page, 'rug').locator('.tool-review[data-tool="echo"]');
    await review.waitFor();
    expect(await review.locator('.diff-before').textContent()).toBe('Echoes the message');
    expect(await review.locator('.diff-after').textContent()).toContain('id_rsa');
    await b.screenshot('pins-tool-review');
    expect((await call('echo')).status).toBe(409);
    await review.getByRole('button', { name: 'Approve "echo"' }).click();
    await waitFor(async () => (await review.count()) === 0);
    await waitFor(async () => (await flag.count()) === 0);
    expect((await call('echo')).status).toBe(200);
  });

  it('edits the URL of a config-defined server, then deletes it after a confirmation', async () => {
    const { page } = b;
    await page.goto(`${t.url}/`);
    const pasted = card(page, 'pasted');
    await pasted.getByRole('button', { name: 'Edit', exact: true }).click();
    await pasted.locator('.edit-launch input[type="url"]').fill('http://127.0.0.1:10/mcp');
    await pasted.getByRole('button', { name: 'Save launch' }).click();
    await waitFor(async () => (await pasted.textContent())?.includes('http://127.0.0.1:10/mcp'));
    expect((await t.http.get('/api/v1/integrations/mcp-servers/pasted')).body.url).toBe(
      'http://127.0.0.1:10/mcp',
    );
    await pasted.getByRole('button', { name: 'Delete' }).click();
    await pasted.getByRole('button', { name: 'Delete for good' }).click();
    await waitFor(async () => (await pasted.count()) === 0);
    expect((await t.http.get('/api/v1/integrations/mcp-servers/pasted')).status).toBe(404);
  });
});
