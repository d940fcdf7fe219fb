// The summaries `npm start` shows for the steps whose full output goes to a log file.
import { describe, expect, it } from "vitest";
import { digestSummary, notebooksSummary } from "../../actions/start.ts";

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
