import { Logger, OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Database } from '../../database/database';
import { PlaybookRun } from '../playbook.types';
import {
  DELIVERY_TTL_MS,
  DeliveryClaim,
  MAX_RUNS_PER_PLAYBOOK,
  PlaybookRunStore,
} from './playbook-run-store';

/** How long a second receiver of a delivery waits for the first to name its run. */
const DELIVERY_WAIT_MS = 5000;
const DELIVERY_POLL_MS = 25;

/**
 * Playbook runs and webhook delivery ids in PostgreSQL, shared by the replicas. Each run
 * records the replica that runs it, so a replica starting again marks only its own runs
 * interrupted, never those another live replica is running.
 */
export class PgPlaybookRunStore implements PlaybookRunStore, OnModuleInit {
  private readonly logger = new Logger('PlaybookRunStore');

  constructor(private readonly db: Database) {}

  async onModuleInit(): Promise<void> {
    await this.markInterrupted(this.db.replicaId);
  }

  async save(run: PlaybookRun): Promise<void> {
    const rows = await this.db.query<{ inserted: boolean }>(
      `INSERT INTO patchbay_playbook_runs (run_id, playbook_id, replica_id, outcome, started_at, body)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (run_id) DO UPDATE SET outcome = EXCLUDED.outcome, body = EXCLUDED.body
       RETURNING (xmax = 0) AS inserted`,
      [
        run.run_id,
        run.playbook_id,
        this.db.replicaId,
        run.outcome,
        run.started_at,
        JSON.stringify(run),
      ],
    );
    if (rows[0]?.inserted) await this.trim(run.playbook_id);
  }

  async list(playbookId: string, limit = MAX_RUNS_PER_PLAYBOOK): Promise<PlaybookRun[]> {
    const rows = await this.db.query<{ body: string }>(
      `SELECT body FROM patchbay_playbook_runs WHERE playbook_id = $1
       ORDER BY started_at DESC, seq DESC LIMIT $2`,
      [playbookId, limit],
    );
    return rows.map((r) => JSON.parse(r.body) as PlaybookRun);
  }

  async removeAll(playbookId: string): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query('DELETE FROM patchbay_playbook_runs WHERE playbook_id = $1', [playbookId]);
      await client.query('DELETE FROM patchbay_webhook_deliveries WHERE playbook_id = $1', [
        playbookId,
      ]);
    });
  }

  /**
   * The INSERT decides which replica runs a delivery. A later claim waits (a few seconds at
   * most) until the first receiver has named its run, so both answer the same run id.
   */
  async claimDelivery(
    playbookId: string,
    deliveryId: string,
    now = Date.now(),
  ): Promise<DeliveryClaim> {
    await this.db.query('DELETE FROM patchbay_webhook_deliveries WHERE received_at < $1', [
      new Date(now - DELIVERY_TTL_MS),
    ]);
    const inserted = await this.db.query(
      `INSERT INTO patchbay_webhook_deliveries (playbook_id, delivery_id, received_at)
       VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [playbookId, deliveryId, new Date(now)],
    );
    if (inserted.length === 1) return { first: true, runId: null };
    return { first: false, runId: await this.startedRun(playbookId, deliveryId) };
  }

  async deliveryStarted(playbookId: string, deliveryId: string, runId: string | null) {
    await this.db.query(
      `UPDATE patchbay_webhook_deliveries SET run_id = $3, started = true
       WHERE playbook_id = $1 AND delivery_id = $2`,
      [playbookId, deliveryId, runId],
    );
  }

  /**
   * Marks the runs a stopped replica left `running` as failed: at start for this replica,
   * and by the leader for a replica that died (OrphanRunSweeper). The rows are locked as they
   * are read; one that finished meanwhile no longer matches and keeps its outcome.
   */
  async markInterrupted(replicaId: string): Promise<number> {
    const error = 'Patchbay stopped while the run was going.';
    const marked = await this.db.transaction(async (client) => {
      const { rows } = await client.query<{ body: string }>(
        `SELECT body FROM patchbay_playbook_runs WHERE replica_id = $1 AND outcome = 'running'
         FOR UPDATE`,
        [replicaId],
      );
      for (const row of rows) {
        const run = JSON.parse(row.body) as PlaybookRun;
        const failed: PlaybookRun = {
          ...run,
          outcome: 'failed',
          finished_at: run.started_at,
          error,
        };
        await client.query(
          `UPDATE patchbay_playbook_runs SET outcome = 'failed', body = $2
           WHERE run_id = $1 AND outcome = 'running'`,
          [run.run_id, JSON.stringify(failed)],
        );
      }
      return rows.length;
    });
    if (marked) this.logger.warn(`marked ${marked} interrupted runs of ${replicaId}`);
    return marked;
  }

  /** Replicas that have runs still `running`. */
  async replicasWithRunningRuns(): Promise<string[]> {
    const rows = await this.db.query<{ replica_id: string }>(
      `SELECT DISTINCT replica_id FROM patchbay_playbook_runs WHERE outcome = 'running'`,
    );
    return rows.map((r) => r.replica_id);
  }

  private async startedRun(playbookId: string, deliveryId: string): Promise<string | null> {
    const deadline = Date.now() + DELIVERY_WAIT_MS;
    for (;;) {
      const [row] = await this.db.query<{ started: boolean; run_id: string | null }>(
        `SELECT started, run_id FROM patchbay_webhook_deliveries
         WHERE playbook_id = $1 AND delivery_id = $2`,
        [playbookId, deliveryId],
      );
      if (!row || row.started || Date.now() >= deadline) return row?.run_id ?? null;
      await sleep(DELIVERY_POLL_MS);
    }
  }

  private async trim(playbookId: string): Promise<void> {
    await this.db.query(
      `DELETE FROM patchbay_playbook_runs WHERE seq IN (
         SELECT seq FROM patchbay_playbook_runs WHERE playbook_id = $1
         ORDER BY started_at DESC, seq DESC OFFSET $2)`,
      [playbookId, MAX_RUNS_PER_PLAYBOOK],
    );
  }
}
