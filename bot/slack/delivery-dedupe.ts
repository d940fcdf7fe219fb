import type { Store } from "../../core/src/store/index.ts";

/** Remembers which Slack deliveries were already handled, so a retried or replayed one is not answered twice. */
export interface DeliveryDedupe {
  /** True the first time `key` is seen (within the window) by any replica; false for a repeat. */
  first(key: string): Promise<boolean>;
}

export interface DeliveryDedupeOptions {
  /** The shared store: every replica, and this one after a restart, sees the same keys. */
  store: Store;
  /**
   * How long a key is remembered; default 15 minutes. Slack retries within about 5 minutes, and a
   * captured request is refused once its timestamp is 5 minutes off either way, so a key need not
   * outlive that window.
   */
  ttlMs?: number;
  /** Milliseconds since the epoch. */
  clock: () => number;
}

export const DEFAULT_DELIVERY_TTL_MS = 15 * 60_000;

/**
 * Delivery keys (`event_id` of an event, `trigger_id` of a slash command or button press) in the
 * shared store: a retry or a replayed signed request reaching another replica, or this one after a
 * restart, is acknowledged and ignored.
 *
 * @example
 * const dedupe = createDeliveryDedupe({ store: services.store, clock: Date.now });
 * await dedupe.first("event:Ev123"); // true
 * await dedupe.first("event:Ev123"); // false: the retry is acknowledged and ignored
 */
export function createDeliveryDedupe(options: DeliveryDedupeOptions): DeliveryDedupe {
  const ttlMs = options.ttlMs ?? DEFAULT_DELIVERY_TTL_MS;
  return {
    first: (key) => options.store.firstSeen("slack-delivery", key, ttlMs, options.clock()),
  };
}
