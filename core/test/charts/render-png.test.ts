import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { countInk } from "../../src/charts/blank-guard.ts";
import { CHART_NAMES } from "../../src/charts/chart-catalog.ts";
import { decodePng } from "../../src/charts/decode-png.ts";
import { createChartRenderer } from "../../src/charts/render-png.ts";
import { segmentBars } from "../../src/charts/segment-bars.ts";
import { FIXTURE_CHARTS } from "./chart-fixtures.ts";

const renderer = createChartRenderer();
const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
// Set ENGAGETRACK_CHART_PNG_DIR to keep the PNGs for looking at them.
const keep = process.env.ENGAGETRACK_CHART_PNG_DIR;

describe("createChartRenderer().png", () => {
  it.each(CHART_NAMES)("%s: a valid 1600×900 PNG (800×450 at 2×) with marks and text", async (name) => {
    const spec = FIXTURE_CHARTS[name]();
    const out = await renderer.png(spec);
    if (out.kind !== "png") expect.fail(`refused: ${out.reason}`);
    expect([...out.png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(out.png.readUInt32BE(16)).toBe(1600);
    expect(out.png.readUInt32BE(20)).toBe(900);
    const image = decodePng(out.png);
    expect([image.width, image.height]).toEqual([1600, 900]);
    const ink = countInk(out.png);
    // Text: the title alone is thousands of near-black pixels at 2×; marks: coloured pixels.
    expect(ink.text).toBeGreaterThan(5000);
    expect(ink.marks).toBeGreaterThan(2000);
    expect(out.alt).toBe(spec.alt);
    expect(out.text.split("\n")[0]).toBe(spec.title);
    if (keep) {
      mkdirSync(keep, { recursive: true });
      writeFileSync(join(keep, `${name}.png`), out.png);
    }
  });

  it("gives the same bytes for the same data", async () => {
    const a = (await renderer.rasterize(FIXTURE_CHARTS["shap-waterfall"]())).png;
    const b = (await createChartRenderer().rasterize(FIXTURE_CHARTS["shap-waterfall"]())).png;
    expect(b.equals(a)).toBe(true);
  });

  it("renders at other sizes and scales", async () => {
    const out = await createChartRenderer({ scale: 1 }).png(FIXTURE_CHARTS["risk-distribution"]());
    if (out.kind !== "png") expect.fail(out.reason);
    expect([out.width, out.height]).toEqual([800, 450]);
  });

  it("falls back to the text table, with a warning, when the font is missing and text would vanish", async () => {
    const warnings: { chart: string; reason: string }[] = [];
    const fontless = createChartRenderer({ fontFiles: [], warn: (_m, d) => warnings.push(d) });
    const out = await fontless.png(FIXTURE_CHARTS["contract-segmentation"]());
    expect(out.kind).toBe("text");
    expect(warnings).toEqual([
      { chart: "contract-segmentation", reason: expect.stringMatching(/^no text: \d+ text pixels$/) },
    ]);
    expect(out.text).toBe(
      [
        "Churn risk by contract",
        "Contract        Customers  Share  Avg churn risk  High risk",
        "--------------  ---------  -----  --------------  ---------",
        "Month-to-month        550    55%             42%        140",
        "One year              210    21%             12%          0",
        "Two year              240    24%              4%          0",
      ].join("\n"),
    );
  });

  it("refuses a chart with nothing to draw (legend swatches are not marks)", async () => {
    const warnings: string[] = [];
    const out = await createChartRenderer({ warn: (_m, d) => warnings.push(d.reason) }).png(
      segmentBars([{ segment: "Free", customers: 0, meanProbability: NaN, highRisk: 0 }], {
        name: "plan-segmentation",
        title: "Churn risk by plan",
        segmentHeader: "Plan",
      }),
    );
    expect(out.kind).toBe("text");
    expect(warnings[0]).toMatch(/^no marks: \d+ coloured pixels in the plot area$/);
  });

  it("writes standalone SVG with the namespace, once", () => {
    const svg = renderer.svg(FIXTURE_CHARTS["risk-trend"]());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g)).toHaveLength(1);
    expect(svg).toContain('font-family="DejaVu Sans"');
  });
});
