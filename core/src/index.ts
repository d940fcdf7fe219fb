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
} from "./data/index.ts";
export { TELCO_COLUMNS, ENRICHMENT_COLUMNS, REQUIRED_COLUMNS } from "./data/index.ts";
export { loadCustomers, type LoadResult } from "./data/index.ts";
export { readCustomerRows, type CustomerRowEvent } from "./data/index.ts";
export { DataFileError } from "./data/index.ts";
export type { RejectedRow, RowError } from "./data/index.ts";
export { writeQuarantine, quarantinePathFor } from "./data/index.ts";
export { enrichCustomer } from "./data/index.ts";
export { assignVariant } from "./data/index.ts";
export { simulateCustomers } from "./data/index.ts";
export { writeSimulatedCsv } from "./data/index.ts";
export { VARIANT_B_EFFECT, trueVariantEffect } from "./data/index.ts";
export { csvSafe } from "./data/index.ts";
// The dataset contract: any team's customer table, from CSV, Parquet or PostgreSQL.
export {
  datasetContractSchema,
  featureDisplayLabel,
  isSimulatedColumn,
  type ContractAction,
  type ContractFeature,
  type DatasetContract,
} from "./data/index.ts";
export { ContractError } from "./data/index.ts";
export { parseDatasetContract, parseDatasetContractText, readDatasetContract } from "./data/index.ts";
export { PRESET_NAMES, presetContract, presetForHeader } from "./data/index.ts";
export { readContractRows, type ContractRow, type CustomerStatus } from "./data/index.ts";
export { readParquetRecords } from "./data/index.ts";
export { readPostgresRecords, redactPostgresUrl } from "./data/index.ts";
export { draftContract } from "./data/index.ts";
export { encoderSpecFromContract } from "./features/index.ts";
export { displaySafe } from "./data/index.ts";

// Features: one encoder for training, scoring and explanation.
export type { FeatureMatrix } from "./features/index.ts";
export type { EncoderSpec, FeatureInfo } from "./features/index.ts";
export { defaultEncoderSpec, featureInfo, featureNames } from "./features/index.ts";
export { encodeCustomers } from "./features/index.ts";

// Model: training (XGBoost's algorithm), calibration, ONNX files, XGBoost import.
export type { Tree, TreeEnsemble } from "./model/index.ts";
export { trainCustomerModel, churnLabels } from "./model/index.ts";
export { trainChurnModel, type ChurnRecipe, type ChurnModelFit } from "./model/index.ts";
export { crossValidate, type CrossValidation } from "./model/index.ts";
export { DEFAULT_BOOSTER_PARAMS, type BoosterParams } from "./model/index.ts";
export { saveModel, loadModel, ModelFileError } from "./model/index.ts";
export type { ModelCard } from "./model/index.ts";
export { importXgboostModel } from "./model/index.ts";
export { riskBand, DEFAULT_RISK_BANDS } from "./model/index.ts";

// Scoring and explanation: the served model, exact TreeSHAP, words and what-if actions.
export { openChurnModel, type ChurnModel } from "./score/index.ts";
export { scoreCustomers } from "./score/index.ts";
export { explainCustomer, type Explanation } from "./score/index.ts";
export { treeShap, type TreeShapResult } from "./explain/index.ts";
export { createShapPool } from "./explain/index.ts";
export { whatIf, feasibleChanges, type WhatIf } from "./explain/index.ts";
export { whySentence } from "./explain/index.ts";
export { describeContractValue, contractDriverLabel } from "./explain/index.ts";
export { contractFeasibleChanges, contractWhatIf } from "./explain/index.ts";
export { valueWords, type ValueWords } from "./explain/index.ts";
export { dependence, type Dependence } from "./explain/index.ts";

// Snapshots: versioned, immutable sets of scored customers; the reader the bot and notebooks use.
export type { ScoredBatch, Driver, RiskBand } from "./snapshot/index.ts";
export type { Manifest } from "./snapshot/index.ts";
export { createSnapshotWriter } from "./snapshot/index.ts";
export { createPartWriter } from "./snapshot/index.ts";
export { commitSnapshot } from "./snapshot/index.ts";
export { shardOf } from "./snapshot/index.ts";
export { openSnapshotStore, type SnapshotStore } from "./snapshot/index.ts";
export { loadSnapshot, type Snapshot, type ScoredCustomer } from "./snapshot/index.ts";
export type { SegmentRisk } from "./snapshot/index.ts";
export { actionableCustomers, riskSummary, type RiskSummary } from "./snapshot/index.ts";
export { historicalChurnRate, type HistoricalChurnRate } from "./snapshot/index.ts";
export { predictedChurnRate, type PredictedChurnRate } from "./snapshot/index.ts";
export type { SnapshotComparison } from "./snapshot/index.ts";

// Nudges and the per-customer insight every surface renders.
export type { Nudge, NudgeEngine } from "./nudges/index.ts";
export { createRuleNudgeEngine } from "./nudges/index.ts";
export { createNudgeTriggers, type NudgeTriggers } from "./nudges/index.ts";
export { buildCustomerInsight, type CustomerInsight } from "./report/index.ts";
export { renderInsightText } from "./report/index.ts";
export { renderInsightJson } from "./report/index.ts";
export { buildContractInsight, type ContractInsight } from "./report/index.ts";
export { renderContractInsightText } from "./report/index.ts";

// Experiments.
export { analyzeExperiment } from "./experiments/index.ts";
export type { ExperimentReport } from "./experiments/index.ts";
export { verdict } from "./experiments/index.ts";
export { readExperimentConfig } from "./experiments/index.ts";

// Scheduled digests: the report (plain data, rendered at the edges), drift and cron slots.
export type { DigestReport } from "./digest/index.ts";
export { buildDigestReport, type DigestInput } from "./digest/index.ts";
export { populationStability, PSI_FLAG } from "./digest/index.ts";
export { trainingReference } from "./digest/index.ts";
export { readReferenceProfile, writeReferenceProfile } from "./digest/index.ts";
export type { ReferenceProfile } from "./digest/index.ts";
export { cronSchedule, type CronSchedule } from "./digest/index.ts";

// Usage and audit logging.
export { createLogger } from "./log/index.ts";
export { openUsageLog, type UsageLog } from "./log/index.ts";
export { recordAudit } from "./log/index.ts";
export type { AuditEvent } from "./log/index.ts";

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

// The coded base error every EngageTrack error extends.
export { CodedError, ERROR_CODE_SPELLING, isCodedError } from "./errors/index.ts";
