import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { ensureUiBuilt, findChromium, launchBrowser, TestBrowser } from '../helpers/browser';
import { alive } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { everythingStdio, startApp, TestApp } from '../helpers/test-app';

/** A REST task whose server asks a question (elicitation), answered through the Execution page. */
describe('web UI: a task waiting for input (Chromium, server-everything)', () => {
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    findChromium();
    ensureUiBuilt();
    t = await startApp({ servers: { everything: everythingStdio() } });
    b = await launchBrowser(t.url);
  });

  afterAll(async () => {
    const pid = t?.app.get(McpClientService).connectionInfo('everything').pid;
    await b?.close();
    await t?.close();
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  });

  afterEach(() => expect(b.foreignRequests).toEqual([]));

  it('runs trigger-elicitation-request as a task, answers the form, shows the result', async () => {
    const { page } = b;
    await page.goto(`${t.url}/execution`);
    await page.getByLabel('Tool', { exact: true }).selectOption('mcp_tool');
    await page.getByLabel('Server', { exact: true }).selectOption('everything');
    await waitFor(async () => (await page.locator('#target-tool option').count()) > 1);
    await page
      .getByLabel('Server tool', { exact: true })
      .selectOption('trigger-elicitation-request');
    await page.getByLabel(/^Run as task/).check();
    await page.getByRole('button', { name: 'Run' }).click();
    const task = page.getByTestId('task');
    await waitFor(async () => (await task.getAttribute('data-state')) === 'input_required');
    expect(await task.locator('.task-question').textContent()).toContain('Please provide inputs');
    await task.locator('#task-input-name').fill('Ada from Chromium');
    await b.screenshot('execution-task-input');
    await task.getByRole('button', { name: 'Accept' }).click();
    await waitFor(async () => (await task.getAttribute('data-state')) === 'succeeded');
    const result = task.getByRole('region', { name: 'Result' });
    await result.getByText(/Name: Ada from Chromium/).waitFor();
    await b.screenshot('execution-task-done');

    // The answer reached the server through the task API, not only the page.
    const id = (await task.locator('code.task-id').textContent()) ?? '';
    const body = (await t.http.get(`/api/v1/execution/tasks/${id}`).expect(200)).body as {
      state: string;
      result: { content: unknown };
    };
    expect(body.state).toBe('succeeded');
    expect(JSON.stringify(body.result.content)).toContain('Name: Ada from Chromium');
  });
});
