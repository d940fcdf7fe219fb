// The one-pass batch path (TreeSHAP's walk gives the margin and onnxruntime's probability, across
// worker threads) against the two-pass path it replaced (onnxruntime for the probability, TreeSHAP
// on one thread for the contributions): the same customers written as a snapshot both ways must
// give the same bytes. Two models: the default recipe (stumps) and XGBoost 1.7.4's Telco model
// (100 trees of depth 4), so both TreeSHAP paths (stump rows and leaf tables) are covered.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Customer } from "../../src/data/schema.ts";
import { simulateCustomers } from "../../src/data/simulator.ts";
import { createShapPool, type ShapPool } from "../../src/explain/shap-pool.ts";
import { groupContributions } from "../../src/explain/group-contributions.ts";
import { topDrivers } from "../../src/explain/top-drivers.ts";
import { treeShap } from "../../src/explain/tree-shap.ts";
import { encodeCustomers } from "../../src/features/encode-customers.ts";
import type { CustomerEncoderSpec } from "../../src/features/encoder-spec.ts";
import { saveModel } from "../../src/model/model-files.ts";
import { trainCustomerModel } from "../../src/model/train-customer-model.ts";
import { openChurnModel, scoreCustomers, type ChurnModel } from "../../src/score/index.ts";
import { createSnapshotWriter, type ScoredBatch } from "../../src/snapshot/index.ts";
import { statusFromChurn } from "../../src/snapshot/status-from-churn.ts";
import { importFixtureModel } from "../fixtures/import-fixture-model.ts";
import { XGB_FIXTURE, XGB_FIXTURE_PRESENT } from "../fixtures/paths.ts";

/** The model's encoder of customer rows (every model here reads customers, not named columns). */
function customerEncoder(model: ChurnModel): CustomerEncoderSpec {
  if (model.encoder.kind !== "customer") throw new Error(`model ${model.card.name} reads named columns`);
  return model.encoder;
}

/** scoreCustomers as it was before the one-pass path (commit 23522d2), step for step. */
async function twoPassScoreCustomers(
  model: ChurnModel,
  customers: readonly Customer[],
  firstRow: number,
): Promise<ScoredBatch<Customer>> {
  const n = customers.length;
  const matrix = encodeCustomers(customerEncoder(model), customers, n);
  const { probability } = await model.scoreOnnx(matrix);
  const shap = treeShap(model.ensemble, matrix);
  const grouped = groupContributions(model.features, shap.values, n);
  const ns = grouped.sources.length;
  return {
    customers,
    status: customers.map((c) => statusFromChurn(c.Churn)),
    inputRow: Int32Array.from({ length: n }, (_, i) => firstRow + i),
    probability,
    margin: shap.margin,
    band: Array.from(probability, (p) => model.band(p)),
    sources: grouped.sources,
    contributions: grouped.values,
    drivers: customers.map((c, i) =>
      topDrivers(c, grouped.sources, grouped.sourceLabels, grouped.values, i * ns, 5),
    ),
  };
}

/** Batch sizes: onnxruntime sums by parts of trees for runs of more than 50 rows, tree by tree below. */
const BATCHES = [5000, 30, 2600, 1, 120];

async function writeSnapshot(
  dir: string,
  model: ChurnModel,
  customers: readonly Customer[],
  score: (batch: readonly Customer[], firstRow: number) => Promise<ScoredBatch<Customer>>,
): Promise<Map<string, Buffer>> {
  const writer = await createSnapshotWriter({
    dir,
    id: "same",
    model: { name: model.card.name, hash: model.hash },
    dataHash: "0".repeat(64),
    clock: () => new Date(0),
  });
  let first = 0;
  for (const size of BATCHES) {
    await writer.append(await score(customers.slice(first, first + size), first));
    first += size;
  }
  await writer.finish();
  const files = new Map<string, Buffer>();
  for (const f of readdirSync(join(dir, "same")).sort()) files.set(f, readFileSync(join(dir, "same", f)));
  return files;
}

