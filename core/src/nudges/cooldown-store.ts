import type { Nudge } from "./nudge.ts";

/** The nudge last shown to a customer on an event, and when (ms since the epoch). */
export interface CooldownEntry {
  nudge: Nudge;
  shownAt: number;
  /** The app event it was shown on (recorded with the decision). */
  event?: string;
}

/** Who won a cooldown: `won` when `entry` is the caller's, otherwise the live one someone set first. */
export interface CooldownClaim {
  entry: CooldownEntry;
  won: boolean;
}

/**
 * Where event nudges are remembered during their cooldown. In memory for one process (the CLI);
 * the server uses the shared store, so replicas agree on who was nudged.
 */
export interface CooldownStore {
  get(key: string): CooldownEntry | undefined | Promise<CooldownEntry | undefined>;
  /**
   * Sets `entry` unless a live one (shown less than `cooldownMs` before `entry.shownAt`) exists:
   * of two processes deciding a nudge for one customer at once, one wins and the other shows
   * the winner's.
   */
  claim(key: string, entry: CooldownEntry, cooldownMs: number): CooldownClaim | Promise<CooldownClaim>;
}

/** The in-memory store answers synchronously. */
export interface MemoryCooldownStore extends CooldownStore {
  get(key: string): CooldownEntry | undefined;
  claim(key: string, entry: CooldownEntry, cooldownMs: number): CooldownClaim;
}

/**
 * A bounded in-memory store: the least recently set key is dropped beyond `maxEntries`.
 *
 * @example
 * const store = createMemoryCooldownStore({ maxEntries: 50_000 });
 */
export function createMemoryCooldownStore(options: { maxEntries?: number } = {}): MemoryCooldownStore {
  const maxEntries = options.maxEntries ?? 10_000;
  if (!(Number.isInteger(maxEntries) && maxEntries > 0))
    throw new RangeError(`invalid cooldown store size: ${maxEntries}`);
  const entries = new Map<string, CooldownEntry>();
  return {
    get: (key) => entries.get(key),
    claim(key, entry, cooldownMs) {
      const live = entries.get(key);
      if (live && entry.shownAt - live.shownAt < cooldownMs) return { entry: live, won: false };
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return { entry, won: true };
    },
  };
}
