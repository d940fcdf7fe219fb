/**
 * EngageTrack core: the public API that bot/ and notebooks/ use, listed by hand. Each area's own
 * `index.ts` (reachable as a subpath export, e.g. `engagetrack/experiments`) has the lower-level
 * pieces; this file names the objects that flow (Customer → FeatureMatrix → ChurnModel →
 * Explanation → CustomerInsight → Snapshot → reports) and the functions that make them.
 */

// Customers: schema, loading and validation, simulation, output safety.
export type {
  Customer,
  TelcoRecord,
  Enrichment,
  Variant,
  Contract,
  Persona,
  PlanTier,
} from "./data/schema.ts";
export { TELCO_COLUMNS, ENRICHMENT_COLUMNS, REQUIRED_COLUMNS } from "./data/schema.ts";
export { loadCustomers, type LoadResult } from "./data/load-customers.ts";
export { readCustomerRows, type CustomerRowEvent } from "./data/read-customer-rows.ts";
export { DataFileError } from "./data/data-file-error.ts";
export type { RejectedRow, RowError } from "./data/row-error.ts";
export { writeQuarantine, quarantinePathFor } from "./data/write-quarantine.ts";
export { enrichCustomer } from "./data/enrichment.ts";
export { assignVariant } from "./data/variant.ts";
export { simulateCustomers } from "./data/simulator.ts";
export { writeSimulatedCsv } from "./data/write-simulated-csv.ts";
export { VARIANT_B_EFFECT, trueVariantEffect } from "./data/simulator-truth.ts";
export { csvSafe } from "./data/csv-safe.ts";
// The dataset contract: any team's customer table, from CSV, Parquet or PostgreSQL.
export {
  datasetContractSchema,
  featureDisplayLabel,
  isSimulatedColumn,
  type ContractAction,
  type ContractFeature,
  type DatasetContract,
} from "./data/dataset-contract.ts";
export { ContractError } from "./data/contract-error.ts";
export {
  parseDatasetContract,
  parseDatasetContractText,
  readDatasetContract,
} from "./data/read-dataset-contract.ts";
export { PRESET_NAMES, presetContract, presetForHeader } from "./data/dataset-presets.ts";
export { readContractRows, type ContractRow, type CustomerStatus } from "./data/read-contract-rows.ts";
export { readParquetRecords } from "./data/read-parquet-records.ts";
export { readPostgresRecords, redactPostgresUrl } from "./data/read-postgres-records.ts";
export { draftContract } from "./data/draft-contract.ts";
export { encoderSpecFromContract } from "./features/contract-encoder-spec.ts";
export { displaySafe } from "./data/display-safe.ts";

// Features: one encoder for training, scoring and explanation.
export type { FeatureMatrix } from "./features/feature-matrix.ts";
export type { EncoderSpec, FeatureInfo } from "./features/encoder-spec.ts";
export { defaultEncoderSpec, featureInfo, featureNames } from "./features/encoder-spec.ts";
export { encodeCustomers } from "./features/encode-customers.ts";

// Model: training (XGBoost's algorithm), calibration, ONNX files, XGBoost import.
export type { Tree, TreeEnsemble } from "./model/tree.ts";
export { trainCustomerModel, churnLabels } from "./model/train-customer-model.ts";
export { trainChurnModel, type ChurnRecipe, type ChurnModelFit } from "./model/train-churn-model.ts";
export { crossValidate, type CrossValidation } from "./model/cross-validate.ts";
export { DEFAULT_BOOSTER_PARAMS, type BoosterParams } from "./model/params.ts";
export { saveModel, loadModel, ModelFileError } from "./model/model-files.ts";
export type { ModelCard } from "./model/model-card.ts";
export { importXgboostModel } from "./model/xgboost-import.ts";
export { riskBand, DEFAULT_RISK_BANDS } from "./model/risk-bands.ts";

