/** How often a replica writes its heartbeat row. */
export const HEARTBEAT_MS = 2_000;
/** A replica is live while its last heartbeat is younger than this. */
export const LIVE_WINDOW_SECONDS = 10;
/** The leader deletes heartbeat rows older than this (replicas gone without a clean stop). */
export const PRUNE_AFTER_SECONDS = 60;
/** How often a follower tries to take the leader's lock (and the leader checks its connection). */
export const LEADER_POLL_MS = 2_000;
/** A leader query slower than this counts as a lost connection: the leader steps down. */
export const LEADER_QUERY_TIMEOUT_MS = 3_000;
/** The advisory lock's name (hashed like Database.withLock's names). */
export const LEADER_LOCK_NAME = 'patchbay:leader';
