import { escape, table, type ColumnTable } from "arquero";
import { STATUS_COLUMN } from "../snapshot/snapshot-columns.ts";
import { analyzeExperiment, type AnalyzeOptions } from "./analyze-experiment.ts";
import { DEFAULT_ENGAGEMENT_COLUMN, type Experiment } from "./experiment-config.ts";
import { LEGACY_EXPERIMENT_COLUMNS, type ExperimentColumns } from "./experiment-columns.ts";
import { ExperimentError } from "./experiment-error.ts";
import type { ExperimentReport } from "./experiment-report.ts";

/** One customer's first exposure to a nudge of one arm (the store's `StoredExposure`, or a simulation's). */
export interface Exposure {
  customerId: string;
  /** The arm's value as the data holds it ("A", "discount"). */
  arm: string;
  /** Milliseconds since the epoch. */
  firstExposedAt: number;
  /** The snapshot the nudge was decided from. */
  snapshotId: string;
  /** The customer's status then: only a current customer's outcome can follow the nudge. */
  status: "current" | "churned" | "retained";
}

/**
 * Who an experiment analysed when nudge exposures were recorded: exposed customers, by the arm of
 * their first exposure (intention-to-treat), whose outcome this snapshot observed after that
 * exposure. Counts of the exposed customers left out, and why.
 */
export interface ExposurePopulation {
  kind: "exposed";
  /** Customers with any exposure to the experiment. */
  exposedCustomers: number;
  /** Of those, in the analysis table (labelled or still current: current ones count as unlabelled). */
  analysed: number;
  /** First exposed on this snapshot or after it was made: its outcome was not observed after exposure. */
  exposedOnOrAfterSnapshot: number;
  /** Already churned or retained when first exposed. */
  outcomeKnownAtExposure: number;
  /** Exposed, but not in this snapshot. */
  notInSnapshot: number;
  /** First exposed under an arm value the experiment does not declare. */
  unknownArm: number;
  /** Exposed under more than one arm (strategies reconfigured): counted in the first one. */
  crossedArms: number;
}

/** The words every surface uses for the analysis population. */
export const EXPOSED_POPULATION_WORDS = "exposed customers, by arm, from first exposure";
export const ASSIGNED_POPULATION_WORDS = "customers by assigned arm (no nudge exposures recorded)";

/**
 * The analysis population of a report in words: exposed customers by arm from first exposure, or
 * every customer by assigned arm where no exposure was recorded.
 *
 * @example
 * populationWords(report); // "exposed customers, by arm, from first exposure"
 */
export function populationWords(report: Pick<ExperimentReport, "population">): string {
  return report.population?.kind === "exposed" ? EXPOSED_POPULATION_WORDS : ASSIGNED_POPULATION_WORDS;
}

/** The column of the exposed arm in `exposedPopulationTable`'s table. */
export const EXPOSED_ARM_COLUMN = "exposed_arm";

/**
 * The snapshot's customers who make the exposed population, with the arm of their first exposure
 * in `exposed_arm` (and the id, status and, where present, engagement columns): a customer counts
 * when first exposed while current, before this snapshot was made and on another snapshot — so the
 * outcome the snapshot holds was observed after the exposure. `columns` are the declared
 * experiment's; the returned ones read the exposed arm.
 *
 * @example
 * const { table, columns, population } = exposedPopulationTable(snapshot.table, exposures, declared.columns,
 *   { id: snapshot.manifest.id, createdAt: snapshot.manifest.createdAt });
 */
