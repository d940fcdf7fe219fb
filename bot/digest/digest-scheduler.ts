import { cronSchedule, type CronSchedule } from "../../core/src/digest/index.ts";
import type { Logger } from "../../core/src/log/index.ts";
import type { DigestSchedule } from "./digest-config.ts";

/** The scheduler's clock and timers, injected so tests drive time (fake timers or their own). */
export interface DigestTimer {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The global clock and timers, looked up at each call (so `vi.useFakeTimers()` takes effect). */
export const systemTimer: DigestTimer = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A pending digest never keeps a process alive on its own.
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface DigestScheduler {
  /** The next fire time across all schedules, or undefined once stopped. */
  nextFire(): Date | undefined;
  /** Cancels the timer and waits for a run in progress. */
  stop(): Promise<void>;
  /** Resolves when no run is in progress. */
  idle(): Promise<void>;
}

export interface DigestSchedulerOptions {
  schedules: readonly DigestSchedule[];
  /** One digest run (the ledger makes it idempotent): "start" catches up, "slot" is a fire time. */
  run: (reason: "start" | "slot") => Promise<void>;
  timer?: DigestTimer;
  /** Wait before the first (catch-up) run; default 0. */
  startDelayMs?: number;
  logger: Pick<Logger, "info" | "warn" | "error">;
}

/** Longest single wait: timers overflow past 2³¹−1 ms, and a shorter wait re-reads the clock. */
const MAX_WAIT_MS = 60 * 60 * 1000;

/**
 * The in-process digest trigger of `engagetrack serve`: one run at start (catch-up, after
 * `startDelayMs`), then one at each
 * fire time of any schedule (cron in its time zone). It only triggers — the ledger decides what is
 * due and guarantees each slot is sent once, whatever else runs (other replicas, a CronJob). Runs
 * never overlap: a fire time reached during a run waits for it. node-cron validates and matches the
 * expressions (`cronSchedule`); the waiting is a plain timer so tests can drive it and a clock jump
 * (sleep, NTP) is noticed at the next wake-up rather than by node-cron's own loop.
 *
 * @example
 * const scheduler = startDigestScheduler({ schedules: config.schedules, run: () => runOnce(), logger });
 * await scheduler.stop();
 */
export function startDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const timer = options.timer ?? systemTimer;
  const crons: CronSchedule[] = options.schedules.map((s) => cronSchedule(s.cron, s.timeZone));
  let stopped = false;
  let handle: unknown;
  let next: Date | undefined;
  let running: Promise<void> = Promise.resolve();

  const nextAfter = (ms: number): Date | undefined => {
    let best: Date | undefined;
    for (const cron of crons) {
      const n = cron.next(new Date(ms));
      if (n && (!best || n < best)) best = n;
    }
    return best;
  };

  const trigger = (reason: "start" | "slot") => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await options.run(reason);
      } catch (err) {
        options.logger.error({ reason: (err as Error).message }, "digest run failed");
      }
    });
    return running;
  };

  const arm = () => {
    if (stopped) return;
    next = nextAfter(timer.now());
    if (!next) {
      options.logger.warn("no digest schedule fires again: the scheduler stops");
      return;
    }
    const wait = Math.min(Math.max(0, next.getTime() - timer.now()), MAX_WAIT_MS);
    handle = timer.setTimeout(wake, wait);
  };

  const wake = () => {
    handle = undefined;
    if (stopped) return;
    if (next && timer.now() >= next.getTime()) {
      void trigger("slot").then(arm);
    } else {
      arm();
    }
  };

  if (crons.length > 0) {
    const start = () => void trigger("start").then(arm);
    if (options.startDelayMs) {
      handle = timer.setTimeout(() => {
        handle = undefined;
        if (!stopped) start();
      }, options.startDelayMs);
    } else start();
  }
  return {
    nextFire: () => (stopped ? undefined : next),
    async stop() {
      stopped = true;
      if (handle !== undefined) timer.clearTimeout(handle);
      handle = undefined;
      await running;
    },
    idle: () => running,
  };
}
