import type { DatasetContract } from "../data/dataset-contract.ts";

/**
 * Which data set an insight's values come from, and which of them are simulated: `simulated` when
 * the whole table is (the built-in demo), else `simulatedColumns` lists the columns the simulator
 * filled in (the contract's `simulate.columns` and features marked `simulated`). Every surface
 * marks those values "(simulated)"; JSON readers read this.
 */
export interface InsightDataset {
  /** The dataset contract's name ("accounts", "simulated", "telco"). */
  name: string;
  /** Every value is simulated (no real customer behind it). */
  simulated: boolean;
  /** Columns whose values are simulated although the rest is measured (empty when none). */
  simulatedColumns: string[];
}

/**
 * @example
 * insightDataset(presetContract("simulated")); // { name: "simulated", simulated: true, simulatedColumns: [] }
 */
export function insightDataset(contract: DatasetContract): InsightDataset {
  const columns = new Set(contract.simulate?.columns ?? []);
  for (const f of contract.features) if (f.simulated) columns.add(f.column);
  return {
    name: contract.name,
    simulated: contract.simulated === true,
    simulatedColumns: [...columns],
  };
}
