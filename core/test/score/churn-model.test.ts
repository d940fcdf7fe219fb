// A served model's batch scoring: computed from the trees (flat evaluator) for batches, through
// onnxruntime for single customers, and the same bytes as onnxruntime's either way — for the
// default recipe (calibrated stumps) and XGBoost 1.7.4's Telco model (100 trees of depth 4).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateCustomers } from "../../src/data/simulator.ts";
import { encodeCustomers } from "../../src/features/encode-customers.ts";
import { saveModel } from "../../src/model/model-files.ts";
import { trainCustomerModel } from "../../src/model/train-customer-model.ts";
import { openChurnModel, type ChurnModel } from "../../src/score/index.ts";
import { importFixtureModel } from "../fixtures/import-fixture-model.ts";
import { XGB_FIXTURE, XGB_FIXTURE_PRESENT } from "../fixtures/paths.ts";

const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe("ChurnModel.score", () => {
  const tmp = mkdtempSync(join(tmpdir(), "et-churn-model-"));
  const models: { name: string; model: ChurnModel }[] = [];
  const customers = [...simulateCustomers({ rows: 70_000, seed: 31 })];

  beforeAll(async () => {
    const train = [...simulateCustomers({ rows: 3000, seed: 32 })];
    await saveModel(
      join(tmp, "recipe"),
      trainCustomerModel(train, { name: "recipe", dataSha256: null, seed: 2 }),
    );
    models.push({ name: "default recipe", model: await openChurnModel(join(tmp, "recipe")) });
    if (XGB_FIXTURE_PRESENT) {
      await importFixtureModel(join(XGB_FIXTURE, "model.json"), join(tmp, "xgboost"));
      models.push({ name: "XGBoost 1.7.4 Telco", model: await openChurnModel(join(tmp, "xgboost")) });
    }
  }, 120_000);
  afterAll(async () => {
    for (const { model } of models) await model.release();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("scores batches from the trees, byte-identical to onnxruntime (two runs of 65 536 and 4 464 rows)", async () => {
    expect(models.length).toBeGreaterThanOrEqual(1);
    for (const { name, model } of models) {
      if (model.encoder.kind !== "customer") throw new Error(`${name} reads named columns`);
      const matrix = encodeCustomers(model.encoder, customers, customers.length);
      const got = await model.score(matrix);
      const want = await model.scoreOnnx(matrix);
      expect(got.source, name).toBe("trees");
      expect(bytes(got.raw).equals(bytes(want.raw)), name).toBe(true);
      expect(bytes(got.probability).equals(bytes(want.probability)), name).toBe(true);
    }
  }, 120_000);

  it("scores a single customer through onnxruntime", async () => {
    for (const { model } of models) {
      if (model.encoder.kind !== "customer") continue;
      const matrix = encodeCustomers(model.encoder, customers.slice(0, 1), 1);
      const got = await model.score(matrix);
      expect(got.source).toBe("onnx");
      expect(Array.from(got.probability)).toEqual(Array.from((await model.scoreOnnx(matrix)).probability));
    }
  });
});
