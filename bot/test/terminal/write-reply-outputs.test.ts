import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChartRenderer } from "../../../core/src/charts/server.ts";
import { chartRequest, emptyReply, type Reply } from "../../conversation/index.ts";
import { fileSafe, terminalText, writeReplyOutputs } from "../../terminal/index.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "et-outputs-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function reply(): Reply {
  return emptyReply("segment", "t", {
    action: "ask.segment",
    customerID: null,
    outcome: "ok",
    errorCode: null,
    engine: null,
    shown: {},
  });
}

describe("writeReplyOutputs", () => {
  it("writes a PNG per chart and each file; a chart the blank guard refuses comes back as its table", async () => {
    const r = reply();
    r.charts = [
      chartRequest(
        {
          chart: "risk-distribution",
          input: [
            { from: 0.1, to: 0.15, band: "Low", customers: 40 },
            { from: 0.8, to: 0.85, band: "High", customers: 12 },
          ],
        },
        "risk-distribution",
      ),
      // No customers at all: nothing to draw, so the guard refuses the image.
      chartRequest({ chart: "risk-distribution", input: [] }, "empty/../../distribution"),
    ];
    r.files = [{ name: "../7590-VHVEG-summary.txt", mime: "text/plain", content: "summary\n" }];
    const out = await writeReplyOutputs(r, join(dir, "charts"), createChartRenderer());
    expect(out.charts[0]).toMatchObject({ kind: "png", path: join(dir, "charts", "risk-distribution.png") });
    const png = await readFile(join(dir, "charts", "risk-distribution.png"));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(out.charts[1]).toMatchObject({ kind: "text", reason: expect.stringMatching(/^no marks/) });
    expect(out.files).toEqual([
      { name: "../7590-VHVEG-summary.txt", path: join(dir, "charts", "__7590-VHVEG-summary.txt"), bytes: 8 },
    ]);
    expect((await readdir(join(dir, "charts"))).sort()).toEqual([
      "__7590-VHVEG-summary.txt",
      "risk-distribution.png",
    ]);
    const text = terminalText(r, out);
    expect(text).toContain(`chart: ${join(dir, "charts", "risk-distribution.png")}\n`);
    expect(text).toMatch(
      /chart empty\/\.\.\/\.\.\/distribution not drawn \(no marks[^)]*\); its table:\nChurn risk distribution\nBand +Customers +Share/,
    );
  });

  it("writes nothing, and makes no folder, for a reply without charts or files", async () => {
    const out = await writeReplyOutputs(reply(), join(dir, "none"), createChartRenderer());
    expect(out).toEqual({ charts: [], files: [] });
    await expect(readdir(join(dir, "none"))).rejects.toThrow();
  });

  it.each([
    ["shap-waterfall-7590-VHVEG", "shap-waterfall-7590-VHVEG"],
    ["../../etc/passwd", "__.._etc_passwd"],
    [".hidden", "_hidden"],
    ["a b/c", "a_b_c"],
    ["", "_"],
  ])("fileSafe(%j) = %j", (name, safe) => {
    expect(fileSafe(name)).toBe(safe);
  });
});
