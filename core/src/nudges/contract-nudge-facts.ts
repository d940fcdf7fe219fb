import { contractFeature, isSimulatedColumn, type DatasetContract } from "../data/dataset-contract.ts";
import type { ContractWhatIf } from "../explain/contract-what-if.ts";
import { valueWords } from "../explain/value-words.ts";
import type { Driver, RiskBand } from "../snapshot/scored-batch.ts";
import type { DriverFact, WhatIfFact } from "./nudge-facts.ts";

/** The customer's arm in the experiment the contract declares. */
export interface ExperimentArm {
  /** The experiment's key (the contract's `experiment.key`, else its column). */
  key: string;
  arm: string;
}

/**
 * Everything the generic nudge engines may know about a customer of any table: the risk, the
 * drivers and what-ifs in the contract's words, the experiment arm (only when the contract declares
 * an experiment) and which of those columns the simulator made. No ID, no owner, no free text, no
 * revenue figure except inside a driver's own words. Built by `contractNudgeFacts`.
 */
export interface ContractNudgeFacts {
  /** The dataset contract's name ("accounts"): which table's words these are. */
  contract: string;
  band: RiskBand;
  /** Calibrated churn probability in whole percent. */
  riskPercent: number;
  /** Top drivers, largest |value| first, in the contract's words. */
  drivers: DriverFact[];
  /** Feasible contract actions that lower risk, largest reduction first. */
  whatIf: WhatIfFact[];
  /** How many actions the contract declares (0: a team that can only talk to its customers). */
  declaredActions: number;
  /** The arm, or null: no experiment declared, or the customer is in none of its arms. */
  experiment: ExperimentArm | null;
  /** Driver and what-if columns whose values the simulator made: never stated to a customer as fact. */
  simulated: string[];
}

/**
 * The parts of an explanation the generic facts use: an `Explanation` of a model trained under a
 * contract (its what-ifs are `ContractWhatIf`s), or a snapshot row.
 */
export interface ContractExplainedRisk {
  probability: number;
  band: RiskBand;
  drivers: readonly Driver[];
  whatIf: readonly ContractWhatIf[];
}

const logit = (p: number) => {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
};
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The facts of one customer of any table for the generic nudge engines, built from an allow-list:
 * drivers only for the contract's features (worded by `valueWords(contract)`), what-ifs only for
 * its actions. The id, owner, label and revenue cells are never read (a revenue figure appears only
 * when the revenue column is itself a driver, in that driver's words). `arm` (default: the
 * customer's experiment cell) counts only when the contract declares an experiment: otherwise the
 * facts claim no arm, whatever is passed. An arm the experiment does not list is an error.
 *
 * @example
 * const facts = contractNudgeFacts(model.contract!, row, await explainCustomer(model, row));
 * facts.drivers[0].words; // "4 customer service calls"
 * facts.experiment; // null (the accounts contract declares no experiment)
 */
export function contractNudgeFacts(
  contract: DatasetContract,
  customer: Readonly<Record<string, unknown>>,
  risk: ContractExplainedRisk,
  arm?: string,
): ContractNudgeFacts {
  const words = valueWords(contract);
  const actionColumns = new Set(contract.actions.map((a) => a.column));
  const drivers = risk.drivers
    .filter((d) => contractFeature(contract, d.source) !== undefined)
    .map((d, i) => ({ d, i }))
    // Largest |value| first, then the explanation's own order: the same facts whatever order they came in.
    .sort((a, b) => Math.abs(b.d.value) - Math.abs(a.d.value) || a.i - b.i)
    .map(({ d }) => ({
      source: d.source,
      words: words.describe(d.source, customer[d.source]),
      value: round2(d.value),
    }));
  const whatIf = risk.whatIf
    .filter((w) => actionColumns.has(w.column) && w.after < w.before)
    .map((w) => ({
      column: w.column,
      to: w.to,
      action: w.action,
      beforePercent: Math.round(w.before * 100),
      afterPercent: Math.round(w.after * 100),
      logOddsReduction: round2(logit(w.before) - logit(w.after)),
    }))
    .sort(
      (a, b) =>
        b.logOddsReduction - a.logOddsReduction ||
        a.afterPercent - b.afterPercent ||
        (a.action < b.action ? -1 : a.action > b.action ? 1 : 0),
    );
  const simulated = [...new Set([...drivers.map((d) => d.source), ...whatIf.map((w) => w.column)])].filter(
    (column) => isSimulatedColumn(contract, column),
  );
  return {
    contract: contract.name,
    band: risk.band,
    riskPercent: Math.round(risk.probability * 100),
    drivers,
    whatIf,
    declaredActions: contract.actions.length,
    experiment: experimentArm(contract, customer, arm),
    simulated,
  };
}

function experimentArm(
  contract: DatasetContract,
  customer: Readonly<Record<string, unknown>>,
  arm: string | undefined,
): ExperimentArm | null {
  const experiment = contract.experiment;
  if (!experiment) return null;
  const cell = arm ?? customer[experiment.column];
  if (cell === null || cell === undefined || cell === "") return null;
  const key = experiment.key ?? experiment.column;
  const value = String(cell);
  if (!experiment.arms.includes(value))
    throw new Error(
      `unknown arm ${JSON.stringify(value)} of experiment ${JSON.stringify(key)} (arms: ${experiment.arms.join(", ")})`,
    );
  return { key, arm: value };
}
