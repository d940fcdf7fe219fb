import { isSimulatedColumn, type DatasetContract } from "../data/dataset-contract.ts";
import { DEFAULT_EXPERIMENT_KEY } from "../data/variant.ts";

/**
 * Where an experiment lives in a customer table: the id column, the column holding each
 * customer's arm and the arm values (the control is reported as arm A, the other as B). The
 * outcome always comes from the snapshot's `status` column (churned = 1, retained = 0; current
 * customers have no outcome yet and are left out).
 */
export interface ExperimentColumns {
  /** The customer id column (the assignment check hashes it). */
  id: string;
  /** The column holding each customer's arm. */
  arm: string;
  /** Every arm value, as declared. */
  arms: readonly string[];
  /** The control arm's value (reported as A). */
  control: string;
  /** The experiment's key. */
  key: string;
  /**
   * The arms were made by the simulator (a hash of the id and the key), not recorded by a real
   * assignment: the analysis then checks the hash assignment, and the report says the data is
   * simulated.
   */
  simulated: boolean;
}

/**
 * The columns of the legacy layout (the demo's simulated customers, and `experimentTable`):
 * `customerID`, `variant` A/B under nudge-strategy-2026, assigned by the simulator's hash.
 */
export const LEGACY_EXPERIMENT_COLUMNS: ExperimentColumns = Object.freeze({
  id: "customerID",
  arm: "variant",
  arms: Object.freeze(["A", "B"]),
  control: "A",
  key: DEFAULT_EXPERIMENT_KEY,
  simulated: true,
});

/**
 * The experiment a dataset contract declares, as columns; null when it declares none (then there
 * is no experiment to analyse, whatever else is configured). The key defaults to the arm column.
 *
 * @example
 * experimentColumns(snapshot.dataset);
 * // { id: "account_id", arm: "offer_arm", arms: ["control", "discount"], control: "control", key: "offer_arm", simulated: false }
 */
export function experimentColumns(dataset: DatasetContract): ExperimentColumns | null {
  const declared = dataset.experiment;
  if (!declared) return null;
  return {
    id: dataset.id.column,
    arm: declared.column,
    arms: [...declared.arms],
    control: declared.control,
    key: declared.key ?? declared.column,
    simulated: dataset.simulated === true || isSimulatedColumn(dataset, declared.column),
  };
}

/** The treatment arm of a two-arm experiment; throws for any other number of arms. */
export function treatmentArm(columns: ExperimentColumns): string {
  const others = columns.arms.filter((a) => a !== columns.control);
  if (others.length !== 1 || !columns.arms.includes(columns.control)) {
    throw new RangeError(
      `experiment ${columns.key} has arms ${columns.arms.map((a) => JSON.stringify(a)).join(", ")} with control ${JSON.stringify(columns.control)}: only a control and one treatment can be analysed`,
    );
  }
  return others[0];
}
