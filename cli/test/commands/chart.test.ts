// `engagetrack chart` end to end: real processes, a trained model and a published snapshot.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePng } from "../../../core/src/charts/decode-png.ts";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { CHART_NAMES, chartFromSnapshot } from "../../../core/src/charts/index.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import { runInProcess } from "../fixtures/run-in-process.ts";
import { accountsOfferWorkspace } from "../../../core/test/experiments/accounts-offer.ts";

let tmp: string;
let snapshots: string;
let model: string;
let customerID: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "et-chart-"));
  snapshots = join(tmp, "snapshots");
  model = join(tmp, "model");
  const csv = join(tmp, "customers.csv");
  const steps = [
    ["data", "simulate", "--rows", "800", "--seed", "21", "--out", csv],
    ["train", "--data", csv, "--out", model, "--seed", "21"],
    ["score", "--model", model, "--data", csv, "--snapshots", snapshots],
  ];
  for (const args of steps) {
    const r = await runInProcess(args);
    expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
  }
  const snapshot = (await openSnapshotStore(snapshots).latest())!;
  customerID = (snapshot.table.objects({ limit: 1 })[0] as { customerID: string }).customerID;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("engagetrack chart", () => {
  it("renders a chart from the newest snapshot to a 1600×900 PNG", async () => {
    const out = join(tmp, "contract.png");
    const r = await runInProcess([
      "chart",
      "contract-segmentation",
      "--snapshots",
      snapshots,
      "--out",
      out,
      "--json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ chart: "contract-segmentation", format: "png", width: 1600, height: 900 });
    expect(report.alt).toMatch(/^Bar chart, churn risk by contract: Month-to-month: [\d,]+ customers/);
    const png = readFileSync(out);
    expect(report.bytes).toBe(png.length);
    expect(decodePng(png).width).toBe(1600);
  });

  it("explains one customer in the SHAP waterfall, at the requested size", async () => {
    const out = join(tmp, "why.png");
    const r = await runInProcess([
      "chart",
      "shap-waterfall",
      "--customer",
      customerID,
      "--model",
      model,
      "--snapshots",
      snapshots,
      "--out",
      out,
      "--width",
      "640",
      "--height",
      "400",
      "--scale",
      "1",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Waterfall chart for customer ${customerID}: from the average customer's`);
    const image = decodePng(readFileSync(out));
    expect([image.width, image.height]).toEqual([640, 400]);
  });

  it("writes SVG and the text table by extension", async () => {
    const svg = join(tmp, "trend.svg");
    const txt = join(tmp, "bands.txt");
    expect((await runInProcess(["chart", "risk-trend", "--snapshots", snapshots, "--out", svg])).code).toBe(
      0,
    );
    expect(readFileSync(svg, "utf8")).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(
      (await runInProcess(["chart", "risk-distribution", "--snapshots", snapshots, "--out", txt])).code,
    ).toBe(0);
    expect(readFileSync(txt, "utf8")).toMatch(/^Churn risk distribution\nBand +Customers +Share\n/);
  });

  it("refuses unusable requests with exit code 2 and one line", async () => {
    const out = join(tmp, "never.png");
    const cases: [string[], string][] = [
      [["chart", "pie", "--out", out], 'engagetrack: unknown chart: "pie" (one of segment, shap-waterfall,'],
      [["chart", "shap-waterfall", "--snapshots", snapshots, "--out", out], "needs --customer <id>"],
      [
        [
          "chart",
          "shap-waterfall",
          "--customer",
          "NOPE-1",
          "--model",
          model,
          "--snapshots",
          snapshots,
          "--out",
          out,
        ],
        'no customer "NOPE-1" in snapshot',
      ],
      [["chart", "risk-trend", "--snapshots", join(tmp, "none"), "--out", out], "no snapshots in"],
      [
        ["chart", "risk-trend", "--snapshots", snapshots, "--out", join(tmp, "x.jpg")],
        "unsupported output file",
      ],
      [
        ["chart", "risk-trend", "--snapshots", snapshots, "--out", out, "--width", "50"],
        "invalid --width: 50",
      ],
    ];
    for (const [args, message] of cases) {
      const r = await runInProcess(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(existsSync(out)).toBe(false);
  });

  it("charts the arms of the experiment the data set declares: the demo's A/B, the accounts table's offer", async () => {
    const demo = join(tmp, "ab.txt");
    const r = await runInProcess(["chart", "ab-variants", "--snapshots", snapshots, "--out", demo, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).alt).toMatch(
      /^Churn rate by arm of nudge-strategy-2026 with 95% intervals: A \(control\), [\d,]+ customers/,
    );
    expect(readFileSync(demo, "utf8")).toMatch(/\nA +[\d,]+ +\d+% +[\d.]+%/);

    const offer = await accountsOfferWorkspace();
    const plain = await accountsWorkspace();
    try {
      const txt = join(tmp, "offer.txt");
      const o = await runInProcess(["chart", "ab-variants", "--snapshots", offer.snapshotsDir, "--out", txt]);
      expect(o.code, o.stderr).toBe(0);
      // 120 labelled in control (40 churned), 130 in discount (25): no Churn or variant column read.
      const table = readFileSync(txt, "utf8");
      // Arms by their own names (the contract's arm values), not letters.
      expect(table).toMatch(/^Churn by offer-2026\n/);
      expect(table).toMatch(/\ncontrol +120 +48% +33\.3% +25\.5%–42\.2%\n/);
      expect(table).toMatch(/\ndiscount +130 +52% +19\.2% +13\.4%–26\.8%\n/);
      expect(o.stdout).toContain("control, 120 customers (48%), churn 33.3%");

      const none = await runInProcess([
        "chart",
        "ab-variants",
        "--snapshots",
        plain.snapshotsDir,
        "--out",
        txt.replace("offer", "none"),
      ]);
      expect(none.code).toBe(2);
      expect(none.stderr.trim()).toBe(
        "engagetrack: the accounts data set declares no experiment (its dataset contract names no assignment column): there are no arms to chart",
      );
      expect(existsSync(txt.replace("offer", "none"))).toBe(false);
    } finally {
      await Promise.all([offer.close(), plain.close()]);
    }
  }, 60_000);
});

describe("engagetrack chart on a data set that is not the demo (the accounts table)", () => {
  const DEMO_ONLY = [
    "engagement-levels",
    "plan-segmentation",
    "contract-segmentation",
    "usage-frequency",
    "payment-delay",
    "support-calls",
  ] as const;
  const TELCO = /Contract|planTier|tenure|engagement|persona|sessionsPerMonth|paymentDelay|supportCalls/;
  const CHOICES =
    "state (State), international_plan (International plan), voice_mail_plan (Voice mail plan), area_code (Area code)";
  let ws: AccountsWorkspace;
  beforeAll(async () => {
    ws = await accountsWorkspace();
  }, 60_000);
  afterAll(() => ws?.close());
  const chart = (...args: string[]) => runInProcess(["chart", ...args, "--snapshots", ws.snapshotsDir]);

  it("charts churn risk by the contract's own segment columns, named by column or label", async () => {
    const txt = join(tmp, "intl.txt");
    const r = await chart("segment", "--column", "international plan", "--out", txt, "--json");
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ chart: "segment", column: "international_plan", format: "txt" });
    expect(report.alt).toMatch(/churn risk by international plan/i);
    const table = readFileSync(txt, "utf8");
    expect(table).toMatch(/^Churn risk by international plan\n/);
    expect(table).toMatch(/\nNo +/);
    expect(table).toMatch(/\nYes +/);
    expect(`${r.stdout}${table}`).not.toMatch(TELCO);

    // The bars count customers to act on: the churned are history, not in any bar.
    const bars = [...table.matchAll(/\n(?:No|Yes) +([\d,]+)/g)].map((m) => Number(m[1].replace(/,/g, "")));
    expect(bars.reduce((a, b) => a + b, 0)).toBe(ws.snapshot.summary().customers);

    const png = join(tmp, "state.png");
    const byName = await chart("segment", "--column", "state", "--out", png, "--json");
    expect(byName.code, byName.stderr).toBe(0);
    expect(JSON.parse(byName.stdout)).toMatchObject({ column: "state", format: "png", width: 1600 });
    expect(decodePng(readFileSync(png)).width).toBe(1600);
  });

  it("lists the data set's segment columns when --column is missing or unknown (exit 2, one line)", async () => {
    const out = join(tmp, "never-segment.txt");
    const missing = await chart("segment", "--out", out);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(
      `engagetrack: the segment chart needs --column <name or label>: one of the accounts data set's segment columns: ${CHOICES}`,
    );
    const unknown = await chart("segment", "--column", "Contract", "--out", out);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(
      `engagetrack: no column "Contract" to chart by in the accounts data set: its segment columns are ${CHOICES}`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("the demo's named segment charts refuse it, naming what it can chart instead (exit 2)", async () => {
    const out = join(tmp, "never-demo.txt");
    for (const name of DEMO_ONLY) {
      const r = await chart(name, "--out", out);
      expect(r.code, name).toBe(2);
      const line = r.stderr.trim();
      expect(line.split("\n")).toHaveLength(1);
      expect(line).toMatch(
        new RegExp(
          `^engagetrack: the ${name} chart is the demo's: it reads a \\w+ column, which this data set does not have \\(the accounts data set\\)`,
        ),
      );
      expect(line).toContain(`chart its own columns with \`segment --column <name>\` (${CHOICES})`);
      expect(line).toContain(
        "or one of shap-waterfall, risk-distribution, ab-variants, global-importance, risk-trend, calibration-curve",
      );
    }
    expect(existsSync(out)).toBe(false);
    // As a real process: the same sentence, no stack trace.
    const real = await runInProcess([
      "chart",
      "contract-segmentation",
      "--snapshots",
      ws.snapshotsDir,
      "--out",
      out,
    ]);
    expect(real.code).toBe(2);
    expect(real.stderr).toMatch(/^engagetrack: the contract-segmentation chart is the demo's/);
    expect(real.stderr.trim().split("\n")).toHaveLength(1);
    expect(real.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("chartFromSnapshot says the same, instead of an unknown segment column", () => {
    for (const name of DEMO_ONLY) {
      expect(() => chartFromSnapshot(name, { snapshot: ws.snapshot as never })).toThrow(
        new RegExp(
          `^the ${name} chart is the demo's: it reads a \\w+ column, which this data set does not have$`,
        ),
      );
    }
    for (const name of CHART_NAMES.filter((n) => !(DEMO_ONLY as readonly string[]).includes(n)))
      if (name !== "shap-waterfall" && name !== "ab-variants")
        expect(() => chartFromSnapshot(name, { snapshot: ws.snapshot as never }), name).not.toThrow();
  });
});

describe("engagetrack chart segment on the demo", () => {
  it("charts the demo's segment columns by name or label too", async () => {
    const txt = join(tmp, "demo-contract.txt");
    const r = await runInProcess([
      "chart",
      "segment",
      "--column",
      "contract",
      "--snapshots",
      snapshots,
      "--out",
      txt,
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ column: "Contract" });
    expect(readFileSync(txt, "utf8")).toMatch(/\nMonth-to-month +[\d,]+/);
  });
});
