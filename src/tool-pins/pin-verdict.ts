import { PinEntry } from './tool-pins.schema';
import { ToolDefinition, bodyFingerprint, difference, fingerprint } from './tool-fingerprint';

export type PinState = 'pinned' | 'changed' | 'new';

/** Where one listed tool stands against the pins of its server. */
export interface PinVerdict {
  state: PinState;
  /** The fingerprint of the definition the server shows now. */
  fingerprint: string;
  /** When the definition it is compared with was pinned (null for a new tool). */
  pinnedAt: string | null;
  /** The pinned definition, for `changed` (a change or a rename). */
  previous: PinEntry | null;
  /** The old name, when the same definition was pinned under another name. */
  renamedFrom: string | null;
  difference: { field: string; before: unknown; after: unknown }[];
  /** Allowed mode and a server without pins yet: pin it now (trust on first use). */
  pinNow: boolean;
}

export interface VerdictInput {
  def: ToolDefinition;
  /** fingerprint(def), when the caller has it cached. */
  fingerprint?: string;
  pins: Record<string, PinEntry>;
  /** Names the server lists now (a pin whose name is gone may have been renamed). */
  listed: ReadonlySet<string>;
  /** `hold` keeps tools that appear after a server's first listing as `new`. */
  newTools: 'allow' | 'hold';
  /** Whether the server has been listed and pinned before. */
  known: boolean;
}

/** Pure: the state of one tool, given the pins of its server. */
export function pinVerdict(input: VerdictInput): PinVerdict {
  const { def, pins, listed, newTools, known } = input;
  const fp = input.fingerprint ?? fingerprint(def);
  const base = { fingerprint: fp, renamedFrom: null, difference: [], pinNow: false };
  const pinned = ownPin(pins, def.name);
  if (pinned && pinned.fingerprint === fp) {
    return { ...base, state: 'pinned', pinnedAt: pinned.pinned_at, previous: null };
  }
  if (pinned) {
    const diff = difference(pinned.definition, def);
    return {
      ...base,
      state: 'changed',
      pinnedAt: pinned.pinned_at,
      previous: pinned,
      difference: diff,
    };
  }
  const body = bodyFingerprint(def);
  const renamed = Object.values(pins).find(
    (p) => !listed.has(p.definition.name) && bodyFingerprint(p.definition) === body,
  );
  if (renamed) {
    return {
      ...base,
      state: 'changed',
      pinnedAt: renamed.pinned_at,
      previous: renamed,
      renamedFrom: renamed.definition.name,
      difference: difference(renamed.definition, def),
    };
  }
  const hold = newTools === 'hold' && known;
  return { ...base, state: hold ? 'new' : 'pinned', pinnedAt: null, previous: null, pinNow: !hold };
}

/** A tool may be called `constructor` or `__proto__`: only own keys are pins. */
export function ownPin(pins: Record<string, PinEntry>, name: string): PinEntry | undefined {
  return Object.hasOwn(pins, name) ? pins[name] : undefined;
}
