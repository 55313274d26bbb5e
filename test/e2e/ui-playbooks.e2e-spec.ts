import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureUiBuilt, findChromium, launchBrowser, TestBrowser } from '../helpers/browser';
import { waitFor } from '../helpers/wait';
import { MEMORY, startApp, TestApp } from '../helpers/test-app';

const API = '/api/v1/playbooks';
const row = (page: Page, id: string) => page.locator(`tr[data-playbook-id="${id}"]`);

describe('Playbooks page in Chromium', () => {
  let t: TestApp;
  let b: TestBrowser;
  let work: string;

  beforeAll(async () => {
    findChromium();
    ensureUiBuilt();
    work = mkdtempSync(join(tmpdir(), 'patchbay-ui-playbooks-'));
    t = await startApp({
      servers: {
        memory: {
          name: 'Memory',
          transport: 'stdio',
          command: process.execPath,
          args: [MEMORY],
          env: { MEMORY_FILE_PATH: join(work, 'memory.jsonl') },
          enabled: true,
        },
      },
    });
    const step = {
      tool: 'mcp_tool',
      args: {
        server_id: 'memory',
        tool_name: 'create_entities',
        args: { entities: [{ name: '${event.body.ref}', entityType: 'push', observations: [] }] },
      },
    };
    const playbook = {
      name: 'On push',
      enabled: true,
      trigger: { type: 'webhook' },
      steps: [step],
    };
    await t.http.put(`${API}/on-push`).send(playbook).expect(200);
    b = await launchBrowser(t.url);
  }, 60_000);

  afterAll(async () => {
    await b?.close();
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  afterEach(() => expect(b.foreignRequests).toEqual([]));

  it('lists playbooks, dry runs and runs one, and shows its runs and signed curl line', async () => {
    const { page } = b;
    await page.goto(`${t.url}/playbooks`);
    await row(page, 'on-push').getByRole('button', { name: 'On push' }).click();
    const editor = page.getByRole('region', { name: 'Playbook editor' });
    await editor
      .getByLabel('Event for a manual run (JSON)')
      .fill('{"body": {"ref": "refs/heads/ui"}}');
    await editor.getByRole('button', { name: 'Dry run' }).click();
    await waitFor(async () =>
      (await page.getByTestId('rendered-args').textContent())?.includes('refs/heads/ui'),
    );
    await editor.getByRole('button', { name: 'Run now' }).click();
    // The answer comes when the run has finished; the page shows it.
    const result = page.getByRole('region', { name: 'Run result' });
    await waitFor(async () => {
      const text = (await result.textContent()) ?? '';
      return text.includes('succeeded') && !text.includes('dry run');
    });
    const runs = (await t.http.get(`${API}/on-push/runs`)).body as { outcome: string }[];
    expect(runs.map((r) => r.outcome)).toEqual(['succeeded']);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page
      .getByRole('region', { name: 'Runs of the playbook' })
      .getByText('succeeded')
      .waitFor();
    const curl = await page.getByTestId('curl-line').textContent();
    expect(curl).toContain(`/hooks/on-push`);
    expect(curl).toContain('X-Hub-Signature-256: sha256=$SIG');
    await b.screenshot('playbooks');
  });

  it('toggles a playbook and shows the field of a broken template', async () => {
    const { page } = b;
    await page.goto(`${t.url}/playbooks`);
    const toggle = row(page, 'on-push').getByRole('switch');
    await toggle.uncheck();
    await waitFor(async () => (await t.http.get(`${API}/on-push`)).body.enabled === false);
    await row(page, 'on-push').getByRole('button', { name: 'On push' }).click();
    const editor = page.getByRole('region', { name: 'Playbook editor' });
    const broken = {
      name: 'x',
      enabled: true,
      trigger: { type: 'webhook' },
      steps: [{ tool: 'mcp_tool', args: { server_id: '${event.' } }],
    };
    await editor.getByLabel('Playbook (JSON)').fill(JSON.stringify(broken));
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByRole('alert').getByText('steps[0].args.server_id').waitFor();
    expect((await t.http.get(`${API}/on-push`)).body.name).toBe('On push');
  });
});
