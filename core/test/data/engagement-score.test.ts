import { describe, expect, it } from "vitest";
import { engagementScore } from "../../src/data/engagement-score.ts";
import { customer } from "../fixtures/customer.ts";

describe("engagementScore", () => {
  it("follows the documented formula", () => {
    // DSL + online backup: 2 of 9 services; tenure 36 of 72.
    const c = customer({ tenure: 36 });
    const score = engagementScore(c, { sessionsPerMonth: 30, paymentDelayDays: 15, supportCalls90d: 5 });
    const expected = 100 * (0.45 * 0.5 + 0.2 * 0.5 + 0.15 * (2 / 9) + 0.1 * 0.5 + 0.1 * 0.5);
    expect(score).toBe(Math.round(expected * 10) / 10);
  });

  it("spans 0 to 100 at the extremes and caps each term", () => {
    const none = customer({ tenure: 0, PhoneService: "No", InternetService: "No", OnlineBackup: "No internet service" });
    expect(engagementScore(none, { sessionsPerMonth: 0, paymentDelayDays: 365, supportCalls90d: 500 })).toBe(0);
    const all = customer({
      tenure: 120,
      PhoneService: "Yes",
      MultipleLines: "Yes",
      InternetService: "Fiber optic",
      OnlineSecurity: "Yes",
      OnlineBackup: "Yes",
      DeviceProtection: "Yes",
      TechSupport: "Yes",
      StreamingTV: "Yes",
      StreamingMovies: "Yes",
    });
    expect(engagementScore(all, { sessionsPerMonth: 1000, paymentDelayDays: 0, supportCalls90d: 0 })).toBe(100);
  });

  it("falls with payment delay and support calls", () => {
    const c = customer({ tenure: 24 });
    const base = engagementScore(c, { sessionsPerMonth: 20, paymentDelayDays: 0, supportCalls90d: 0 });
    expect(engagementScore(c, { sessionsPerMonth: 20, paymentDelayDays: 10, supportCalls90d: 0 })).toBeLessThan(base);
    expect(engagementScore(c, { sessionsPerMonth: 20, paymentDelayDays: 0, supportCalls90d: 4 })).toBeLessThan(base);
  });
});
