/**
 * Process groups of the children Patchbay started. A stdio server runs detached as the leader
 * of its own group, so `kill(-pgid)` also reaches what it spawned (npx, shells, workers).
 * If Patchbay exits without closing its clients, the exit hook still signals every group.
 */
const live = new Set<number>();
let hooked = false;

export function trackGroup(pgid: number): void {
  live.add(pgid);
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const id of live) signalGroup(id, 'SIGKILL');
    });
  }
}

export function untrackGroup(pgid: number): void {
  live.delete(pgid);
}

/** Signals the whole group; false when no process of it is left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while any process of the group is alive (signal 0 only checks). */
export function groupAlive(pgid: number): boolean {
  return signalGroup(pgid, 0 as unknown as NodeJS.Signals);
}
