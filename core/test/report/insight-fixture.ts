// A fixed model and snapshot for report tests: the real XGBoost 1.7.4 Telco model
// (../shared/fixtures/xgboost-telco) imported as ONNX, three hand-written customers scored into a
// snapshot with a fixed ID and clock. Nothing here depends on the simulator or on our training.
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Customer } from "../../src/data/schema.ts";
import { openChurnModel, scoreCustomers, type ChurnModel } from "../../src/score/index.ts";
import { createSnapshotWriter, loadSnapshot, type Snapshot } from "../../src/snapshot/index.ts";
import { customer } from "../fixtures/customer.ts";
import { XGB_FIXTURE } from "../fixtures/paths.ts";
import { defaultEncoderSpec, featureInfo, featureNames, type EncoderSpec } from "../../src/features/index.ts";
import { importXgboostModel, saveModel } from "../../src/model/index.ts";

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

/**
 * The model files `engagetrack model import-xgboost <file> --out <dir>` writes with its defaults
 * (decision 0.5, bands 0.3,0.6), made with core's own importer: core's tests do not run the CLI.
 * cli/test/commands/model-import-xgboost.test.ts checks the command writes these same files.
 */
export async function importFixtureModel(file: string, dir: string): Promise<void> {
  const bytes = await readFile(file);
  const imported = importXgboostModel(JSON.parse(bytes.toString("utf8")), { source: file });
  const { ensemble } = imported;
  const encoder: EncoderSpec = [defaultEncoderSpec({ enrichment: false }), defaultEncoderSpec()].find(
    (spec) => featureNames(spec).join("\u0000") === ensemble.featureNames.join("\u0000"),
  ) ?? { kind: "columns", version: 1, columns: [...ensemble.featureNames] };
  const labels = new Map(featureInfo(encoder).map((f) => [f.name, f.label]));
  await saveModel(dir, {
    ensemble,
    card: {
      name: basename(dir),
      kind: "xgboost-import",
      features: ensemble.featureNames.map((name) => ({ name, label: labels.get(name) ?? name })),
      encoder: { ...encoder },
      parameters: {
        objective: "binary:logistic",
        base_score: imported.baseScore,
        num_trees: ensemble.trees.length,
      },
      calibration: { method: "identity" },
      thresholds: { decision: 0.5, bands: { medium: 0.3, high: 0.6 } },
      metrics: {},
      trainingData: { sha256: null, rows: null },
      seed: null,
      libraryVersion: `xgboost ${imported.xgboostVersion}`,
      source: { file: basename(file), sha256: createHash("sha256").update(bytes).digest("hex") },
    },
  });
}
