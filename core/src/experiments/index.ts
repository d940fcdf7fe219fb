// The public face of core/experiments: configuration, the analysis behind ExperimentReport, and
// the statistics it is built from.
export type { Interval } from "./interval.ts";
export { criticalValue } from "./critical-value.ts";
export { wilsonInterval } from "./wilson-interval.ts";
export { newcombeInterval, type Proportion } from "./newcombe-interval.ts";
export { twoProportionZTest, type ZTestResult } from "./two-proportion-z-test.ts";
export { probBBeatsA } from "./prob-b-beats-a.ts";
export { sampleSummary, type SampleSummary } from "./sample-summary.ts";
export { welchTTest, type WelchResult } from "./welch-t-test.ts";
export { srmCheck, SRM_THRESHOLD, type SrmCheck } from "./srm-check.ts";
export { twoProportionPower, type PowerInput } from "./power.ts";
export { minimumDetectableEffect, type MdeInput } from "./minimum-detectable-effect.ts";
export { requiredSampleSize, type SampleSize, type SampleSizeInput } from "./required-sample-size.ts";
export { holm } from "./holm.ts";
export {
  DEFAULT_ENGAGEMENT_COLUMN,
  DEFAULT_EXPERIMENT_CONFIG,
  enrichOptionsFor,
  experimentConfigSchema,
  experimentSchema,
  experimentWeights,
  findExperiment,
  parseExperimentConfig,
  SECONDARY_METRICS,
  type Experiment,
  type ExperimentConfig,
} from "./experiment-config.ts";
export {
  DEFAULT_EXPERIMENTS_FILE,
  readExperimentConfig,
  type ReadConfigOptions,
} from "./read-experiment-config.ts";
export { EXPERIMENT_COLUMNS, experimentTable } from "./experiment-table.ts";
export {
  experimentColumns,
  LEGACY_EXPERIMENT_COLUMNS,
  treatmentArm,
  type ExperimentColumns,
} from "./experiment-columns.ts";
export { declaredExperiment, type DeclaredExperiment } from "./declared-experiment.ts";
export { ExperimentError, isOutcomesUnknown, type ExperimentErrorCode } from "./experiment-error.ts";
export { variantStats, type ArmStats, type VariantStats, type VariantStatsOptions } from "./variant-stats.ts";
export { analyzeDeclaredExperiment, analyzeExperiment, type AnalyzeOptions } from "./analyze-experiment.ts";
export type {
  ChurnComparison,
  EngagementComparison,
  EngagementStatus,
  ExperimentAssignment,
  ExperimentReport,
  PowerSummary,
  VariantResult,
} from "./experiment-report.ts";
export { armWords, verdict } from "./verdict.ts";
export { coverageStudy, type CoverageStudy, type CoverageStudyOptions } from "./coverage-study.ts";
export {
  exposureCoverageStudy,
  type ExposureCoverageOptions,
  type ExposureCoverageStudy,
  type ServedNudge,
} from "./exposure-coverage-study.ts";
export {
  analyzeExposedExperiment,
  ASSIGNED_POPULATION_WORDS,
  EXPOSED_ARM_COLUMN,
  EXPOSED_POPULATION_WORDS,
  exposedPopulationTable,
  populationWords,
  type Exposure,
  type ExposurePopulation,
} from "./exposed-population.ts";
