import type { CooldownStore } from "./cooldown-store.ts";
import type { Nudge, NudgeEvent, NudgeTrigger } from "./nudge.ts";

/** Default cooldown: the same nudge for repeated events within 30 minutes. */
export const DEFAULT_NUDGE_COOLDOWN_MS = 30 * 60 * 1000;

export interface NudgeTriggerOptions {
  /** Decides a fresh nudge (builds the customer's insight with the configured engine). */
  decide(customerID: string, trigger: NudgeTrigger): Promise<Nudge>;
  store: CooldownStore;
  /** Milliseconds since the epoch. */
  clock: () => number;
  cooldownMs?: number;
}

/** What an event returns: the nudge, and whether it is a repeat from within the cooldown. */
export interface TriggeredNudge {
  nudge: Nudge;
  repeated: boolean;
  /** When this nudge was first shown (ISO 8601). */
  shownAt: string;
}

export interface NudgeTriggers {
  /** An app event (login, refresh): within the cooldown the same nudge comes back, not a new one. */
  onEvent(customerID: string, event: NudgeEvent): Promise<TriggeredNudge>;
  /** On demand (bot, notebooks): always a fresh decision, never stored. */
  onDemand(customerID: string): Promise<Nudge>;
}

/**
 * Nudge triggers for the server's nudge API and the CLI. Concurrent events for one customer share
 * one decision, so a burst of refreshes costs one engine call.
 *
 * @example
 * const triggers = createNudgeTriggers({ decide, store: createMemoryCooldownStore(), clock: Date.now });
 * const { nudge, repeated } = await triggers.onEvent("7590-VHVEG", "login");
 */
export function createNudgeTriggers(options: NudgeTriggerOptions): NudgeTriggers {
  const cooldownMs = options.cooldownMs ?? DEFAULT_NUDGE_COOLDOWN_MS;
  if (!(Number.isFinite(cooldownMs) && cooldownMs >= 0))
    throw new RangeError(`invalid nudge cooldown: ${cooldownMs}`);
  const pending = new Map<string, Promise<TriggeredNudge>>();

  const fresh = async (customerID: string, event: NudgeEvent): Promise<TriggeredNudge> => {
    const previous = await options.store.get(customerID);
    const now = options.clock();
    if (previous && now - previous.shownAt < cooldownMs) {
      return { nudge: previous.nudge, repeated: true, shownAt: new Date(previous.shownAt).toISOString() };
    }
    const decided = await options.decide(customerID, event);
    const { entry, won } = await options.store.claim(
      customerID,
      { nudge: decided, shownAt: options.clock(), event },
      cooldownMs,
    );
    // Lost: another process nudged this customer meanwhile; show theirs, as a repeat.
    return { nudge: entry.nudge, repeated: !won, shownAt: new Date(entry.shownAt).toISOString() };
  };

  return {
    onEvent(customerID, event) {
      const inFlight = pending.get(customerID);
      if (inFlight) return inFlight.then((r) => ({ ...r, repeated: true }));
      const p = fresh(customerID, event).finally(() => pending.delete(customerID));
      pending.set(customerID, p);
      return p;
    },
    onDemand: (customerID) => options.decide(customerID, "on-demand"),
  };
}
