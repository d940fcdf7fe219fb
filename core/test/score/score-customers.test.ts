import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCustomers } from "../../src/data/index.ts";
import type { CustomerStatus } from "../../src/data/read-contract-rows.ts";
import type { Customer } from "../../src/data/schema.ts";
import { simulateCustomers } from "../../src/data/simulator.ts";
import { explainCustomer, openChurnModel, scoreCustomers, type ChurnModel } from "../../src/score/index.ts";
import {
  TELCO_CSV,
  TELCO_SKIP_REASON,
  XGB_FIXTURE,
  XGB_FIXTURE_PRESENT,
  XGB_SKIP_REASON,
} from "../fixtures/paths.ts";
import { importFixtureModel } from "../fixtures/import-fixture-model.ts";

// The XGBoost 1.7.4 fixture model uses the Telco layout of our encoder, so it scores customers
// directly: the whole serving path (encode → ONNX → calibrate → TreeSHAP → group) is checked
// against XGBoost's own numbers.
let dir: string;
let model: ChurnModel;

beforeAll(async () => {
  if (!XGB_FIXTURE_PRESENT) return;
  dir = mkdtempSync(join(tmpdir(), "et-score-"));
  await importFixtureModel(join(XGB_FIXTURE, "model.json"), dir);
});
beforeAll(async () => {
  if (!XGB_FIXTURE_PRESENT) return;
  model = await openChurnModel(dir);
});
afterAll(async () => {
  await model?.release();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!XGB_FIXTURE_PRESENT)(
  `scoreCustomers on the imported XGBoost model (skips when ${XGB_SKIP_REASON})`,
  () => {
    it("keeps local accuracy and agrees with ONNX on simulated customers", async () => {
      const customers = [...simulateCustomers({ rows: 500, seed: 7 })];
      const b = await scoreCustomers(model, customers);
      const ns = b.sources.length;
      const base = (await explainCustomer(model, customers[0])).baseValue;
      for (let i = 0; i < customers.length; i++) {
        let sum = base;
        for (let j = 0; j < ns; j++) sum += b.contributions[i * ns + j];
        expect(Math.abs(sum - b.margin[i])).toBeLessThan(1e-4); // float32 grouped values
        expect(b.probability[i]).toBeCloseTo(1 / (1 + Math.exp(-b.margin[i])), 6); // identity calibration
        expect(b.band[i]).toBe(model.band(b.probability[i]));
        expect(b.drivers[i].length).toBeLessThanOrEqual(5);
        const abs = b.drivers[i].map((d) => Math.abs(d.value));
        expect([...abs].sort((x, y) => y - x)).toEqual(abs);
      }
      expect(Array.from(b.inputRow.slice(0, 3))).toEqual([0, 1, 2]);
    });

    it.skipIf(!TELCO_CSV)(
      `reproduces XGBoost's probabilities and SHAP values for the fixture's customers (skips when ${TELCO_SKIP_REASON})`,
      async () => {
        const { customers } = await loadCustomers(TELCO_CSV!);
        const byId = new Map(customers.map((c) => [c.customerID, c]));
        const sample = parse(readFileSync(join(XGB_FIXTURE, "sample.csv")), { columns: true }) as Record<
          string,
          string
        >[];
        const picked: Customer[] = sample.map((r) => byId.get(r.customerID)!);
        expect(picked.every(Boolean)).toBe(true);
        const b = await scoreCustomers(model, picked);
        sample.forEach((r, i) => {
          expect(Math.abs(b.probability[i] - Number(r.xgb_prob))).toBeLessThan(1e-6);
          expect(Math.abs(b.margin[i] - Number(r.xgb_margin))).toBeLessThan(1e-5);
        });
        for (const i of [0, 1, 57, 309]) {
          const e = await explainCustomer(model, picked[i]);
          expect(Math.abs(e.baseValue - Number(sample[i].shap__BIAS))).toBeLessThan(1e-5);
          for (const [f, v] of Object.entries(e.contributions)) {
            expect(Math.abs(v - Number(sample[i][`shap__${f}`]))).toBeLessThan(1e-5);
          }
        }
      },
    );

    it("passes each customer's status through, by default derived from Churn", async () => {
      const customers = [...simulateCustomers({ rows: 30, seed: 5 })];
      customers[0] = { ...customers[0], Churn: "Yes" };
      customers[1] = { ...customers[1], Churn: "No" };
      delete customers[2].Churn;
      const derived = await scoreCustomers(model, customers);
      expect(derived.status.slice(0, 3)).toEqual(["churned", "retained", "current"]);
      expect(derived.status).toEqual(
        customers.map((c) => (c.Churn === "Yes" ? "churned" : c.Churn === "No" ? "retained" : "current")),
      );
      const given = customers.map((_, i): CustomerStatus => (i % 2 ? "current" : "retained"));
      const passed = await scoreCustomers(model, customers, { status: given });
      expect(passed.status).toEqual(given);
      expect(passed.probability).toEqual(derived.probability);
      await expect(scoreCustomers(model, customers, { status: given.slice(1) })).rejects.toThrow(
        "status has 29 entries for 30 customers",
      );
    });

    it("explains one customer in words with feasible what-ifs", async () => {
      const c = [...simulateCustomers({ rows: 200, seed: 3 })].find(
        (x) => x.Contract === "Month-to-month" && x.InternetService === "Fiber optic",
      )!;
      const e = await explainCustomer(model, c);
      expect(e.sentence).toMatch(/^(Low|Medium|High) risk \(\d+%\)/);
      expect(e.drivers.length).toBe(5);
      expect(e.whatIf.length).toBeGreaterThan(0);
      expect(e.whatIf[0].after).toBeLessThan(e.probability);
      expect(e.whatIf.every((w) => !(w.column === "Contract" && w.to === "Month-to-month"))).toBe(true);
    });
  },
);
