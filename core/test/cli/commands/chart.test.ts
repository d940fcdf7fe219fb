// `engagetrack chart` end to end: real processes, a trained model and a published snapshot.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePng } from "../../../src/charts/decode-png.ts";
import { openSnapshotStore } from "../../../src/snapshot/index.ts";
import { accountsWorkspace } from "../../fixtures/accounts-workspace.ts";
import { runCli } from "../../fixtures/run-cli.ts";
import { accountsOfferWorkspace } from "../../experiments/accounts-offer.ts";

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
    const r = await runCli(args);
    expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
  }
  const snapshot = (await openSnapshotStore(snapshots).latest())!;
  customerID = (snapshot.table.objects({ limit: 1 })[0] as { customerID: string }).customerID;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("engagetrack chart", () => {
  it("renders a chart from the newest snapshot to a 1600×900 PNG", async () => {
    const out = join(tmp, "contract.png");
    const r = await runCli([
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
    const r = await runCli([
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
    expect((await runCli(["chart", "risk-trend", "--snapshots", snapshots, "--out", svg])).code).toBe(0);
    expect(readFileSync(svg, "utf8")).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect((await runCli(["chart", "risk-distribution", "--snapshots", snapshots, "--out", txt])).code).toBe(
      0,
    );
    expect(readFileSync(txt, "utf8")).toMatch(/^Churn risk distribution\nBand +Customers +Share\n/);
  });

  it("refuses unusable requests with exit code 2 and one line", async () => {
    const out = join(tmp, "never.png");
    const cases: [string[], string][] = [
      [["chart", "pie", "--out", out], 'engagetrack: unknown chart: "pie" (one of shap-waterfall,'],
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
      const r = await runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(existsSync(out)).toBe(false);
  });

  it("charts the arms of the experiment the data set declares: the demo's A/B, the accounts table's offer", async () => {
    const demo = join(tmp, "ab.txt");
    const r = await runCli(["chart", "ab-variants", "--snapshots", snapshots, "--out", demo, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).alt).toMatch(
      /^Churn rate by nudge variant with 95% intervals: variant A, [\d,]+ customers/,
    );
    expect(readFileSync(demo, "utf8")).toMatch(/\nA +[\d,]+ +\d+% +[\d.]+%/);

    const offer = await accountsOfferWorkspace();
    const plain = await accountsWorkspace();
    try {
      const txt = join(tmp, "offer.txt");
      const o = await runCli(["chart", "ab-variants", "--snapshots", offer.snapshotsDir, "--out", txt]);
      expect(o.code, o.stderr).toBe(0);
      // 120 labelled in control (40 churned), 130 in discount (25): no Churn or variant column read.
      const table = readFileSync(txt, "utf8");
      expect(table).toMatch(/\nA +120 +48% +33\.3% +25\.5%–42\.2%\n/);
      expect(table).toMatch(/\nB +130 +52% +19\.2% +13\.4%–26\.8%\n/);
      expect(o.stdout).toContain("variant A, 120 customers (48%), churn 33.3%");

      const none = await runCli([
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
