import { describe, expect, it } from "vitest";
import { startBanner } from "../start-banner.ts";

const base = { url: "http://127.0.0.1:3000", chartTtlSeconds: 86_400, pollSeconds: 30 };

describe("startBanner", () => {
  it("serving with a key: curl examples that read the key from the environment, never print it", () => {
    const text = startBanner({
      ...base,
      serving: { snapshotId: "2026-11-21T13-15-00Z-1a2b3c4d", rows: 5000, model: "demo" },
      keyNames: ["shop"],
      sampleCustomer: "7590-VHVEG",
      chartUrl: "http://127.0.0.1:3000/charts/abc.def.png",
    });
    expect(text).toContain("EngageTrack server listening on http://127.0.0.1:3000");
    expect(text).toContain(
      "serving snapshot 2026-11-21T13-15-00Z-1a2b3c4d (5000 customers) scored by model demo",
    );
    expect(text).toContain(`sed -n 's/^shop://p'`);
    expect(text).toContain(
      'curl -H "Authorization: Bearer $KEY" http://127.0.0.1:3000/v1/customers/7590-VHVEG',
    );
    expect(text).toContain(
      `-d '{"customerID":"7590-VHVEG","event":"login"}' http://127.0.0.1:3000/v1/nudges`,
    );
    expect(text).toContain("valid 24 h");
    expect(text).toContain("http://127.0.0.1:3000/charts/abc.def.png");
  });

  it("without keys or a snapshot: says what to run and how to add a key", () => {
    const text = startBanner({
      ...base,
      serving: { reason: "no snapshot in data/snapshots yet: run `npm start` first" },
      keyNames: [],
    });
    expect(text).toContain("not ready yet: no snapshot in data/snapshots yet: run `npm start` first");
    expect(text).toContain("checks for a new snapshot every 30 s");
    expect(text).toContain("refuses every request until API keys are set");
    expect(text).toContain('export ENGAGETRACK_API_KEYS="dev:');
    // $KEY is set before the curl that uses it, from the key just exported.
    const lines = text.split("\n");
    const set = lines.findIndex((l) => l.trim().startsWith("KEY=$(") && l.includes("sed -n 's/^dev://p'"));
    const use = lines.findIndex((l) => l.includes("Bearer $KEY"));
    expect(set).toBeGreaterThan(-1);
    expect(use).toBeGreaterThan(set);
    expect(text).not.toContain("SHAP waterfall");
  });
});