export function exposedPopulationTable(
  data: ColumnTable,
  exposures: readonly Exposure[],
  columns: ExperimentColumns,
  snapshot: { id: string; createdAt: string },
  engagementColumn?: string,
): { table: ColumnTable; columns: ExperimentColumns; population: ExposurePopulation } {
  const madeAt = Date.parse(snapshot.createdAt);
  const first = new Map<string, Exposure>();
  const arms = new Map<string, Set<string>>();
  for (const e of exposures) {
    const seen = first.get(e.customerId);
    if (!seen || e.firstExposedAt < seen.firstExposedAt) first.set(e.customerId, e);
    let set = arms.get(e.customerId);
    if (!set) arms.set(e.customerId, (set = new Set()));
    set.add(e.arm);
  }
  const population: ExposurePopulation = {
    kind: "exposed",
    exposedCustomers: first.size,
    analysed: 0,
    exposedOnOrAfterSnapshot: 0,
    outcomeKnownAtExposure: 0,
    notInSnapshot: 0,
    unknownArm: 0,
    crossedArms: [...arms.values()].filter((s) => s.size > 1).length,
  };
  const ids = data.array(columns.id) as ArrayLike<unknown>;
  const status = data.array(STATUS_COLUMN) as ArrayLike<unknown>;
  const engagement =
    engagementColumn && data.columnNames().includes(engagementColumn)
      ? (data.array(engagementColumn) as ArrayLike<unknown>)
      : undefined;
  const declared = new Set(columns.arms);
  const out = {
    id: [] as string[],
    arm: [] as string[],
    status: [] as unknown[],
    engagement: [] as unknown[],
  };
  const inSnapshot = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    const id = String(ids[i]);
    const e = first.get(id);
    if (!e) continue;
    inSnapshot.add(id);
    if (e.snapshotId === snapshot.id || !(e.firstExposedAt < madeAt)) population.exposedOnOrAfterSnapshot++;
    else if (e.status !== "current") population.outcomeKnownAtExposure++;
    else if (!declared.has(e.arm)) population.unknownArm++;
    else {
      out.id.push(id);
      out.arm.push(e.arm);
      out.status.push(status[i]);
      if (engagement) out.engagement.push(engagement[i]);
    }
  }
  population.notInSnapshot = first.size - inSnapshot.size;
  population.analysed = out.id.length;
  const t = table({
    [columns.id]: out.id,
    [EXPOSED_ARM_COLUMN]: out.arm,
    [STATUS_COLUMN]: out.status,
    ...(engagement ? { [engagementColumn!]: out.engagement } : {}),
  });
  return { table: t, columns: { ...columns, arm: EXPOSED_ARM_COLUMN }, population };
}

/**
 * The experiment over the exposed population where exposures were recorded (`exposedPopulationTable`,
 * then the same `analyzeExperiment` as any table: the same intervals, tests and verdict), else over
 * the assigned arms of `data` as before. The report's `population` says which (`populationWords`).
 * Throws `ExperimentError` "outcomes-unknown" when exposures exist but no exposed customer's
 * outcome was observed after their first exposure yet.
 *
 * @example
 * const report = analyzeExposedExperiment(snapshot.table, declared.experiment, await readExposures(sql, key),
 *   { columns: declared.columns, snapshot: { id: snapshot.manifest.id, createdAt: snapshot.manifest.createdAt } });
 */
export function analyzeExposedExperiment(
  data: ColumnTable,
  experiment: Experiment,
  exposures: readonly Exposure[],
  options: AnalyzeOptions & { snapshot: { id: string; createdAt: string } },
): ExperimentReport {
  const { snapshot, ...analyze } = options;
  if (exposures.length === 0) return analyzeExperiment(data, experiment, analyze);
  const columns = analyze.columns ?? LEGACY_EXPERIMENT_COLUMNS;
  const engagementColumn = experiment.engagementColumn ?? DEFAULT_ENGAGEMENT_COLUMN;
  const exposed = exposedPopulationTable(data, exposures, columns, snapshot, engagementColumn);
  const labelled = exposed.table
    .filter(
      escape(
        (d: Record<string, unknown>) => d[STATUS_COLUMN] === "churned" || d[STATUS_COLUMN] === "retained",
      ),
    )
    .numRows();
  if (labelled === 0) {
    const p = exposed.population;
    throw new ExperimentError(
      "outcomes-unknown",
      `outcomes not known yet: no exposed customer of experiment ${experiment.key} has an outcome observed after their first exposure (${p.exposedCustomers.toLocaleString("en-US")} customers exposed; ${p.exposedOnOrAfterSnapshot.toLocaleString("en-US")} first exposed on or after snapshot ${snapshot.id})`,
    );
  }
  return analyzeExperiment(exposed.table, experiment, {
    ...analyze,
    columns: exposed.columns,
    population: exposed.population,
  });
}
