import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../../core/src/log/index.ts";
import { startDigestScheduler } from "../../digest/index.ts";
import { weekly } from "./digest-world.ts";

const logger = createLogger({ write: () => {} } as never);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

afterEach(() => {
  vi.useRealTimers();
});

describe("startDigestScheduler (fake timers drive the clock)", () => {
  it("runs once at start, then at each fire time in the schedule's time zone, across the clock change", async () => {
    vi.useFakeTimers({ now: new Date("2026-03-16T10:00:00Z") });
    const fires: string[] = [];
    const scheduler = startDigestScheduler({
      schedules: weekly([{ type: "outbox" }]).schedules,
      logger,
      run: async (reason) => void fires.push(`${reason} ${new Date().toISOString()}`),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(fires).toEqual(["start 2026-03-16T10:00:00.000Z"]);
    expect(scheduler.nextFire()?.toISOString()).toBe("2026-03-23T08:00:00.000Z");
    await vi.advanceTimersByTimeAsync(21 * DAY);
    expect(fires).toEqual([
      "start 2026-03-16T10:00:00.000Z",
      "slot 2026-03-23T08:00:00.000Z", // 08:00 GMT
      "slot 2026-03-30T07:00:00.000Z", // 08:00 BST, the day after the clocks went forward
      "slot 2026-04-06T07:00:00.000Z",
    ]);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(14 * DAY);
    expect(fires).toHaveLength(4);
    expect(scheduler.nextFire()).toBeUndefined();
  });

  it("waits out the start delay, and fires for every schedule in one run", async () => {
    vi.useFakeTimers({ now: new Date("2026-07-08T11:59:00Z") });
    const fires: string[] = [];
    const config = weekly([{ type: "outbox" }]);
    config.schedules.push({ ...config.schedules[0], name: "daily", cron: "0 12 * * *", timeZone: "UTC" });
    const scheduler = startDigestScheduler({
      schedules: config.schedules,
      startDelayMs: 30_000,
      logger,
      run: async (reason) => void fires.push(`${reason} ${new Date().toISOString()}`),
    });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(fires).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fires).toEqual(["start 2026-07-08T11:59:30.000Z"]);
    await vi.advanceTimersByTimeAsync(2 * DAY);
    expect(fires.slice(1)).toEqual(["slot 2026-07-08T12:00:00.000Z", "slot 2026-07-09T12:00:00.000Z"]);
    await scheduler.stop();
  });

  it("never overlaps runs: a fire time reached during a long run waits for it", async () => {
    vi.useFakeTimers({ now: new Date("2026-07-08T10:30:00Z") });
    let active = 0;
    let most = 0;
    const runs: string[] = [];
    const config = weekly([{ type: "outbox" }]);
    config.schedules[0] = { ...config.schedules[0], cron: "0 * * * *", timeZone: "UTC" };
    const scheduler = startDigestScheduler({
      schedules: config.schedules,
      logger,
      run: async () => {
        active++;
        most = Math.max(most, active);
        runs.push(new Date().toISOString());
        await new Promise((resolve) => setTimeout(resolve, 90 * 60_000)); // 90 minutes
        active--;
      },
    });
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(most).toBe(1);
    // 10:30 start (to 12:00), 13:00 (to 14:30), 15:00 (to 16:30): each waits for the one before.
    expect(runs.slice(0, 3)).toEqual([
      "2026-07-08T10:30:00.000Z",
      "2026-07-08T13:00:00.000Z",
      "2026-07-08T15:00:00.000Z",
    ]);
    const stopping = scheduler.stop();
    await vi.advanceTimersByTimeAsync(2 * HOUR);
    await stopping;
    expect(active).toBe(0);
  });

  it("keeps going after a run fails, and logs why", async () => {
    vi.useFakeTimers({ now: new Date("2026-07-08T10:30:00Z") });
    const lines: string[] = [];
    const log = createLogger({ write: (l: string) => void lines.push(l) } as never);
    let n = 0;
    const config = weekly([{ type: "outbox" }]);
    config.schedules[0] = { ...config.schedules[0], cron: "0 * * * *", timeZone: "UTC" };
    const scheduler = startDigestScheduler({
      schedules: config.schedules,
      logger: log,
      run: async () => {
        n++;
        if (n === 1) throw new Error("disk full");
      },
    });
    await vi.advanceTimersByTimeAsync(2 * HOUR);
    expect(n).toBe(3);
    expect(lines.some((l) => l.includes('"msg":"digest run failed"') && l.includes("disk full"))).toBe(true);
    await scheduler.stop();
  });
});
