import { describe, expect, it } from "vitest";
import { createMemoryCooldownStore } from "../../src/nudges/cooldown-store.ts";
import type { Nudge, NudgeTrigger } from "../../src/nudges/nudge.ts";
import { createNudgeTriggers } from "../../src/nudges/nudge-trigger.ts";
import { chooseRuleNudge } from "../../src/nudges/rule-nudge-engine.ts";
import { facts } from "./facts.ts";

function setup(cooldownMs = 60_000) {
  let now = Date.parse("2026-11-21T09:00:00Z");
  const calls: [string, NudgeTrigger][] = [];
  const decide = async (id: string, trigger: NudgeTrigger): Promise<Nudge> => {
    calls.push([id, trigger]);
    return chooseRuleNudge(facts({ variant: calls.length % 2 ? "A" : "B" }), { experimentKey: "k", trigger });
  };
  const triggers = createNudgeTriggers({
    decide,
    store: createMemoryCooldownStore(),
    clock: () => now,
    cooldownMs,
  });
  return { triggers, calls, advance: (ms: number) => (now += ms) };
}

describe("createNudgeTriggers", () => {
  it("returns the same nudge for repeated events within the cooldown, then a new decision", async () => {
    const { triggers, calls, advance } = setup();
    const first = await triggers.onEvent("c1", "login");
    expect(first).toMatchObject({ repeated: false, shownAt: "2026-11-21T09:00:00.000Z" });
    expect(first.nudge.trigger).toBe("login");
    advance(59_999);
    const again = await triggers.onEvent("c1", "refresh");
    expect(again).toEqual({ ...first, repeated: true });
    expect(calls).toEqual([["c1", "login"]]);
    advance(1);
    const later = await triggers.onEvent("c1", "refresh");
    expect(later.repeated).toBe(false);
    expect(later.nudge.trigger).toBe("refresh");
    expect(later.nudge.actionId).not.toBe(first.nudge.actionId); // the fake engine alternates variants
    expect(calls).toHaveLength(2);
  });

  it("keeps customers apart, shares one decision between concurrent events, and never stores on-demand nudges", async () => {
    const { triggers, calls } = setup();
    const [a, b, c] = await Promise.all([
      triggers.onEvent("c1", "login"),
      triggers.onEvent("c1", "refresh"),
      triggers.onEvent("c2", "login"),
    ]);
    expect(calls.map((x) => x[0])).toEqual(["c1", "c2"]);
    expect(b).toEqual({ ...a, repeated: true });
    expect(c.repeated).toBe(false);
    await triggers.onDemand("c1");
    await triggers.onDemand("c1");
    expect(calls.slice(2)).toEqual([
      ["c1", "on-demand"],
      ["c1", "on-demand"],
    ]);
    expect((await triggers.onEvent("c1", "login")).repeated).toBe(true);
  });

  it("decides again after a failed decision", async () => {
    let fail = true;
    const triggers = createNudgeTriggers({
      decide: async (_id, trigger) => {
        if (fail) throw new Error("snapshot unavailable");
        return chooseRuleNudge(facts(), { experimentKey: "k", trigger });
      },
      store: createMemoryCooldownStore(),
      clock: () => 0,
    });
    await expect(triggers.onEvent("c1", "login")).rejects.toThrow("snapshot unavailable");
    fail = false;
    expect((await triggers.onEvent("c1", "login")).repeated).toBe(false);
  });
});

describe("createMemoryCooldownStore", () => {
  it("drops the least recently set customer beyond its size", () => {
    const store = createMemoryCooldownStore({ maxEntries: 2 });
    const nudge = chooseRuleNudge(facts(), { experimentKey: "k", trigger: "login" });
    store.claim("a", { nudge, shownAt: 1 }, 0);
    store.claim("b", { nudge, shownAt: 2 }, 0);
    store.claim("a", { nudge, shownAt: 3 }, 0);
    store.claim("c", { nudge, shownAt: 4 }, 0);
    expect(store.get("b")).toBeUndefined();
    expect(store.get("a")?.shownAt).toBe(3);
    expect(() => createMemoryCooldownStore({ maxEntries: 0 })).toThrow("invalid cooldown store size: 0");
  });

  it("keeps a live entry: a second claim within the cooldown loses and gets the first", () => {
    const store = createMemoryCooldownStore();
    const nudge = chooseRuleNudge(facts(), { experimentKey: "k", trigger: "login" });
    const other = { ...nudge, title: "another" };
    expect(store.claim("a", { nudge, shownAt: 1_000 }, 500)).toEqual({
      entry: { nudge, shownAt: 1_000 },
      won: true,
    });
    expect(store.claim("a", { nudge: other, shownAt: 1_499 }, 500)).toEqual({
      entry: { nudge, shownAt: 1_000 },
      won: false,
    });
    expect(store.claim("a", { nudge: other, shownAt: 1_500 }, 500).won).toBe(true);
    expect(store.get("a")?.nudge.title).toBe("another");
  });
});
