import cron from "node-cron";

/** Fire times of one cron expression in one IANA time zone. */
export interface CronSchedule {
  readonly expression: string;
  readonly timeZone: string;
  /** Whether `at` is a fire time (to the second). */
  matches(at: Date): boolean;
  /** The latest fire time at or before `at`; undefined when there is none in the last five years. */
  latest(at: Date): Date | undefined;
  /** The first fire time strictly after `after`; undefined when there is none in the next five years. */
  next(after: Date): Date | undefined;
}

/** How far a search walks, in days: far enough for a 29 February schedule. */
const HORIZON_DAYS = 366 * 5;

/**
 * Fire times of a cron expression (node-cron syntax: five fields, or six with seconds first) in a
 * time zone, computed at any instant, so a catch-up run and a test can ask "which slot was due
 * at T?". node-cron validates and parses the expression and has the last word on each candidate
 * (its `match`); this walks the candidate local times day by day, because node-cron only computes
 * the next run from the real clock.
 *
 * @example
 * const weekly = cronSchedule("0 8 * * 1", "Europe/London");
 * weekly.latest(new Date("2026-07-08T12:00:00Z")); // 2026-07-06T07:00:00.000Z (08:00 BST, a Monday)
 */
export function cronSchedule(expression: string, timeZone: string): CronSchedule {
  const check = cron.validateDetailed(expression);
  if (!check.valid) {
    const why = check.errors.map((e) => `${e.field}: ${e.message}`).join("; ");
    throw new Error(`invalid cron expression: ${JSON.stringify(expression)} (${why})`);
  }
  const zone = zoneClock(timeZone);
  const fields = cron.parse(expression);
  // node-cron's matcher is pure: the task is never started, and leaves the registry at once.
  const task = cron.createTask(expression, () => {}, { timezone: timeZone });
  void task.destroy();
  const numbers = (xs: readonly (number | string)[]) =>
    xs.every((x) => typeof x === "number") ? new Set(xs as number[]) : undefined;
  const months = new Set(fields.month);
  const days = numbers(fields.dayOfMonth);
  const weekdays = numbers(fields.dayOfWeek.map((d) => (d === 7 ? 0 : d)));
  const hours = [...fields.hour].sort((a, b) => a - b);
  const minutes = [...fields.minute].sort((a, b) => a - b);
  const seconds = [...fields.second].sort((a, b) => a - b);

  // Day filter: only a shortcut (node-cron's match decides); string tokens (L, 1#2) skip it.
  const dayMayMatch = (y: number, m: number, d: number) =>
    months.has(m) &&
    (!days || days.has(d)) &&
    (!weekdays || weekdays.has(new Date(Date.UTC(y, m - 1, d)).getUTCDay()));

  const search = (from: Date, direction: 1 | -1): Date | undefined => {
    const at = Math.floor(from.getTime() / 1000) * 1000;
    const local = zone.parts(at);
    const order = <T>(xs: T[]) => (direction === 1 ? xs : [...xs].reverse());
    for (let i = 0; i < HORIZON_DAYS; i++) {
      const day = new Date(Date.UTC(local.year, local.month - 1, local.day + direction * i));
      const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
      if (!dayMayMatch(y, m, d)) continue;
      for (const h of order(hours)) {
        // On the first day, hours more than a DST shift away from `from` cannot qualify.
        if (i === 0 && direction * (h - local.hour) < -2) continue;
        for (const mi of order(minutes)) {
          for (const s of order(seconds)) {
            const ts = zone.toInstant(y, m, d, h, mi, s);
            if (ts === undefined) continue;
            if (direction === 1 ? ts <= from.getTime() : ts > at) continue;
            if (task.match(new Date(ts))) return new Date(ts);
          }
        }
      }
    }
    return undefined;
  };

  return Object.freeze({
    expression,
    timeZone,
    matches: (at: Date) => at.getTime() % 1000 === 0 && task.match(at),
    latest: (at: Date) => search(at, -1),
    next: (after: Date) => search(after, 1),
  });
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Wall-clock parts of instants in one zone, and the instant of a wall-clock time. */
function zoneClock(timeZone: string) {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch (err) {
    throw new Error(`invalid time zone: ${JSON.stringify(timeZone)}`, { cause: err });
  }
  const parts = (ts: number): LocalParts => {
    const out: Record<string, number> = {};
    for (const p of format.formatToParts(ts)) if (p.type !== "literal") out[p.type] = Number(p.value);
    return out as unknown as LocalParts;
  };
  const offset = (ts: number) => {
    const p = parts(ts);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ts / 1000) * 1000;
  };
  /** The instant whose wall clock reads this; undefined inside a DST gap (the time never occurs). */
  const toInstant = (y: number, m: number, d: number, h: number, mi: number, s: number) => {
    const wall = Date.UTC(y, m - 1, d, h, mi, s);
    let ts = wall - offset(wall);
    const second = offset(ts);
    if (wall - second !== ts) ts = wall - second;
    const p = parts(ts);
    return p.year === y && p.month === m && p.day === d && p.hour === h && p.minute === mi && p.second === s
      ? ts
      : undefined;
  };
  return { parts, toInstant };
}

/** A slot as ISO 8601 UTC to the second: `2026-07-06T07:00:00Z`. */
export function slotIso(slot: Date): string {
  return `${slot.toISOString().slice(0, 19)}Z`;
}
