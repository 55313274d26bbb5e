import { OnModuleDestroy } from '@nestjs/common';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PlaybookRun } from '../playbook.types';
import {
  DELIVERY_TTL_MS,
  DeliveryClaim,
  MAX_RUNS_PER_PLAYBOOK,
  PlaybookRunStore,
} from './playbook-run-store';

/**
 * Playbook runs and webhook delivery ids in the data folder (embedded SQLite), so a restart
 * keeps the history. A run still `running` when the process stopped is marked failed.
 * Synchronous underneath; the interface is async for the PostgreSQL store.
 */
export class SqlitePlaybookRunStore implements PlaybookRunStore, OnModuleDestroy {
  private readonly db: Database.Database;

  constructor(config: { dataDir: string }) {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    this.db = new Database(join(config.dataDir, 'playbook_runs.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS runs (
        run_id TEXT PRIMARY KEY, playbook_id TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS runs_by_playbook ON runs (playbook_id, seq);
      CREATE TABLE IF NOT EXISTS deliveries (
        playbook_id TEXT NOT NULL, delivery_id TEXT NOT NULL, at INTEGER NOT NULL, run_id TEXT,
        PRIMARY KEY (playbook_id, delivery_id));`);
    this.markInterrupted();
  }

  save(run: PlaybookRun): Promise<void> {
    this.saveNow(run);
    return Promise.resolve();
  }

  private saveNow(run: PlaybookRun): void {
    if (!this.db.open) return; // a run that outlived shutdown
    const seq = Date.parse(run.started_at);
    this.db
      .prepare('INSERT OR REPLACE INTO runs (run_id, playbook_id, seq, body) VALUES (?, ?, ?, ?)')
      .run(run.run_id, run.playbook_id, seq, JSON.stringify(run));
    this.db
      .prepare(
        `DELETE FROM runs WHERE playbook_id = ? AND run_id NOT IN (
           SELECT run_id FROM runs WHERE playbook_id = ? ORDER BY seq DESC, rowid DESC LIMIT ?)`,
      )
      .run(run.playbook_id, run.playbook_id, MAX_RUNS_PER_PLAYBOOK);
  }

  /** Newest first. */
  list(playbookId: string, limit = MAX_RUNS_PER_PLAYBOOK): Promise<PlaybookRun[]> {
    const rows = this.db
      .prepare('SELECT body FROM runs WHERE playbook_id = ? ORDER BY seq DESC, rowid DESC LIMIT ?')
      .all(playbookId, limit) as { body: string }[];
    return Promise.resolve(rows.map((r) => JSON.parse(r.body) as PlaybookRun));
  }

  removeAll(playbookId: string): Promise<void> {
    this.db.prepare('DELETE FROM runs WHERE playbook_id = ?').run(playbookId);
    this.db.prepare('DELETE FROM deliveries WHERE playbook_id = ?').run(playbookId);
    return Promise.resolve();
  }

  claimDelivery(playbookId: string, deliveryId: string, now = Date.now()) {
    return Promise.resolve(this.claim(playbookId, deliveryId, now));
  }

  private claim(playbookId: string, deliveryId: string, now: number): DeliveryClaim {
    this.db.prepare('DELETE FROM deliveries WHERE at < ?').run(now - DELIVERY_TTL_MS);
    const result = this.db
      .prepare('INSERT OR IGNORE INTO deliveries (playbook_id, delivery_id, at) VALUES (?, ?, ?)')
      .run(playbookId, deliveryId, now);
    if (result.changes === 1) return { first: true, runId: null };
    const row = this.db
      .prepare('SELECT run_id FROM deliveries WHERE playbook_id = ? AND delivery_id = ?')
      .get(playbookId, deliveryId) as { run_id: string | null } | undefined;
    return { first: false, runId: row?.run_id ?? null };
  }

  deliveryStarted(playbookId: string, deliveryId: string, runId: string | null): Promise<void> {
    this.db
      .prepare('UPDATE deliveries SET run_id = ? WHERE playbook_id = ? AND delivery_id = ?')
      .run(runId, playbookId, deliveryId);
    return Promise.resolve();
  }

  onModuleDestroy(): void {
    this.db.close();
  }

  private markInterrupted(): void {
    const rows = this.db.prepare('SELECT body FROM runs').all() as { body: string }[];
    for (const row of rows) {
      const run = JSON.parse(row.body) as PlaybookRun;
      if (run.outcome !== 'running') continue;
      const error = 'Patchbay stopped while the run was going.';
      this.saveNow({ ...run, outcome: 'failed', finished_at: run.started_at, error });
    }
  }
}