describe("scoreCustomers in one pass", () => {
  const tmp = mkdtempSync(join(tmpdir(), "et-one-pass-"));
  const models: { name: string; model: ChurnModel }[] = [];
  let pool: ShapPool;
  const customers = [...simulateCustomers({ rows: BATCHES.reduce((a, b) => a + b, 0), seed: 11 })];

  beforeAll(async () => {
    pool = createShapPool({ size: 2 });
    const train = [...simulateCustomers({ rows: 4000, seed: 12 })];
    await saveModel(
      join(tmp, "recipe"),
      trainCustomerModel(train, { name: "recipe", dataSha256: null, seed: 1 }),
    );
    models.push({ name: "default recipe", model: await openChurnModel(join(tmp, "recipe")) });
    if (XGB_FIXTURE_PRESENT) {
      await importFixtureModel(join(XGB_FIXTURE, "model.json"), join(tmp, "xgboost"));
      models.push({ name: "XGBoost 1.7.4 Telco", model: await openChurnModel(join(tmp, "xgboost")) });
    }
  }, 120_000);
  afterAll(async () => {
    await pool?.close();
    for (const { model } of models) await model.release();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("writes a snapshot byte-identical to the two-pass path's (default recipe and XGBoost models)", async () => {
    expect(models.length).toBeGreaterThanOrEqual(1);
    for (const { name, model } of models) {
      const before = await writeSnapshot(join(tmp, `${name}-two-pass`), model, customers, (b, first) =>
        twoPassScoreCustomers(model, b, first),
      );
      const after = await writeSnapshot(join(tmp, `${name}-one-pass`), model, customers, (b, first) =>
        scoreCustomers(model, b, { firstRow: first, pool }),
      );
      expect([...after.keys()], name).toEqual([...before.keys()]);
      for (const [file, bytes] of before) {
        expect(after.get(file)!.equals(bytes), `${name}: ${file}`).toBe(true);
      }
    }
  }, 120_000);

  it('takes onnxruntime\'s probabilities bit for bit, and the same from `probabilities: "onnx"`', async () => {
    for (const { model } of models) {
      const batch = customers.slice(0, 3000);
      const one = await scoreCustomers(model, batch, { pool });
      const onnx = await scoreCustomers(model, batch, { pool, probabilities: "onnx" });
      const direct = (await model.scoreOnnx(encodeCustomers(customerEncoder(model), batch, batch.length)))
        .probability;
      expect(Array.from(one.probability)).toEqual(Array.from(direct));
      expect(Array.from(onnx.probability)).toEqual(Array.from(direct));
    }
  }, 60_000);

  it("fails loudly when onnxruntime disagrees with the trees beyond the tolerance", async () => {
    const { model } = models[0];
    // A model whose onnxruntime session scores other trees than its ensemble: every p shifts.
    const shifted: ChurnModel = {
      ...model,
      scoreOnnx: async (matrix) => {
        const { raw } = await model.scoreOnnx(matrix);
        const moved = raw.map((p) => Math.min(1, p + 1e-3));
        return { raw: moved, probability: model.calibrate(moved) };
      },
    };
    await expect(scoreCustomers(shifted, customers.slice(0, 2500), { pool })).rejects.toThrow(
      /^probability cross-check failed: input row 0 has p = [0-9.e-]+ from onnxruntime but [0-9.e-]+ from the trees of model recipe$/,
    );
  });

  it("asks onnxruntime only for the sample and the rows whose float32 logistic is too close to call", async () => {
    const xgb = models.find((m) => m.name === "XGBoost 1.7.4 Telco");
    if (xgb === undefined) return;
    const { model } = xgb;
    // Simulated customer 61 505 of seed 31 has a score whose float32 logistic cannot be decided here.
    const batch = [...simulateCustomers({ rows: 62_000, seed: 31 })].slice(61_000);
    const asked: number[] = [];
    const counting: ChurnModel = {
      ...model,
      scoreOnnx: async (matrix) => {
        asked.push(matrix.nRows);
        return model.scoreOnnx(matrix);
      },
    };
    const got = await scoreCustomers(counting, batch, { pool });
    expect(asked).toEqual([65]);
    const direct = (await model.scoreOnnx(encodeCustomers(customerEncoder(model), batch, batch.length)))
      .probability;
    expect(Array.from(got.probability)).toEqual(Array.from(direct));
  }, 60_000);

  it("falls back to onnxruntime for every row when the sample differs only in the last bits", async () => {
    const { model } = models[0];
    let fullRuns = 0;
    const lastBits: ChurnModel = {
      ...model,
      scoreOnnx: async (matrix) => {
        const { raw } = await model.scoreOnnx(matrix);
        if (matrix.nRows > 64) {
          fullRuns++;
          return { raw, probability: model.calibrate(raw) };
        }
        // A float32 ulp or two off, on the sample only.
        const moved = raw.map((p) => Math.fround(p * (1 + 2 ** -23)));
        return { raw: moved, probability: model.calibrate(moved) };
      },
    };
    const batch = customers.slice(0, 2500);
    const got = await scoreCustomers(lastBits, batch, { pool });
    expect(fullRuns).toBe(1);
    const direct = (await model.scoreOnnx(encodeCustomers(customerEncoder(model), batch, batch.length)))
      .probability;
    expect(Array.from(got.probability)).toEqual(Array.from(direct));
    // Later batches of that model go straight to onnxruntime.
    await scoreCustomers(lastBits, batch, { pool });
    expect(fullRuns).toBe(2);
  });
});
