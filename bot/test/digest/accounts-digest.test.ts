/**
 * The digest of a table that is not Telco (the accounts table and its hand-written contract): in
 * its own terms (ids, labels, values, euros), on the same definitions as the bot (summary()), with
 * churned customers as history only, and honest when no outcome is known. Goldens for Markdown,
 * Slack blocks and the Teams card.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatTable, riskDistribution } from "../../../core/src/charts/index.ts";
import { buildDigestReport, type DigestReport } from "../../../core/src/digest/index.ts";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { renderDigestBlocks, renderDigestCard, renderDigestMarkdown } from "../../digest/index.ts";
import { expectGoldenText } from "../conversation/golden-text.ts";
import { GOLDEN } from "./golden-dir.ts";
import {
  ACCOUNTS_BEFORE_ID,
  accountsDigestWorld,
  type AccountsDigestWorld,
} from "./accounts-digest-world.ts";

/** Telco's and the simulator's column names: none may appear in a digest of another table. */
const FOREIGN = [
  "Contract",
  "tenure",
  "persona",
  "planTier",
  "MonthlyCharges",
  "customerID",
  "supportCalls90d",
  "paymentDelayDays",
  "variant",
];

let world: AccountsDigestWorld;
let report: DigestReport;
let first: DigestReport;
let labelFree: DigestReport;

beforeAll(async () => {
  world = await accountsDigestWorld();
  const common = {
    schedule: "weekly",
    slot: "2026-11-23T08:00:00Z",
    reference: world.reference,
    // Configured, but the accounts contract declares no experiment: the digest must not report it.
    experiment: DEFAULT_EXPERIMENT_CONFIG.experiments[0],
    notebookBaseUrl: "https://engage.example.com",
  };
  report = buildDigestReport({
    ...common,
    current: world.now,
    baseline: {
      snapshotId: ACCOUNTS_BEFORE_ID,
      slot: "2026-11-16T08:00:00Z",
      bands: world.before.summary().bands,
    },
    previous: world.before,
  });
  first = buildDigestReport({ ...common, current: world.now });
  labelFree = buildDigestReport({ ...common, current: world.labelFree, reference: undefined });
}, 60_000);
afterAll(() => world?.close());

/** The model's hash depends on the trained bytes: named instead, so goldens pin words and layout. */
const named = (text: string) => text.replaceAll(report.model.hash.slice(0, 12), "<model>");
const chartText = (r: DigestReport) => {
  const spec = riskDistribution(r.chart.bins);
  return { kind: "text" as const, text: formatTable(spec.title, spec.table), alt: spec.alt };
};
const renderings = (r: DigestReport) => [
  renderDigestMarkdown(r, chartText(r)),
  JSON.stringify(renderDigestBlocks(r)),
  JSON.stringify(renderDigestCard(r)),
  JSON.stringify(r),
];

