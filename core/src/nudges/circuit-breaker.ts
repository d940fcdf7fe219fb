/** closed: calls go through; open: calls are refused until the cooldown ends; half-open: one trial call. */
export type CircuitState = "closed" | "open" | "half-open";

export interface CircuitBreaker {
  readonly state: CircuitState;
  /** May a call go out now? In half-open state only one trial is let through at a time. */
  allow(): boolean;
  success(): void;
  failure(): void;
}

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit; default 5. */
  failureThreshold?: number;
  /** How long it stays open before one trial call; default 30 s. */
  openMs?: number;
  /** Milliseconds since the epoch. */
  clock: () => number;
}

/**
 * A circuit breaker for the LLM endpoint: after `failureThreshold` consecutive failures, calls are
 * refused (the rule engine answers) for `openMs`; then one trial call decides whether it closes again.
 *
 * @example
 * const breaker = createCircuitBreaker({ failureThreshold: 3, openMs: 30_000, clock: Date.now });
 * if (breaker.allow()) { try { await call(); breaker.success(); } catch { breaker.failure(); } }
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const threshold = options.failureThreshold ?? 5;
  const openMs = options.openMs ?? 30_000;
  if (!(Number.isInteger(threshold) && threshold >= 1))
    throw new RangeError(`invalid failure threshold: ${threshold}`);
  if (!(openMs >= 0)) throw new RangeError(`invalid circuit open time: ${openMs}`);
  let failures = 0;
  let openedAt: number | null = null;
  let trialInFlight = false;
  const state = (): CircuitState =>
    openedAt === null ? "closed" : options.clock() - openedAt >= openMs ? "half-open" : "open";
  return {
    get state() {
      return state();
    },
    allow() {
      const s = state();
      if (s === "closed") return true;
      if (s === "open" || trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    success() {
      failures = 0;
      openedAt = null;
      trialInFlight = false;
    },
    failure() {
      failures++;
      if (trialInFlight || failures >= threshold) openedAt = options.clock();
      trialInFlight = false;
    },
  };
}
