import { existsSync, readdirSync, readFileSync } from 'node:fs';

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

/**
 * True while any process of the group is alive. On Linux, zombies (exited, not yet reaped by
 * an init that may never reap them) do not count; elsewhere signal 0 answers.
 */
export function groupAlive(pgid: number): boolean {
  if (!existsSync('/proc/self/stat')) return signalGroup(pgid, 0 as unknown as NodeJS.Signals);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    // Fields after the ")" of the command name: state, ppid, pgrp, ...
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields && Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
  }
  return false;
}

function readStat(pid: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
}
