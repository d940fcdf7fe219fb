// The digest area's public face: the DigestReport (plain data), its pure builder and parts, the
// population stability index, reference profiles of a model's training data, and cron slots.
export type {
  DigestReport,
  DigestPrevious,
  BandLine,
  NewHighRisk,
  AtRiskCustomer,
  DigestMover,
  DriverShift,
  Drift,
  ModelHealth,
  DigestLink,
  DigestDataset,
  SegmentBreakdown,
} from "./digest-report.ts";
export {
  buildDigestReport,
  DIGEST_PAGES,
  DIGEST_SEGMENTS_MAX,
  type DigestInput,
  type DigestSnapshot,
  type DigestBaseline,
} from "./build-digest-report.ts";
export {
  digestChanges,
  type DigestChanges,
  type NewHighRiskRow,
  type ChangeColumns,
} from "./digest-changes.ts";
export { driverShifts, periodImportance } from "./driver-shifts.ts";
export { columnValues } from "./column-values.ts";
export { modelHealth } from "./model-health.ts";
export { populationStability, PSI_FLAG, PSI_EMPTY_SHARE } from "./population-stability.ts";
export {
  referenceProfile,
  referenceProfileSchema,
  profileColumns,
  binCounts,
  referenceCounts,
  REFERENCE_BINS,
  DISCRETE_MAX,
  type ReferenceProfile,
  type ColumnBins,
  type NumericBins,
  type CategoryBins,
  type ProfileColumn,
  type ProfileInput,
} from "./reference-profile.ts";
export { trainingReference } from "./training-reference.ts";
export { readReferenceProfile, writeReferenceProfile, REFERENCE_FILE } from "./reference-file.ts";
export { cronSchedule, slotIso, type CronSchedule } from "./cron-schedule.ts";
