import { describe, expect, it } from "vitest";
import { homeView, refusedHomeView } from "../../slack/index.ts";

describe("homeView", () => {
  it("before the first snapshot says why, and still says how to ask", () => {
    const view = homeView({
      snapshot: null,
      summary: null,
      reason: "no snapshot yet: run `npm start`",
      top: null,
    });
    const json = JSON.stringify(view);
    expect(view.type).toBe("home");
    expect(json).toContain("no snapshot yet: run `npm start`");
    expect(json).toContain("*How to ask*");
    expect(json).not.toContain("Top 5");
  });

  it("shows the summary's figures (customers to act on, in the data's currency) even when the top-5 answer failed", () => {
    const view = homeView({
      snapshot: { id: "2026-11-21T09-00-00Z-abcdef01", createdAt: "2026-11-21T09:00:00.000Z" },
      summary: {
        customers: 1_000_000,
        bands: { Low: 700_000, Medium: 200_000, High: 100_000 },
        revenueAtRisk: 1_234_567.891,
        currency: "EUR",
        churned: 26_500,
      },
      top: null,
    });
    const json = JSON.stringify(view);
    expect(json).toContain("*Customers to act on*\\n1,000,000");
    expect(json).toContain("*High churn risk*\\n100,000 (10%)");
    expect(json).toContain("*Monthly revenue at risk*\\n€1,234,567.89");
    expect(json).toContain("scored 2026-11-21 09:00 UTC · 26,500 churned customers are history, not counted");
  });

  it("leaves revenue out for data without a revenue column", () => {
    const view = homeView({
      snapshot: { id: "s", createdAt: "2026-11-21T09:00:00.000Z" },
      summary: {
        customers: 10,
        bands: { Low: 5, Medium: 4, High: 1 },
        revenueAtRisk: null,
        currency: null,
        churned: 0,
      },
      top: null,
    });
    const json = JSON.stringify(view);
    expect(json).not.toContain("revenue at risk");
    expect(json).not.toContain("history");
  });

  it("the refused view carries only the refusal, escaped", () => {
    const view = refusedHomeView("Sorry <@U1> & co");
    expect(JSON.stringify(view.blocks[1])).toContain("Sorry &lt;@U1&gt; &amp; co");
  });
});
