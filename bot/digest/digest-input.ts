import type { DigestInput, DigestSnapshot } from "../../core/src/digest/index.ts";
import type { ExperimentConfig, Exposure } from "../../core/src/experiments/index.ts";
import type { DigestSchedule } from "./digest-config.ts";
import type { CurrentSnapshot } from "./digest-sources.ts";
import type { DeliveredRecord } from "./ledger.ts";

/**
 * What `buildDigestReport` needs for one schedule, slot and destination: the newest snapshot with
 * its reference data, and what the destination received last (its baseline and, when it can still
 * be opened, that snapshot). The experiment is the schedule's, else the one the data set's contract
 * declares (by key), else the first configured; the report mentions one only when the contract
 * declares an experiment.
 *
 * @example
 * const report = buildDigestReport(digestInputFor({ schedule, slot, current, baseline, previous, experiments }));
 */
export function digestInputFor(input: {
  schedule: DigestSchedule;
  slot: string;
  current: CurrentSnapshot;
  baseline?: DeliveredRecord;
  previous?: DigestSnapshot;
  experiments: ExperimentConfig;
  publicUrl?: string;
  /** Customers snoozed now (write-back): left out of the call-first list. */
  snoozed?: ReadonlySet<string>;
  /** Recorded nudge exposures of the experiment: the experiment line compares exposed customers. */
  exposures?: readonly Exposure[];
}): DigestInput {
  const { schedule, current, baseline } = input;
  const declared = input.experiments.experiments;
  return {
    schedule: schedule.name,
    slot: input.slot,
    current: current.snapshot,
    baseline: baseline && { snapshotId: baseline.snapshotId, slot: baseline.slot, bands: baseline.bands },
    previous: input.previous,
    reference: current.reference,
    referenceNote: current.referenceNote,
    experiment: schedule.experiment
      ? declared.find((e) => e.key === schedule.experiment)
      : (declared.find((e) => e.key === current.snapshot.dataset.experiment?.key) ?? declared[0]),
    labels: current.labels,
    topN: schedule.topN,
    notebookBaseUrl: schedule.notebookBaseUrl ?? input.publicUrl,
    ...(input.snoozed && { snoozed: input.snoozed }),
    ...(input.exposures?.length && { exposures: input.exposures }),
  };
}
