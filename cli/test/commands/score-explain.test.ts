// `engagetrack score` and `engagetrack explain` end to end: real processes, real model files.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XGB_FIXTURE, XGB_FIXTURE_PRESENT, XGB_SKIP_REASON } from "../../../core/test/fixtures/paths.ts";
import { runInProcess } from "../fixtures/run-in-process.ts";

let tmp: string;
// The whole file needs the XGBoost fixture: without it, every test skips with the reason.
const sample: Record<string, string>[] = XGB_FIXTURE_PRESENT
  ? parse(readFileSync(join(XGB_FIXTURE, "sample.csv")), { columns: true })
  : [];
const features: string[] = XGB_FIXTURE_PRESENT
  ? JSON.parse(readFileSync(join(XGB_FIXTURE, "features.json"), "utf8"))
  : [];

beforeAll(async () => {
  if (!XGB_FIXTURE_PRESENT) return;
  tmp = mkdtempSync(join(tmpdir(), "et-cli-"));
  expect(
    (
      await runInProcess([
        "model",
        "import-xgboost",
        join(XGB_FIXTURE, "model.json"),
        "--out",
        join(tmp, "xgb"),
      ])
    ).code,
  ).toBe(0);
  expect(
    (
      await runInProcess([
        "data",
        "simulate",
        "--rows",
        "600",
        "--seed",
        "11",
        "--out",
        join(tmp, "customers.csv"),
      ])
    ).code,
  ).toBe(0);
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!XGB_FIXTURE_PRESENT)(`engagetrack score (skips when ${XGB_SKIP_REASON})`, () => {
  it("scores an imported model's own columns (blanks as missing) to XGBoost's probabilities", async () => {
    const out = join(tmp, "scores.csv");
    const r = await runInProcess([
      "score",
      "--model",
      join(tmp, "xgb"),
      "--data",
      join(XGB_FIXTURE, "sample.csv"),
      "--out",
      out,
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const scores = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
    expect(scores).toHaveLength(310);
    scores.forEach((s, i) => {
      expect(s.customerID).toBe(sample[i].customerID);
      expect(Math.abs(Number(s.probability) - Number(sample[i].xgb_prob))).toBeLessThan(1e-6);
    });
  });

  it("publishes a snapshot of customers, and shards commit to the same content", async () => {
    const one = join(tmp, "snaps-one");
    const r = await runInProcess([
      "score",
      "--model",
      join(tmp, "xgb"),
      "--data",
      join(tmp, "customers.csv"),
      "--snapshots",
      one,
      "--json",
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.scored).toBe(600);
    expect(report.bands.Low + report.bands.Medium + report.bands.High).toBe(600);
    const parts = join(tmp, "parts");
    for (const i of [0, 1, 2]) {
      expect(
        (
          await runInProcess([
            "score",
            "--model",
            join(tmp, "xgb"),
            "--data",
            join(tmp, "customers.csv"),
            "--shard",
            `${i}/3`,
            "--parts",
            parts,
          ])
        ).code,
      ).toBe(0);
    }
    const sharded = join(tmp, "snaps-sharded");
    const c = await runInProcess(["snapshot", "commit", "--parts", parts, "--snapshots", sharded]);
    expect(c.stderr).toBe("");
    const a = readFileSync(
      join(
        one,
        readdirSync(one).find((d) => !d.startsWith("."))!,
        "customers.arrow",
      ),
    );
    const b = readFileSync(
      join(
        sharded,
        readdirSync(sharded).find((d) => !d.startsWith("."))!,
        "customers.arrow",
      ),
    );
    expect(b.equals(a)).toBe(true);
  });

  it("refuses a run with nothing to write, and a broken model, with exit 2 and one message", async () => {
    const none = await runInProcess([
      "score",
      "--model",
      join(tmp, "xgb"),
      "--data",
      join(tmp, "customers.csv"),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nothing to write/);
    const broken = join(tmp, "broken");
    await runInProcess(["model", "import-xgboost", join(XGB_FIXTURE, "model.json"), "--out", broken]);
    writeFileSync(join(broken, "model.onnx"), "not a model");
    const r = await runInProcess([
      "score",
      "--model",
      broken,
      "--data",
      join(tmp, "customers.csv"),
      "--out",
      join(tmp, "x.csv"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(broken, "model.onnx"));
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe.skipIf(!XGB_FIXTURE_PRESENT)(`engagetrack explain (skips when ${XGB_SKIP_REASON})`, () => {
  it("--json reproduces XGBoost's pred_contribs for every fixture row, with the model's feature names", async () => {
    const r = await runInProcess([
      "explain",
      "--model",
      join(tmp, "xgb"),
      "--data",
      join(XGB_FIXTURE, "sample.csv"),
      "--json",
    ]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as {
      id: string;
      margin: number;
      probability: number;
      base_value: number;
      contributions: Record<string, number>;
    }[];
    expect(rows).toHaveLength(310);
    rows.forEach((row, i) => {
      const want = sample[i];
      expect(row.id).toBe(want.customerID);
      expect(Object.keys(row.contributions)).toEqual(features);
      expect(Math.abs(row.base_value - Number(want.shap__BIAS))).toBeLessThan(1e-5);
      expect(Math.abs(row.margin - Number(want.xgb_margin))).toBeLessThan(1e-5);
      for (const f of features)
        expect(Math.abs(row.contributions[f] - Number(want[`shap__${f}`]))).toBeLessThan(1e-5);
    });
  });

  it("explains one customer in words, with what-if actions", async () => {
    const ids = (
      parse(readFileSync(join(tmp, "customers.csv")), { columns: true }) as Record<string, string>[]
    )
      .filter((c) => c.Contract === "Month-to-month")
      .map((c) => c.customerID);
    const r = await runInProcess([
      "explain",
      "--model",
      join(tmp, "xgb"),
      "--data",
      join(tmp, "customers.csv"),
      "--id",
      ids[0],
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${ids[0]}: (Low|Medium|High) risk \\(\\d+%\\)`));
    expect(r.stdout).toMatch(/drivers \(log-odds\): /);
    expect(r.stdout).toMatch(/what if: switch to a (one|two)-year contract: \d+% → \d+%/);
    const missing = await runInProcess([
      "explain",
      "--model",
      join(tmp, "xgb"),
      "--data",
      join(tmp, "customers.csv"),
      "--id",
      "NOPE-1",
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no customer "NOPE-1"/);
  });
});