// Scoring and explanation: the served model, exact TreeSHAP, words and what-if actions.
export { openChurnModel, type ChurnModel } from "./score/churn-model.ts";
export { scoreCustomers } from "./score/score-customers.ts";
export { explainCustomer, type Explanation } from "./score/explain-customer.ts";
export { treeShap, type TreeShapResult } from "./explain/tree-shap.ts";
export { createShapPool } from "./explain/shap-pool.ts";
export { whatIf, feasibleChanges, type WhatIf } from "./explain/what-if.ts";
export { whySentence } from "./explain/why-sentence.ts";
export { describeContractValue, contractDriverLabel } from "./explain/describe-contract-value.ts";
export { contractFeasibleChanges, contractWhatIf } from "./explain/contract-what-if.ts";
export { valueWords, type ValueWords } from "./explain/value-words.ts";
export { dependence, type Dependence } from "./explain/dependence.ts";

// Snapshots: versioned, immutable sets of scored customers; the reader the bot and notebooks use.
export type { ScoredBatch, Driver, RiskBand } from "./snapshot/scored-batch.ts";
export type { Manifest } from "./snapshot/manifest.ts";
export { createSnapshotWriter } from "./snapshot/snapshot-writer.ts";
export { createPartWriter } from "./snapshot/part-writer.ts";
export { commitSnapshot } from "./snapshot/commit-snapshot.ts";
export { shardOf } from "./snapshot/shard-of.ts";
export { openSnapshotStore, type SnapshotStore } from "./snapshot/snapshot-store.ts";
export { loadSnapshot, type Snapshot, type ScoredCustomer } from "./snapshot/snapshot.ts";
export type { SegmentRisk } from "./snapshot/segment-risk.ts";
export { actionableCustomers, riskSummary, type RiskSummary } from "./snapshot/risk-summary.ts";
export { historicalChurnRate, type HistoricalChurnRate } from "./snapshot/historical-churn-rate.ts";
export { predictedChurnRate, type PredictedChurnRate } from "./snapshot/predicted-churn-rate.ts";
export type { SnapshotComparison } from "./snapshot/compare-snapshots.ts";

// Nudges and the per-customer insight every surface renders.
export type { Nudge, NudgeEngine } from "./nudges/nudge.ts";
export { createRuleNudgeEngine } from "./nudges/rule-nudge-engine.ts";
export { createNudgeTriggers, type NudgeTriggers } from "./nudges/nudge-trigger.ts";
export { buildCustomerInsight, type CustomerInsight } from "./report/customer-insight.ts";
export { renderInsightText } from "./report/render-insight-text.ts";
export { renderInsightJson } from "./report/render-insight-json.ts";
export { buildContractInsight, type ContractInsight } from "./report/contract-insight.ts";
export { renderContractInsightText } from "./report/render-contract-insight-text.ts";

// Experiments.
export { analyzeExperiment } from "./experiments/analyze-experiment.ts";
export type { ExperimentReport } from "./experiments/experiment-report.ts";
export { verdict } from "./experiments/verdict.ts";
export { readExperimentConfig } from "./experiments/read-experiment-config.ts";

// Scheduled digests: the report (plain data, rendered at the edges), drift and cron slots.
export type { DigestReport } from "./digest/digest-report.ts";
export { buildDigestReport, type DigestInput } from "./digest/build-digest-report.ts";
export { populationStability, PSI_FLAG } from "./digest/population-stability.ts";
export { trainingReference } from "./digest/training-reference.ts";
export { readReferenceProfile, writeReferenceProfile } from "./digest/reference-file.ts";
export type { ReferenceProfile } from "./digest/reference-profile.ts";
export { cronSchedule, type CronSchedule } from "./digest/cron-schedule.ts";

// Usage and audit logging.
export { createLogger } from "./log/create-logger.ts";
export { openUsageLog, type UsageLog } from "./log/open-usage-log.ts";
export { recordAudit } from "./log/record-audit.ts";
export type { AuditEvent } from "./log/audit-event.ts";

// The state server replicas share: PostgreSQL (DATABASE_URL) or the embedded PGlite.
export {
  openStore,
  storeCooldowns,
  StoreError,
  DEFAULT_STORE_DIR,
  type Store,
  type StoreOptions,
  type SqlClient,
  type SqlExecutor,
  type RateDecision,
} from "./store/index.ts";

// Settings shared by every process that shows insights and nudges (CLI, server): LLM, nudges, usage log.
export {
  insightConfigFrom,
  readEnvSettings,
  SettingsError,
  type InsightConfig,
  type EnvSettings,
} from "./settings/index.ts";
