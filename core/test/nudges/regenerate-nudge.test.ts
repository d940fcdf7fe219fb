// Regenerate: another eligible nudge than those already shown, or "there is no other".
import { describe, expect, it } from "vitest";
import { isNoOtherNudge } from "../../src/nudges/no-other-nudge-error.ts";
import { chooseRuleNudge } from "../../src/nudges/rule-nudge-engine.ts";
import { facts } from "./facts.ts";

const onDemand = { experimentKey: "nudge-strategy-2026", trigger: "on-demand" as const };

describe("regenerating a nudge", () => {
  it("gives the next eligible action each time, never one already shown, then says there is no other", () => {
    const f = facts({ variant: "B" });
    const first = chooseRuleNudge(f, onDemand);
    const shown = [first.actionId];
    for (const expected of first.alternatives) {
      const next = chooseRuleNudge(f, { ...onDemand, exclude: shown });
      expect(next.actionId).toBe(expected);
      expect(shown).not.toContain(next.actionId);
      shown.push(next.actionId);
    }
    expect(shown.length).toBeGreaterThan(1);
    let caught: unknown;
    try {
      chooseRuleNudge(f, { ...onDemand, exclude: shown });
    } catch (err) {
      caught = err;
    }
    expect(isNoOtherNudge(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      `no other eligible nudge: all ${shown.length} eligible actions (${shown.join(", ")}) already shown`,
    );
  });

  it("ignores shown actions the customer is not eligible for", () => {
    const f = facts({ variant: "B" });
    expect(chooseRuleNudge(f, { ...onDemand, exclude: ["no-such-action"] })).toEqual(
      chooseRuleNudge(f, onDemand),
    );
  });
});
