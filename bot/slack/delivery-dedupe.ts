import { createLruCache } from "../services/index.ts";

/** Remembers which Slack deliveries were already handled, so a retried one is not answered twice. */
export interface DeliveryDedupe {
  /** True the first time `key` is seen (within the window); false for a repeat. */
  first(key: string): boolean;
  readonly size: number;
}

export interface DeliveryDedupeOptions {
  /** Most keys kept (oldest dropped first); default 10,000. */
  maxEntries?: number;
  /** How long a key is remembered; default 1 h (Slack retries for about 5 minutes). */
  ttlMs?: number;
  /** Milliseconds since the epoch. */
  clock: () => number;
}

/**
 * A bounded, time-limited set of delivery keys (`event_id` of an event, `trigger_id` of a slash
 * command or button press). Per process: replicas do not share it, so a retry that reaches another
 * replica is only caught by the retry-reason rule in the listeners.
 *
 * @example
 * const dedupe = createDeliveryDedupe({ clock: Date.now });
 * dedupe.first("Ev123"); // true
 * dedupe.first("Ev123"); // false: the retry is acknowledged and ignored
 */
export function createDeliveryDedupe(options: DeliveryDedupeOptions): DeliveryDedupe {
  const ttlMs = options.ttlMs ?? 3_600_000;
  const seen = createLruCache<number>({ maxEntries: options.maxEntries ?? 10_000 });
  return {
    first(key) {
      const now = options.clock();
      const at = seen.get(key);
      if (at !== undefined && now - at < ttlMs) return false;
      seen.set(key, now);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
