import { describe, expect, it } from "vitest";
import { planTier } from "../../src/data/plan-tier.ts";
import { customer } from "../fixtures/customer.ts";

describe("planTier", () => {
  it("is Free below $35, Standard up to $90, Premium from $90", () => {
    expect(planTier(customer({ MonthlyCharges: 19.95 }))).toBe("Free");
    expect(planTier(customer({ MonthlyCharges: 34.99 }))).toBe("Free");
    expect(planTier(customer({ MonthlyCharges: 35 }))).toBe("Standard");
    expect(planTier(customer({ MonthlyCharges: 89.99 }))).toBe("Standard");
    expect(planTier(customer({ MonthlyCharges: 90 }))).toBe("Premium");
  });

  it("is Premium with four or more internet add-ons whatever the bill", () => {
    const four = { OnlineSecurity: "Yes", OnlineBackup: "Yes", DeviceProtection: "Yes", TechSupport: "Yes" } as const;
    expect(planTier(customer({ MonthlyCharges: 60, ...four }))).toBe("Premium");
    expect(planTier(customer({ MonthlyCharges: 60, ...four, TechSupport: "No" }))).toBe("Standard");
  });
});
