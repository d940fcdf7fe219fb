// A fixed model and snapshot for report tests: the real XGBoost 1.7.4 Telco model
// (../shared/fixtures/xgboost-telco) imported as ONNX, three hand-written customers scored into a
// snapshot with a fixed ID and clock. Nothing here depends on the simulator or on our training.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Customer } from "../../src/data/schema.ts";
import { openChurnModel, scoreCustomers, type ChurnModel } from "../../src/score/index.ts";
import { createSnapshotWriter, loadSnapshot, type Snapshot } from "../../src/snapshot/index.ts";
import { customer } from "../fixtures/customer.ts";
import { XGB_FIXTURE } from "../fixtures/paths.ts";
import { importFixtureModel } from "../fixtures/import-fixture-model.ts";

export const SNAPSHOT_ID = "2026-11-21T09-00-00Z-golden01";
export const SCORED_AT = new Date("2026-11-21T09:00:00Z");
export const GENERATED_AT = new Date("2026-11-21T09:30:00Z");

export const CUSTOMERS: Customer[] = [
  customer(), // 7590-VHVEG: month-to-month, electronic check, 1 month, variant B
  customer({
    customerID: "5575-GNVDE",
    gender: "Male",
    Partner: "No",
    tenure: 34,
    PhoneService: "Yes",
    MultipleLines: "No",
    OnlineSecurity: "Yes",
    OnlineBackup: "No",
    DeviceProtection: "Yes",
    Contract: "One year",
    PaperlessBilling: "No",
    PaymentMethod: "Mailed check",
    MonthlyCharges: 56.95,
    TotalCharges: 1889.5,
    persona: "Writer",
    planTier: "Premium",
    sessionsPerMonth: 30,
    paymentDelayDays: 0,
    supportCalls90d: 0,
    engagementScore: 78.2,
    engagementLevel: "High",
    lifecycleStage: "mature",
    variant: "A",
  }),
  customer({
    customerID: "9305-CDSKC",
    gender: "Female",
    tenure: 8,
    PhoneService: "Yes",
    MultipleLines: "Yes",
    InternetService: "Fiber optic",
    OnlineBackup: "No",
    DeviceProtection: "Yes",
    StreamingTV: "Yes",
    StreamingMovies: "Yes",
    MonthlyCharges: 99.65,
    TotalCharges: 820.5,
    persona: "Marketer",
    planTier: "Premium",
    sessionsPerMonth: 3,
    paymentDelayDays: 14,
    supportCalls90d: 5,
    engagementScore: 22,
    engagementLevel: "Low",
    lifecycleStage: "dormant",
    variant: "B",
  }),
];

export interface InsightFixture {
  dir: string;
  model: ChurnModel;
  snapshot: Snapshot;
  close(): Promise<void>;
}

export async function insightFixture(): Promise<InsightFixture> {
  const dir = await mkdtemp(join(tmpdir(), "et-report-"));
  const modelDir = join(dir, "models/xgb-telco");
  await importFixtureModel(join(XGB_FIXTURE, "model.json"), modelDir);
  const model = await openChurnModel(modelDir);
  const writer = await createSnapshotWriter({
    dir: join(dir, "snapshots"),
    id: SNAPSHOT_ID,
    model: { name: model.card.name, hash: model.hash },
    dataHash: "0".repeat(64),
    clock: () => SCORED_AT,
  });
  await writer.append(await scoreCustomers(model, CUSTOMERS));
  await writer.finish();
  const snapshot = await loadSnapshot(join(dir, "snapshots", SNAPSHOT_ID));
  return {
    dir,
    model,
    snapshot,
    async close() {
      await model.release();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
