import type { Nudge } from "./nudge.ts";

/** The nudge last shown to a customer on an event, and when (ms since the epoch). */
export interface CooldownEntry {
  nudge: Nudge;
  shownAt: number;
}

/**
 * Where event nudges are remembered during their cooldown. In memory by default; the server may
 * swap in a shared store (same two methods) when it runs several replicas.
 */
export interface CooldownStore {
  get(key: string): CooldownEntry | undefined | Promise<CooldownEntry | undefined>;
  set(key: string, entry: CooldownEntry): void | Promise<void>;
}

/** The in-memory store answers synchronously. */
export interface MemoryCooldownStore extends CooldownStore {
  get(key: string): CooldownEntry | undefined;
  set(key: string, entry: CooldownEntry): void;
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
    set(key, entry) {
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
}
