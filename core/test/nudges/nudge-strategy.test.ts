import { describe, expect, it } from "vitest";
import {
  DEFAULT_NUDGE_STRATEGIES,
  parseNudgeStrategies,
  strategyFor,
} from "../../src/nudges/nudge-strategy.ts";

describe("parseNudgeStrategies", () => {
  it("fills every part from the defaults: A engagement, B retention", () => {
    const config = parseNudgeStrategies({});
    expect(config).toEqual(DEFAULT_NUDGE_STRATEGIES);
    expect(strategyFor(config, "nudge-strategy-2026", "A")).toMatchObject({
      name: "engagement",
      configured: true,
    });
    expect(strategyFor(config, "nudge-strategy-2026", "B").strategy.driverTargeted).toBe(true);
  });

  it("keeps custom strategies and experiments, with field defaults", () => {
    const config = parseNudgeStrategies({
      strategies: {
        ...DEFAULT_NUDGE_STRATEGIES.strategies,
        billing: { categories: ["billing", "habit-formation"] },
      },
      experiments: { "autopay-push": { A: "engagement", B: "billing" } },
    });
    expect(strategyFor(config, "autopay-push", "B")).toEqual({
      name: "billing",
      strategy: { description: "", categories: ["billing", "habit-formation"], driverTargeted: false },
      configured: true,
    });
    expect(strategyFor(config, "unlisted", "B")).toMatchObject({ name: "retention", configured: false });
  });

  it.each([
    [{ default: { A: "engagement", B: "nope" } }, 'invalid nudges.json: default.B: unknown strategy "nope"'],
    [
      { experiments: { x: { A: "ghost", B: "retention" } } },
      'invalid nudges.json: experiments.x.A: unknown strategy "ghost"',
    ],
    [
      { strategies: { s: { categories: ["billing", "billing"] } } },
      "invalid nudges.json: strategies.s.categories: a category is listed twice",
    ],
    [{ strategies: { s: { categories: ["telepathy"] } } }, "invalid nudges.json: strategies.s.categories.0"],
    [{ experiments: { x: { A: "engagement" } } }, "invalid nudges.json: experiments.x.B"],
    [{ extra: 1 }, "invalid nudges.json: root"],
  ])("refuses %j", (json, message) => {
    expect(() => parseNudgeStrategies(json, "nudges.json")).toThrow(message);
  });
});
