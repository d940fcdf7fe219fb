export type { ScoredBatch, CustomerRecord, Driver, RiskBand } from "./scored-batch.ts";
export type { Manifest } from "./manifest.ts";
export { manifestSchema } from "./manifest.ts";
export { snapshotId, type Clock } from "./snapshot-id.ts";
export {
  SNAPSHOT_SCHEMA_VERSION,
  CUSTOMER_COLUMNS,
  LEGACY_CUSTOMER_COLUMNS,
  STATUS_COLUMN,
  shapColumn,
  type ColumnSpec,
  type SnapshotColumn,
} from "./snapshot-columns.ts";
export { snapshotColumnsFromContract } from "./snapshot-columns-from-contract.ts";
export {
  customerLayoutFromContract,
  LEGACY_CUSTOMER_LAYOUT,
  type CustomerLayout,
  type SnapshotContract,
} from "./customer-layout.ts";
export { statusFromChurn } from "./status-from-churn.ts";
export {
  createSnapshotWriter,
  CUSTOMERS_FILE,
  MANIFEST_FILE,
  SnapshotExistsError,
  type SnapshotWriter,
  type SnapshotWriterOptions,
} from "./snapshot-writer.ts";
export { shardOf } from "./shard-of.ts";
export { DEFAULT_STALE_TEMP_MS, SNAPSHOT_TEMP_PREFIX, type StaleTemp } from "./remove-stale-temps.ts";
export {
  createPartWriter,
  partName,
  type PartInfo,
  type PartWriter,
  type PartWriterOptions,
} from "./part-writer.ts";
export { checkParts } from "./check-parts.ts";
export { commitSnapshot, type CommitOptions } from "./commit-snapshot.ts";
export { readScoredBatches } from "./read-scored-batches.ts";
export {
  openSnapshotStore,
  type SnapshotStore,
  type StoreOptions,
  type SnapshotScan,
  type SkippedSnapshot,
} from "./snapshot-store.ts";
export {
  loadSnapshot,
  subsetSnapshot,
  type Snapshot,
  type ScoredCustomer,
  type LoadOptions,
} from "./snapshot.ts";
export { segmentRisk, SEGMENT_COLUMNS, type SegmentRisk, type SegmentOptions } from "./segment-risk.ts";
export { bandCounts } from "./band-counts.ts";
export {
  actionableCustomers,
  revenueAtRiskOf,
  revenueAtRiskTerm,
  riskSummary,
  topToAct,
  type RevenueSource,
  type RiskSummary,
} from "./risk-summary.ts";
export { historicalChurnRate, type HistoricalChurnRate } from "./historical-churn-rate.ts";
export { predictedChurnRate, type PredictedChurnRate } from "./predicted-churn-rate.ts";
export {
  compareSnapshots,
  type SnapshotComparison,
  type CompareOptions,
  type Mover,
  type NewHighRisk,
} from "./compare-snapshots.ts";
export {
  snapshotChanges,
  type ChangedCustomer,
  type ChangeList,
  type SnapshotChanges,
} from "./snapshot-changes.ts";
export { lineageKey, sameLineage } from "./lineage.ts";
export { sourceImportance, type SourceImportance } from "./source-importance.ts";
