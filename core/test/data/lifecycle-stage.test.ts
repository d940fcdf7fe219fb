import { describe, expect, it } from "vitest";
import { lifecycleStage } from "../../src/data/lifecycle-stage.ts";

describe("lifecycleStage", () => {
  it("puts the first six months in onboarding whatever the usage", () => {
    expect(lifecycleStage(0, 0)).toBe("onboarding");
    expect(lifecycleStage(6, 50)).toBe("onboarding");
  });

  it("marks customers past onboarding with under 4 sessions a month as dormant", () => {
    expect(lifecycleStage(7, 3)).toBe("dormant");
    expect(lifecycleStage(60, 0)).toBe("dormant");
  });

  it("splits active customers into growing (7–24 months) and mature (over 24)", () => {
    expect(lifecycleStage(7, 4)).toBe("growing");
    expect(lifecycleStage(24, 30)).toBe("growing");
    expect(lifecycleStage(25, 30)).toBe("mature");
  });
});
