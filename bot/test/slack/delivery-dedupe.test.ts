import { afterAll, describe, expect, it } from "vitest";
import { createDeliveryDedupe } from "../../slack/index.ts";
import { testStore } from "../fixtures/test-server.ts";

const store = await testStore();
afterAll(() => store.close());

describe("createDeliveryDedupe", () => {
  it("says first once per key within the window, again after it", async () => {
    let now = Date.parse("2026-12-06T10:00:00Z");
    const dedupe = createDeliveryDedupe({ store, clock: () => now, ttlMs: 1000 });
    expect(await dedupe.first("event:Ev1")).toBe(true);
    expect(await dedupe.first("event:Ev1")).toBe(false);
    expect(await dedupe.first("event:Ev2")).toBe(true);
    now += 1500;
    expect(await dedupe.first("event:Ev1")).toBe(true);
  });

  it("is shared: a second replica's dedupe on the same store sees the first's keys", async () => {
    const clock = () => Date.parse("2026-12-06T11:00:00Z");
    const a = createDeliveryDedupe({ store, clock });
    const b = createDeliveryDedupe({ store, clock });
    const firsts = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).first("trigger:T1")),
    );
    expect(firsts.filter(Boolean)).toHaveLength(1);
  });
});
