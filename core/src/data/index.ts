// The public face of core/data: the customer schema, loading and validation, output safety.
export * from "./schema.ts";
export { DataFileError, type DataFileErrorCode } from "./data-file-error.ts";
export { rowErrorMessage, type RejectedRow, type RowError } from "./row-error.ts";
export { readCsvRecords, type CsvReadOptions, type CsvRecord } from "./read-csv-records.ts";
export { readParquetRecords, type ParquetReadOptions } from "./read-parquet-records.ts";
export {
  readPostgresRecords,
  isPostgresUrl,
  redactPostgresUrl,
  postgresSecretScrubber,
  type PostgresReadOptions,
} from "./read-postgres-records.ts";
export {
  readCustomerRows,
  type CustomerRowEvent,
  type CustomerRowOptions,
  type EnrichFn,
} from "./read-customer-rows.ts";
export { loadCustomers, type LoadOptions, type LoadProgress, type LoadResult } from "./load-customers.ts";
export { quarantinePathFor, writeQuarantine } from "./write-quarantine.ts";
export { csvSafe } from "./csv-safe.ts";
export { displaySafe, type DisplaySafeOptions } from "./display-safe.ts";
// The dataset contract: any team's customer table.
export * from "./dataset-contract.ts";
export { ContractError, type ContractErrorCode } from "./contract-error.ts";
export { parseDatasetContract, parseDatasetContractText, readDatasetContract } from "./read-dataset-contract.ts";
export {
  PRESET_NAMES,
  isPresetName,
  presetContract,
  presetForHeader,
  presetPath,
  requiredColumns,
  type PresetName,
} from "./dataset-presets.ts";
export { featureCellParser, idCellParser, isoDays, daysToIso, type CellValue } from "./contract-cells.ts";
export {
  CUSTOMER_STATUSES,
  readContractRows,
  type ContractRow,
  type ContractRowEvent,
  type ContractRowOptions,
  type CustomerStatus,
} from "./read-contract-rows.ts";
// Enrichment and the simulator.
export { enrichCustomer, type EnrichOptions, type EnrichmentSource } from "./enrichment.ts";
export { assignVariant, DEFAULT_EXPERIMENT_KEY, EVEN_SPLIT, type VariantWeights } from "./variant.ts";
export {
  FREE_MAX_MONTHLY_CHARGES,
  PREMIUM_MIN_ADD_ONS,
  PREMIUM_MIN_MONTHLY_CHARGES,
  planTier,
} from "./plan-tier.ts";
export { engagementScore, type Behaviour } from "./engagement-score.ts";
export {
  engagementLevel,
  HIGH_ENGAGEMENT_FROM,
  MEDIUM_ENGAGEMENT_FROM,
  type EngagementLevel,
} from "./engagement-level.ts";
export {
  DORMANT_BELOW_SESSIONS,
  GROWING_MAX_TENURE,
  lifecycleStage,
  ONBOARDING_MAX_TENURE,
  type LifecycleStage,
} from "./lifecycle-stage.ts";
export { addOnCount, serviceCount } from "./service-count.ts";
export { stableHash32, mixHash32 } from "./stable-hash.ts";
export { seededRandom, type RandomSource } from "./seeded-random.ts";
export { createReservoir, type Reservoir } from "./reservoir-sample.ts";
export { MAX_SIMULATED_ROWS, simulatedCustomerId } from "./simulated-customer-id.ts";
export { SIMULATED_OWNER_COLUMN, SIMULATED_OWNERS, simulatedOwner } from "./simulated-owner.ts";
export { DEFAULT_SIMULATION_SEED, simulateCustomers, type SimulateOptions } from "./simulator.ts";
export {
  TRUE_CHURN_COEFFICIENTS,
  trueChurnLogit,
  trueChurnProbability,
  trueVariantEffect,
  VARIANT_B_EFFECT,
  type TrueVariantEffect,
  type TruthSource,
} from "./simulator-truth.ts";
export {
  SIMULATED_COLUMNS,
  writeSimulatedCsv,
  type SimulatedFileSummary,
  type WriteSimulatedOptions,
} from "./write-simulated-csv.ts";
export {
  DEFAULT_SAMPLE_ROWS,
  DraftContractError,
  type DraftErrorCode,
  draftContract,
  type ContractDraft,
  type DraftNote,
  type DraftOptions,
} from "./draft-contract.ts";
