import { PlaybookRun } from '../playbook.types';

/** Runs kept per playbook; the oldest go first. */
export const MAX_RUNS_PER_PLAYBOOK = 200;
/** How long a webhook delivery id is remembered: a redelivery within it runs nothing. */
export const DELIVERY_TTL_MS = 24 * 60 * 60 * 1000;

/** `first` the first time a delivery id is seen, else the run id the first delivery started. */
export interface DeliveryClaim {
  first: boolean;
  runId: string | null;
}

/**
 * Playbook runs and webhook delivery ids: SQLite in the data folder, or PostgreSQL shared by
 * the replicas. A run still `running` when its process stopped is marked failed at start.
 */
export interface PlaybookRunStore {
  /** Inserts or replaces the run (by run_id), keeping MAX_RUNS_PER_PLAYBOOK per playbook. */
  save(run: PlaybookRun): Promise<void>;
  /** Newest first. */
  list(playbookId: string, limit?: number): Promise<PlaybookRun[]>;
  removeAll(playbookId: string): Promise<void>;
  /**
   * Claims a delivery id for DELIVERY_TTL_MS. A later claim answers the run id the first
   * delivery started (null while it is being started, or when it started none).
   */
  claimDelivery(playbookId: string, deliveryId: string, now?: number): Promise<DeliveryClaim>;
  deliveryStarted(playbookId: string, deliveryId: string, runId: string | null): Promise<void>;
}

export const PLAYBOOK_RUN_STORE = Symbol('PLAYBOOK_RUN_STORE');
