import type { DatasetContract } from "../data/dataset-contract.ts";
import type { Experiment, ExperimentConfig } from "./experiment-config.ts";
import { experimentSchema } from "./experiment-config.ts";
import { experimentColumns, treatmentArm, type ExperimentColumns } from "./experiment-columns.ts";

/** A data set's experiment, ready for `analyzeExperiment(table, experiment, { columns })`. */
export interface DeclaredExperiment {
  experiment: Experiment;
  columns: ExperimentColumns;
  /** Whether the experiments file has an entry of this key (else the defaults apply). */
  configured: boolean;
}

/**
 * The experiment a data set declares, or null when its contract declares none (then there is no
 * experiment, whatever the experiments file holds). The rule:
 * - the contract's `experiment` IS the experiment: its column holds each customer's arm, its
 *   `control` is reported as arm A and the other arm as B, its `key` (default: the column) names
 *   it;
 * - the experiments file adds to the entry of the same key: start date, arm display names,
 *   planned weights, metrics (and the engagement column), the stated effect, alpha and power;
 * - without such an entry the defaults apply: the arms named by their values, an equal split
 *   assumed for the sample-ratio check, churn plus engagement where the data measures it, a
 *   2-point stated effect, alpha 0.05, power 0.8, no start date.
 * `key` (as a user typed it, any case) must name the declared experiment.
 *
 * @example
 * const declared = declaredExperiment(snapshot.dataset, config);
 * if (declared) analyzeExperiment(snapshot.table, declared.experiment, { columns: declared.columns });
 */
export function declaredExperiment(
  dataset: DatasetContract,
  config: ExperimentConfig,
  key?: string,
): DeclaredExperiment | null {
  const columns = experimentColumns(dataset);
  if (!columns) return null;
  if (key !== undefined && key.toLowerCase() !== columns.key.toLowerCase()) {
    throw new RangeError(
      `unknown experiment: ${JSON.stringify(key)} (the ${dataset.name} data set declares ${JSON.stringify(columns.key)})`,
    );
  }
  const configured = config.experiments.find((e) => e.key === columns.key);
  if (configured) return { experiment: configured, columns, configured: true };
  const treatment = treatmentArm(columns);
  // Parsed through the schema for its defaults; the key is the contract's (any spelling it allows).
  const defaults = experimentSchema.parse({
    key: "contract",
    variants: { A: { name: "control", weight: 0.5 }, B: { name: "treatment", weight: 0.5 } },
  });
  return {
    experiment: {
      ...defaults,
      key: columns.key,
      variants: {
        A: { name: columns.control, weight: 0.5 },
        B: { name: treatment, weight: 0.5 },
      },
    },
    columns,
    configured: false,
  };
}