describe("the accounts table's digest", () => {
  it("renders as Markdown, Slack blocks and a Teams card (goldens)", async () => {
    await expectGoldenText(
      "accounts-markdown",
      named(renderDigestMarkdown(report, chartText(report))),
      GOLDEN,
    );
    await expectGoldenText("accounts-markdown-first", named(renderDigestMarkdown(first)), GOLDEN);
    await expectGoldenText(
      "accounts-slack-blocks",
      named(JSON.stringify(renderDigestBlocks(report), null, 2)),
      GOLDEN,
    );
    await expectGoldenText(
      "accounts-teams-card",
      named(
        JSON.stringify(
          renderDigestCard(report, { url: "https://engage.example.com/charts/token.png", alt: "alt" }),
          null,
          2,
        ),
      ),
      GOLDEN,
    );
    await expectGoldenText("accounts-markdown-label-free", named(renderDigestMarkdown(labelFree)), GOLDEN);
  });

  it("uses the bot's definitions: bands, customers and revenue at risk are snapshot.summary()", () => {
    for (const [r, s] of [
      [report, world.now],
      [first, world.now],
      [labelFree, world.labelFree],
    ] as const) {
      const summary = s.summary();
      expect(Object.fromEntries(r.bands.map((b) => [b.band, b.customers]))).toEqual(summary.bands);
      expect(r.snapshot.customers).toBe(summary.customers);
      expect(r.snapshot.churned).toBe(summary.churned);
      expect(r.revenueAtRisk.total).toBe(summary.revenueAtRisk);
      expect(r.revenueAtRisk.currency).toBe("EUR");
      expect(r.chart.bins.reduce((n, b) => n + b.customers, 0)).toBe(summary.customers);
    }
    expect(report.bands.map((b) => b.change)).toEqual(
      report.bands.map((b) => world.now.summary().bands[b.band] - world.before.summary().bands[b.band]),
    );
    const md = renderDigestMarkdown(report);
    const euros = (n: number) => {
      const digits = n >= 10_000 ? 0 : 2; // whole euros from 10,000
      return new Intl.NumberFormat("en-US", {
        style: "currency",
        currency: "EUR",
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(n);
    };
    expect(md).toContain(`Revenue at risk: ${euros(world.now.summary().revenueAtRisk!)}/month`);
    expect(md).not.toContain("$");
  });

  it("never lists or counts a churned customer; those who churned since are reported as history", () => {
    const { now, before } = world;
    expect(now.summary().churned).toBeGreaterThan(0);
    for (const r of [report, first]) {
      const listed = [...r.newHighRisk.customers.map((c) => c.id), ...r.movers.map((m) => m.id)];
      expect(listed.length).toBeGreaterThan(0);
      for (const id of listed) expect(now.lookup(id)!.status).not.toBe("churned");
    }
    expect(first.newHighRisk.count).toBe(now.summary().bands.High);
    // Churned since: churned now, in the earlier snapshot and not churned there.
    const ids = now.table.array(now.idColumn) as string[];
    const since = ids.filter((id) => {
      const b = before.lookup(id);
      return now.lookup(id)!.status === "churned" && b !== undefined && b.status !== "churned";
    });
    expect(since.length).toBeGreaterThan(0);
    expect(report.history.churnedSincePrevious).toBe(since.length);
    expect(renderDigestMarkdown(report)).toContain(
      `${since.length} customers churned since the last digest (history now, not listed as at risk).`,
    );
    // Newly high-risk: High now, not High a week ago, not churned.
    const newly = ids.filter((id) => {
      const c = now.lookup(id)!;
      return c.status !== "churned" && c.band === "High" && before.lookup(id)?.band !== "High";
    });
    expect(report.newHighRisk.count).toBe(newly.length);
    expect(report.newHighRisk.customers.length).toBe(Math.min(5, newly.length));
    expect(newly.length).toBeGreaterThan(0);
    for (const c of report.newHighRisk.customers) expect(newly).toContain(c.id);
    expect(report.customers!.common + report.customers!.added).toBe(now.summary().customers);
  });

  it("speaks the contract's terms: no Telco or simulator column name anywhere", () => {
    for (const r of [report, first, labelFree]) {
      for (const text of renderings(r)) {
        for (const name of FOREIGN) expect(text).not.toMatch(new RegExp(`\\b${name}\\b`));
      }
    }
    const md = renderDigestMarkdown(report);
    expect(md).toContain("Data set: accounts — Mobile accounts (test table).");
    expect(md).toContain("## Risk by International plan");
    expect(md).toContain("| International plan | Customers | High | At risk / month |");
    expect(report.segments.map((s) => s.column)).toEqual(world.workspace.contract.segments);
    expect(report.drivers.map((d) => d.label)).toContain("Customer service calls");
    expect(report.newHighRisk.customers.map((c) => c.id)).toEqual(
      report.newHighRisk.customers.map((c) => world.now.lookup(c.id)!.customer.account_id),
    );
    // Nothing is simulated in this table, and nothing says it is.
    expect(report.dataset).toMatchObject({ simulated: false, simulatedColumns: [] });
    expect(md).not.toMatch(/simulat/i);
  });

  it("omits the experiment the contract does not declare, and measures drift against training", () => {
    expect(report.experiment).toBeNull();
    expect(renderDigestMarkdown(report)).toContain("No experiment declared for this data set.");
    expect(report.health.reference?.origin).toMatch(/^training data \(/);
    expect(report.health.score).not.toBeNull();
    expect(report.health.inputs.map((d) => d.label)).toContain("Customer service calls");
    expect(report.health.calibration?.customers).toBe(report.outcomesKnown);
  });

  it("presents no outcome-based figure when no outcome is known yet", () => {
    expect(labelFree.outcomesKnown).toBe(0);
    expect(labelFree.snapshot.churned).toBe(0);
    expect(labelFree.health.calibration).toBeNull();
    const md = renderDigestMarkdown(labelFree);
    expect(md).toContain("Calibration not measured: outcomes not known yet");
    expect(md).not.toMatch(/precision|recall|calibration error|churn rate/i);
  });
});
