import { describe, expect, it } from "vitest";
import { homeView, refusedHomeView } from "../../slack/index.ts";

describe("homeView", () => {
  it("before the first snapshot says why, and still says how to ask", () => {
    const view = homeView({ snapshot: null, reason: "no snapshot yet: run `npm start`", top: null });
    const json = JSON.stringify(view);
    expect(view.type).toBe("home");
    expect(json).toContain("no snapshot yet: run `npm start`");
    expect(json).toContain("*How to ask*");
    expect(json).not.toContain("Top 5");
  });

  it("shows the manifest's counts even when the top-5 answer failed", () => {
    const view = homeView({
      snapshot: {
        id: "2026-11-21T09-00-00Z-abcdef01",
        createdAt: "2026-11-21T09:00:00.000Z",
        rows: 1_000_000,
        bands: { Low: 700_000, Medium: 200_000, High: 100_000 },
      },
      top: null,
    });
    const json = JSON.stringify(view);
    expect(json).toContain("*Customers*\\n1,000,000");
    expect(json).toContain("*High churn risk*\\n100,000 (10%)");
    expect(json).toContain("scored 2026-11-21 09:00 UTC");
  });

  it("the refused view carries only the refusal, escaped", () => {
    const view = refusedHomeView("Sorry <@U1> & co");
    expect(JSON.stringify(view.blocks[1])).toContain("Sorry &lt;@U1&gt; &amp; co");
  });
});
