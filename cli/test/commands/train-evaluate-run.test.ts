// `engagetrack train`, `evaluate` and `run` end to end: real processes, real files.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSnapshot } from "../../../core/src/snapshot/index.ts";
import { runInProcess } from "../fixtures/run-in-process.ts";

let tmp: string;
let data: string;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "et-train-"));
  data = join(tmp, "customers.csv");
  expect(
    (await runInProcess(["data", "simulate", "--rows", "3000", "--seed", "5", "--out", data])).code,
  ).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("engagetrack train", () => {
  it("writes a calibrated model and card, and the same seed gives byte-identical model.onnx", async () => {
    const a = await runInProcess([
      "train",
      "--data",
      data,
      "--seed",
      "3",
      "--name",
      "m",
      "--out",
      join(tmp, "a"),
      "--json",
    ]);
    expect(
      (
        await runInProcess([
          "train",
          "--data",
          data,
          "--seed",
          "3",
          "--name",
          "m",
          "--out",
          join(tmp, "b"),
          "--json",
        ])
      ).code,
    ).toBe(0);
    expect(a.code).toBe(0);
    const report = JSON.parse(a.stdout);
    expect(report.rows).toBe(3000);
    expect(report.holdout.auc).toBeGreaterThan(0.75);
    expect(report.decision_threshold).toBeGreaterThan(0);
    expect(report.decision_threshold).toBeLessThan(0.5); // chosen from offer economics, not a bare 0.5
    expect(readFileSync(join(tmp, "a/model.onnx")).equals(readFileSync(join(tmp, "b/model.onnx")))).toBe(
      true,
    );
    const cardA = JSON.parse(readFileSync(join(tmp, "a/card.json"), "utf8"));
    const cardB = JSON.parse(readFileSync(join(tmp, "b/card.json"), "utf8"));
    delete cardA.trainingTimeSeconds;
    delete cardB.trainingTimeSeconds;
    expect(cardA).toEqual(cardB);
    expect(cardA.calibration.method).toMatch(/platt|isotonic/);
    expect(cardA.trainingData.rows).toBe(3000);
    expect(cardA.features.find((f: { name: string }) => f.name === "Contract_Month-to-month").label).toBe(
      "Contract = Month-to-month",
    );
    const other = await runInProcess([
      "train",
      "--data",
      data,
      "--seed",
      "4",
      "--name",
      "m",
      "--out",
      join(tmp, "c"),
    ]);
    expect(other.code).toBe(0);
    expect(readFileSync(join(tmp, "c/model.onnx")).equals(readFileSync(join(tmp, "a/model.onnx")))).toBe(
      false,
    );
  });

  it("--sample trains on a seeded uniform sample of the file: same seed, same model bytes", async () => {
    const train = (seed: string, out: string) =>
      runInProcess([
        "train",
        "--data",
        data,
        "--sample",
        "1200",
        "--seed",
        seed,
        "--name",
        "s",
        "--out",
        join(tmp, out),
        "--json",
      ]);
    const a = await train("3", "sa");
    expect(a.code, a.stderr).toBe(0);
    const report = JSON.parse(a.stdout);
    expect(report.rows).toBe(1200);
    expect(report.sampled_from).toBe(3000);
    expect((await train("3", "sb")).code).toBe(0);
    expect((await train("4", "sc")).code).toBe(0);
    const bytes = (dir: string) => readFileSync(join(tmp, dir, "model.onnx"));
    expect(bytes("sa").equals(bytes("sb"))).toBe(true);
    expect(bytes("sa").equals(bytes("sc"))).toBe(false);
    const bad = await runInProcess(["train", "--data", data, "--sample", "ten", "--out", join(tmp, "sd")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--sample must be a whole number of at least 100 rows, got "ten"');
  });

  it("refuses unusable input with exit 2 and one message", async () => {
    const params = join(tmp, "params.json");
    writeFileSync(params, JSON.stringify({ max_depht: 3 }));
    const bad = await runInProcess(["train", "--data", data, "--params", params, "--out", join(tmp, "d")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown booster parameter: max_depht/);
    // A missing file: one line and exit 2 (its hash used to reject unhandled: a stack trace, exit 1).
    const missing = await runInProcess(["train", "--data", join(tmp, "absent.csv"), "--out", join(tmp, "e")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^engagetrack: file not found: ".*absent\.csv"\n$/);
    const unlabeled = join(tmp, "unlabeled.csv");
    const lines = readFileSync(data, "utf8").split("\n");
    const header = lines[0].split(",");
    const churn = header.indexOf("Churn");
    writeFileSync(
      unlabeled,
      lines
        .map((l) =>
          l
            .split(",")
            .filter((_, j) => j !== churn)
            .join(","),
        )
        .join("\n"),
    );
    const r = await runInProcess(["train", "--data", unlabeled, "--out", join(tmp, "e")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no Churn column/);
    expect((await runInProcess(["train", "--out", join(tmp, "f")])).code).toBe(2);
  });
});

describe("engagetrack evaluate", () => {
  it("cross-validates and reports the Bayes AUC on the same folds for simulated data", async () => {
    const r = await runInProcess(["evaluate", "--data", data, "--folds", "3", "--seed", "42", "--json"]);
    expect(r.code).toBe(0);
    const cv = JSON.parse(r.stdout);
    for (const k of [
      "auc_mean",
      "auc_sd",
      "pr_auc_mean",
      "logloss_mean",
      "brier_mean",
      "ece_mean",
      "train_seconds_median",
      "bayes_auc_mean",
    ]) {
      expect(typeof cv[k]).toBe("number");
    }
    expect(cv.folds).toHaveLength(3);
    expect(cv.bayes_auc_mean).toBeGreaterThan(cv.auc_mean - 0.005);
    expect(cv.bayes_auc_mean - cv.auc_mean).toBeLessThan(0.03);
  });
});

describe("engagetrack run (npm start)", () => {
  it("runs the pipeline on embedded defaults and says what it did", async () => {
    const env = {
      ENGAGETRACK_SIMULATE_ROWS: "1500",
      // Not start.test.ts's seed: both write data/generated/simulated-1500-seed<seed>.csv, and the
      // two files run at the same time.
      ENGAGETRACK_SEED: "7",
      ENGAGETRACK_MODEL_DIR: join(tmp, "models/demo"),
      ENGAGETRACK_SNAPSHOTS_DIR: join(tmp, "snapshots"),
      ENGAGETRACK_DATA: "",
    };
    const r = await runInProcess(["run", "--json"], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.data).toMatchObject({ simulated: true, accepted: 1500, rejected: 0 });
    expect(report.snapshot.rows).toBe(1500);
    // Bands count customers to act on: every customer but the churned (history).
    const { bands, customers, churned } = report.snapshot;
    expect(bands.Low + bands.Medium + bands.High).toBe(customers);
    expect(customers + churned).toBe(1500);
    expect(churned).toBeGreaterThan(0);
    expect(report.callFirst.length).toBeGreaterThan(0);
    expect(report.callFirst[0].sentence).toMatch(/^(High|Medium|Low) risk \(\d+%\) mainly because of /);
    // Customers who already churned are history: never on the call list, which is the snapshot's
    // one definition of who to call first.
    const snapshot = await loadSnapshot(join(tmp, "snapshots", report.snapshot.id));
    expect(report.callFirst.map((c: { customerID: string }) => c.customerID)).toEqual(snapshot.topToAct(5));
    for (const c of report.callFirst as Array<{ customerID: string }>) {
      expect(snapshot.lookup(c.customerID)!.status).not.toBe("churned");
    }
    expect((snapshot.table.array("status") as string[]).filter((x) => x === "churned").length).toBe(churned);
    expect(report.snapshot.revenueAtRisk).toBeCloseTo(snapshot.summary().revenueAtRisk!, 6);
    expect(readdirSync(join(tmp, "snapshots")).filter((d) => !d.startsWith("."))).toEqual([
      report.snapshot.id,
    ]);
    // Its own snapshots folder: in process both runs can finish within one second, and the same
    // customers scored in the same second make the same snapshot id.
    const text = await runInProcess(["run"], {
      ...env,
      ENGAGETRACK_SNAPSHOTS_DIR: join(tmp, "snapshots-text"),
    });
    expect(text.stdout, `${text.code} ${text.stderr}`).toMatch(/Call first/);
    expect(text.stdout).toMatch(/What drives churn across all customers/);
  });

  it("names each bad setting", async () => {
    const r = await runInProcess(["run"], { ENGAGETRACK_SIMULATE_ROWS: "lots", ENGAGETRACK_SEED: "-1" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ENGAGETRACK_SIMULATE_ROWS="lots"/);
    expect(r.stderr).toMatch(/ENGAGETRACK_SEED="-1"/);
  });
});
