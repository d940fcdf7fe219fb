import { describe, expect, it } from "vitest";
import { cronSchedule, slotIso } from "../../src/digest/index.ts";

const iso = (d: Date | undefined) => (d ? slotIso(d) : undefined);

describe("cronSchedule", () => {
  const weekly = cronSchedule("0 8 * * 1", "Europe/London");

  it("finds Monday 08:00 London time in winter (GMT) and in summer (BST)", () => {
    expect(iso(weekly.latest(new Date("2026-01-07T12:00:00Z")))).toBe("2026-01-05T08:00:00Z");
    expect(iso(weekly.latest(new Date("2026-07-08T12:00:00Z")))).toBe("2026-07-06T07:00:00Z");
    expect(iso(weekly.next(new Date("2026-07-08T12:00:00Z")))).toBe("2026-07-13T07:00:00Z");
  });

  it("counts a fire time as due at that very second, not before", () => {
    expect(iso(weekly.latest(new Date("2026-01-05T08:00:00Z")))).toBe("2026-01-05T08:00:00Z");
    expect(iso(weekly.latest(new Date("2026-01-05T07:59:59.999Z")))).toBe("2025-12-29T08:00:00Z");
    expect(iso(weekly.next(new Date("2026-01-05T08:00:00Z")))).toBe("2026-01-12T08:00:00Z");
    expect(weekly.matches(new Date("2026-01-05T08:00:00Z"))).toBe(true);
    expect(weekly.matches(new Date("2026-01-05T08:00:01Z"))).toBe(false);
  });

  it("follows the clock change: the last Monday before and the first after the switch to summer time", () => {
    // 2026-03-29 is the switch (01:00 GMT → 02:00 BST).
    expect(iso(weekly.next(new Date("2026-03-23T08:00:00Z")))).toBe("2026-03-30T07:00:00Z");
    expect(iso(weekly.latest(new Date("2026-03-30T06:59:59Z")))).toBe("2026-03-23T08:00:00Z");
  });

  it("skips a wall-clock time the time zone never shows (inside the spring-forward gap)", () => {
    const gap = cronSchedule("30 1 * * *", "Europe/London");
    expect(iso(gap.next(new Date("2026-03-28T12:00:00Z")))).toBe("2026-03-30T00:30:00Z");
  });

  it("walks far enough for rare schedules, and handles minute and second steps", () => {
    expect(iso(cronSchedule("0 0 29 2 *", "UTC").latest(new Date("2027-07-08T12:00:00Z")))).toBe(
      "2024-02-29T00:00:00Z",
    );
    expect(iso(cronSchedule("*/15 * * * *", "UTC").latest(new Date("2026-07-08T12:07:30Z")))).toBe(
      "2026-07-08T12:00:00Z",
    );
    expect(iso(cronSchedule("*/10 * * * * *", "UTC").next(new Date("2026-07-08T12:00:05Z")))).toBe(
      "2026-07-08T12:00:10Z",
    );
    expect(iso(cronSchedule("0 9 L * *", "America/New_York").latest(new Date("2026-07-08T12:00:00Z")))).toBe(
      "2026-06-30T13:00:00Z",
    );
  });

  it("names a bad expression or time zone", () => {
    expect(() => cronSchedule("0 8 * * 9", "UTC")).toThrow(
      'invalid cron expression: "0 8 * * 9" (dayOfWeek:',
    );
    expect(() => cronSchedule("0 8 * * 1", "Mars/Olympus")).toThrow('invalid time zone: "Mars/Olympus"');
  });
});
