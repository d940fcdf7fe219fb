// The segment follow rules that need no snapshot: one canonical text per segment (the store's key),
// and the alert rule on a segment's mean risk — `above` fires on an upward crossing only.
import { describe, expect, it } from "vitest";
import {
  segmentAlertFires,
  segmentFilters,
  segmentKey,
  segmentWatchWords,
} from "../../conversation/segment-follow-changes.ts";

describe("segmentKey", () => {
  it("is the same text for the same segment asked in another order, and reads back", () => {
    const a = segmentKey([
      { column: "state", op: "in", values: ["TX", "CA"] },
      { column: "tenure", op: "<", value: 12 },
    ]);
    const b = segmentKey([
      { column: "tenure", op: "<", value: 12 },
      { column: "state", op: "in", values: ["CA", "TX"] },
    ]);
    expect(a).toBe(b);
    expect(segmentFilters(a)).toEqual([
      { column: "state", op: "in", values: ["CA", "TX"] },
      { column: "tenure", op: "<", value: 12 },
    ]);
    expect(segmentKey([])).toBe("[]");
    expect(() => segmentFilters('{"column":"x"}')).toThrow("segment filters: not a list");
  });
});

describe("segmentAlertFires", () => {
  const above = { kind: "above" as const, threshold: 40 };
  it("above: below before and at or above now; not while it stays above, not on the way down", () => {
    expect(segmentAlertFires(above, 0.39, 0.4)).toBe(true);
    expect(segmentAlertFires(above, 0.4, 0.45)).toBe(false);
    expect(segmentAlertFires(above, 0.45, 0.38)).toBe(false);
    expect(segmentAlertFires(above, 0.38, 0.41)).toBe(true);
    expect(segmentAlertFires(above, null, 0.5)).toBe(false); // no customers before: nothing crossed
  });
  it("moves-up: a rise of the threshold in points or more; a follow never fires as an alert", () => {
    expect(segmentAlertFires({ kind: "moves-up", threshold: 5 }, 0.3, 0.35)).toBe(true);
    expect(segmentAlertFires({ kind: "moves-up", threshold: 5 }, 0.3, 0.349)).toBe(false);
    expect(segmentAlertFires({ kind: "follow", threshold: null }, 0.1, 0.9)).toBe(false);
  });
  it("says what it watches", () => {
    expect(segmentWatchWords({ kind: "follow", band: "High", threshold: null })).toBe(
      "customers entering High",
    );
    expect(segmentWatchWords({ kind: "moves-up", band: null, threshold: 1 })).toBe(
      "mean churn risk moves up 1 point",
    );
  });
});
