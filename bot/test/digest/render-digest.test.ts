import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatTable, riskDistribution } from "../../../core/src/charts/index.ts";
import {
  buildDigestReport,
  readReferenceProfile,
  type DigestReport,
} from "../../../core/src/digest/index.ts";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { renderDigestBlocks, renderDigestCard, renderDigestMarkdown } from "../../digest/index.ts";
import { expectGoldenText } from "../conversation/golden-text.ts";
import { digestWorld, type DigestWorld } from "./digest-world.ts";

const GOLDEN = join(import.meta.dirname, "__golden__");
mkdirSync(GOLDEN, { recursive: true });

let world: DigestWorld;
let report: DigestReport;
let first: DigestReport;

beforeAll(async () => {
  world = await digestWorld({ rows: 1200 });
  const a = await world.publish({ seed: 1, at: "2026-07-05T20:00:00Z" });
  const b = await world.publish({ seed: 2, at: "2026-07-12T20:00:00Z" });
  const store = openSnapshotStore(world.snapshotsDir);
  const [before, now] = await Promise.all([store.open(a.id), store.open(b.id)]);
  const reference = await readReferenceProfile(join(world.dir, "model"));
  const common = {
    schedule: "weekly",
    current: now,
    reference,
    experiment: DEFAULT_EXPERIMENT_CONFIG.experiments[0],
    notebookBaseUrl: "https://engage.example.com",
  };
  report = buildDigestReport({
    ...common,
    slot: "2026-07-13T07:00:00Z",
    baseline: { snapshotId: a.id, slot: "2026-07-06T07:00:00Z", bands: { ...a.bands } },
    previous: before,
  });
  first = buildDigestReport({ ...common, slot: "2026-07-13T07:00:00Z" });
});
afterAll(() => world.remove());

/** Snapshot IDs end in a content hash: named instead, so the goldens pin words and layout only. */
const ids = (text: string) =>
  text
    .replaceAll(report.snapshot.id, "<snapshot>")
    .replaceAll(report.previous!.snapshotId, "<previous snapshot>");

const chartText = (r: DigestReport) => {
  const spec = riskDistribution(r.chart.bins);
  return { kind: "text" as const, text: formatTable(spec.title, spec.table), alt: spec.alt };
};

describe("digest renderers", () => {
  it("render the digest as Markdown (golden)", async () => {
    const md = renderDigestMarkdown(report, {
      kind: "image",
      file: "2026-07-13T07-00-00Z-risk-distribution.png",
      alt: riskDistribution(report.chart.bins).alt,
    });
    await expectGoldenText("markdown-since-previous", ids(md), GOLDEN);
    await expectGoldenText("markdown-first", ids(renderDigestMarkdown(first, chartText(first))), GOLDEN);
  });

  it("render the digest as Slack blocks and as a Teams card (golden JSON)", async () => {
    await expectGoldenText("slack-blocks", ids(JSON.stringify(renderDigestBlocks(report), null, 2)), GOLDEN);
    await expectGoldenText(
      "teams-card",
      ids(
        JSON.stringify(
          renderDigestCard(report, { url: "https://engage.example.com/charts/token.png", alt: "alt" }),
          null,
          2,
        ),
      ),
      GOLDEN,
    );
  });

  it("keep within Slack's limits and escape what chat clients would read as markup", () => {
    const hostile: DigestReport = {
      ...report,
      newHighRisk: {
        ...report.newHighRisk,
        customers: [{ ...report.newHighRisk.customers[0], id: "<!channel>|x\n# hi" }],
      },
    };
    const { text, blocks } = renderDigestBlocks(hostile);
    expect(blocks.length).toBeLessThanOrEqual(50);
    const body = JSON.stringify(blocks);
    expect(body).not.toContain("<!channel>");
    expect(body).toContain("&lt;!channel&gt;|x # hi");
    for (const b of blocks as { type: string; text?: { text: string } }[]) {
      if (b.type === "section") expect(b.text!.text.length).toBeLessThanOrEqual(3000);
      if (b.type === "header") expect(b.text!.text.length).toBeLessThanOrEqual(150);
    }
    expect(text.length).toBeGreaterThan(0);
    const md = renderDigestMarkdown(hostile);
    expect(md).toContain("| &lt;!channel&gt;\\|x # hi |");
  });

  it("mark simulated data: the whole table, or the simulated columns it reports on", () => {
    expect(renderDigestMarkdown(report)).toContain(
      "Simulated data: every customer and value in this digest comes from the simulator, not from real customers.",
    );
    const partly: DigestReport = {
      ...report,
      dataset: {
        ...report.dataset,
        simulated: false,
        simulatedColumns: ["Sessions per month", "Support calls"],
      },
    };
    const md = renderDigestMarkdown(partly);
    expect(md).toContain(
      "Simulated data: Sessions per month, Support calls are filled in by the simulator, not measured.",
    );
    expect(md).not.toContain("every customer and value in this digest comes from the simulator");
    expect(JSON.stringify(renderDigestBlocks(partly))).toContain("Simulated data: Sessions per month");
    expect(JSON.stringify(renderDigestCard(partly))).toContain("Simulated data: Sessions per month");
  });

  it("say the same numbers everywhere: the band counts in each rendering", () => {
    const md = renderDigestMarkdown(report);
    const blocks = JSON.stringify(renderDigestBlocks(report).blocks);
    const card = JSON.stringify(renderDigestCard(report));
    for (const b of report.bands) {
      const n = b.customers.toLocaleString("en-US");
      expect(md).toContain(`| ${b.band} | ${n} |`);
      expect(blocks).toMatch(new RegExp(`${b.band} +${n}`));
      expect(card).toContain(`"text":"${n}"`);
    }
  });
});
