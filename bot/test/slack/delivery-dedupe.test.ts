import { describe, expect, it } from "vitest";
import { createDeliveryDedupe } from "../../slack/index.ts";

describe("createDeliveryDedupe", () => {
  it("says first once per key within the window, again after it", () => {
    let now = 0;
    const dedupe = createDeliveryDedupe({ clock: () => now, ttlMs: 1000 });
    expect(dedupe.first("event:Ev1")).toBe(true);
    expect(dedupe.first("event:Ev1")).toBe(false);
    expect(dedupe.first("event:Ev2")).toBe(true);
    now = 1500;
    expect(dedupe.first("event:Ev1")).toBe(true);
  });

  it("is bounded: the oldest keys are forgotten first", () => {
    const dedupe = createDeliveryDedupe({ clock: () => 0, maxEntries: 3 });
    for (const k of ["a", "b", "c", "d"]) dedupe.first(k);
    expect(dedupe.size).toBe(3);
    expect(dedupe.first("d")).toBe(false);
    expect(dedupe.first("a")).toBe(true);
  });
});
