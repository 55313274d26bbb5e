import { Inject, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import {
  ValidationFailedError,
  internalError,
  playbookNotFound,
  playbookNotWebhook,
} from '../common/errors/catalogue';
import { validationFailed } from '../common/validation';
import { SecretsService } from '../secrets/secrets.service';
import { ToolRegistryService } from '../tool-registry/tool-registry.service';
import { Playbook, PlaybookRun } from './playbook.types';
import { PlaybookTriggers } from './playbook-triggers';
import { stepUsesServer } from './playbook-checks';
import { checkPlaybook } from './playbooks.schema';
import { PlaybooksStore } from './playbooks.store';
import { PLAYBOOK_RUN_STORE, PlaybookRunStore } from './runs/playbook-run-store';
import { WEBHOOK_SECRET_NAME, WebhookGuard, deliveryIdOf, secretScope } from './webhook-guard';

/** A playbook as the API shows it. */
export type PlaybookView = Playbook & {
  id: string;
  last_run: PlaybookRun | null;
  next_run_at: string | null;
  hook_path: string | null;
  webhook_secret_configured: boolean;
};

const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** The playbooks facade the controllers use. */
@Injectable()
export class PlaybooksService {
  constructor(
    private readonly store: PlaybooksStore,
    @Inject(PLAYBOOK_RUN_STORE) private readonly runs: PlaybookRunStore,
    private readonly triggers: PlaybookTriggers,
    private readonly secrets: SecretsService,
    private readonly webhooks: WebhookGuard,
    private readonly tools: ToolRegistryService,
  ) {}

  list(): Promise<PlaybookView[]> {
    return Promise.all(this.store.all().map(([id, playbook]) => this.view(id, playbook)));
  }

  /** The ids of the playbooks defined now. */
  ids(): string[] {
    return this.store.all().map(([id]) => id);
  }

  get(id: string): Promise<PlaybookView> {
    return this.view(id, this.find(id));
  }

  /** Creates or replaces; schema, templates and cron are checked first (400 naming the field). */
  async put(id: string, body: unknown): Promise<PlaybookView> {
    const problems = checkPlaybook(body);
    if (problems.length) throw validationFailed(problems);
    await this.store.put(id, body as Playbook);
    return this.get(id);
  }

  /** Ids of the playbooks with a step that calls the server (a server in use cannot be deleted). */
  usingServer(serverId: string): string[] {
    const routed = this.tools.routesTo(serverId);
    return this.store
      .all()
      .filter(([, p]) => p.steps.some((step) => stepUsesServer(step, serverId, routed)))
      .map(([id]) => id);
  }

  async remove(id: string): Promise<void> {
    this.find(id);
    await this.store.remove(id);
    await this.secrets.removeOwn(secretScope(id), WEBHOOK_SECRET_NAME);
    await this.runs.removeAll(id);
    this.webhooks.forget(id);
  }

  async setWebhookSecret(id: string, value: unknown): Promise<void> {
    this.find(id);
    if (typeof value !== 'string' || value.length < 16 || value.length > 1024) {
      throw new ValidationFailedError('value: must be a string of 16 to 1024 characters.', {
        fields: [{ field: 'value', problems: ['must be a string of 16 to 1024 characters'] }],
      });
    }
    await this.secrets.setOwn(secretScope(id), WEBHOOK_SECRET_NAME, value);
  }

  /** Runs now and answers the finished run (a dry run renders every step and calls nothing). */
  async runNow(id: string, event: Record<string, unknown>, dryRun: boolean): Promise<PlaybookRun> {
    const playbook = this.find(id);
    const req = {
      trigger: 'manual' as const,
      event: { type: 'manual', ...event },
      depth: 0,
      dryRun,
    };
    const run = await this.triggers.start(id, playbook, req);
    if (!run) throw internalError('The run could not be started.');
    return run as PlaybookRun;
  }

  listRuns(id: string): Promise<PlaybookRun[]> {
    this.find(id);
    return this.runs.list(id);
  }

  /** A signed delivery: 202 with the run id; a redelivery answers the first run's id. */
  async deliver(id: string, raw: Buffer, body: unknown, headers: IncomingHttpHeaders) {
    const playbook = this.store.get(id);
    this.webhooks.check(id, raw, headers);
    if (!playbook) throw notFound(id);
    if (!playbook.enabled || playbook.trigger.type !== 'webhook') {
      throw playbookNotWebhook(id);
    }
    const delivery = deliveryIdOf(headers);
    if (delivery) {
      const claim = await this.runs.claimDelivery(id, delivery);
      if (!claim.first) return { run_id: claim.runId, redelivery: true };
    }
    const event = { type: 'webhook', headers: visibleHeaders(headers), body };
    const accepted = new Promise<PlaybookRun | null>((resolve) => {
      void this.triggers
        .start(id, playbook, { trigger: 'webhook', event, depth: 0, onAccepted: resolve })
        .then(() => resolve(null));
    });
    const run = await accepted;
    if (delivery) await this.runs.deliveryStarted(id, delivery, run?.run_id ?? null);
    return { run_id: run?.run_id ?? null, redelivery: false };
  }

  private async view(id: string, playbook: Playbook): Promise<PlaybookView> {
    const [lastRun] = await this.runs.list(id, 1);
    return {
      id,
      ...playbook,
      last_run: lastRun ?? null,
      next_run_at: playbook.enabled ? this.triggers.nextRunAt(id) : null,
      hook_path: playbook.trigger.type === 'webhook' ? `/hooks/${id}` : null,
      webhook_secret_configured: !!this.secrets.getOwn(secretScope(id), WEBHOOK_SECRET_NAME),
    };
  }

  private find(id: string): Playbook {
    const playbook = this.store.get(id);
    if (!playbook) throw notFound(id);
    return playbook;
  }
}

const notFound = (id: string) => playbookNotFound(id);

function visibleHeaders(headers: IncomingHttpHeaders): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !HIDDEN_HEADERS.has(k)));
}
