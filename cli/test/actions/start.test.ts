// The summaries `npm start` shows for the steps whose full output goes to a log file.
import { describe, expect, it } from "vitest";
import { DEMO_OWNERS_FILE, digestSummary, notebooksSummary, startEnvironment } from "../../actions/start.ts";
import { SIMULATED_OWNERS } from "../../../core/src/data/index.ts";
import { loadOwnerDirectory } from "../../../bot/services/owner-directory.ts";

describe("start: step summaries", () => {
  it("the notebooks build is one line: the build's own result and its page count", () => {
    const output = [
      "load /behaviour @observablehq/inputs → src/.observablehq/cache/_node/@observablehq/inputs@0.12.0/index.js",
      ...Array.from({ length: 300 }, (_, i) => `build /_node/d3-${i}/index.js → dist/_node/d3-${i}/index.js`),
      "┌ (6 pages)              Page      Imports        Files",
      "├── behaviour           15 kB     1.713 MB       221 kB",
      "└── segments            15 kB     1.714 MB        37 kB",
      "",
      "notebooks built in /tmp/st/notebooks/dist (data 0.0 s, charts 0.2 s, framework 47.3 s)",
      "",
    ].join("\n");
    expect(notebooksSummary(output)).toEqual([
      "notebooks built in /tmp/st/notebooks/dist (data 0.0 s, charts 0.2 s, framework 47.3 s): 6 pages",
    ]);
  });

  it("the digest keeps its lines for people and leaves the JSON log lines to the file", () => {
    const output = [
      '{"level":"info","service":"digest","schedule":"weekly","msg":"digest sent"}',
      "weekly 2026-11-30T08:00:00Z outbox-c1ea2c73fc: sent → data/outbox/weekly/2026-11-30T08-00-00Z.md",
      "",
    ].join("\n");
    expect(digestSummary(output)).toEqual([
      "weekly 2026-11-30T08:00:00Z outbox-c1ea2c73fc: sent → data/outbox/weekly/2026-11-30T08-00-00Z.md",
    ]);
  });
});

describe("start: the demo's owners", () => {
  it("the demo owners file maps every owner the simulator assigns, by the e-mail the simulator lists", async () => {
    const directory = await loadOwnerDirectory(DEMO_OWNERS_FILE);
    expect(directory.owners).toEqual(SIMULATED_OWNERS.map((o) => ({ owner: o.owner, email: o.email })));
    expect(directory.access).toBe("all");
    for (const o of SIMULATED_OWNERS)
      expect(directory.resolve({ email: o.email.toUpperCase() }, [o.owner])).toEqual({
        owner: o.owner,
        lead: false,
      });
  });

  it("is used only on the simulator, and never over the user's own owners file", () => {
    expect(startEnvironment({ ENGAGETRACK_DATA: "" })).toEqual({
      env: { ENGAGETRACK_DATA: "", ENGAGETRACK_OWNERS_FILE: DEMO_OWNERS_FILE },
      demoOwner: "dana.whitfield@example.com",
    });
    expect(startEnvironment({ ENGAGETRACK_DATA: "customers.csv" })).toEqual({
      env: { ENGAGETRACK_DATA: "customers.csv" },
    });
    expect(startEnvironment({ ENGAGETRACK_OWNERS_FILE: "mine.yaml" })).toEqual({
      env: { ENGAGETRACK_OWNERS_FILE: "mine.yaml" },
    });
  });
});
