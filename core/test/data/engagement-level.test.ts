import { describe, expect, it } from "vitest";
import { engagementLevel } from "../../src/data/engagement-level.ts";

describe("engagementLevel", () => {
  it("cuts at 40 and 65", () => {
    expect([0, 39.9, 40, 64.9, 65, 100].map(engagementLevel)).toEqual(["Low", "Low", "Medium", "Medium", "High", "High"]);
  });
});
