import type { DatasetContract } from "../data/dataset-contract.ts";
import { ENRICHMENT_COLUMNS, REQUIRED_COLUMNS } from "../data/schema.ts";

/**
 * Whether a contract's customers have every column the Telco-shaped `CustomerInsight` shows
 * (subscription, behaviour, experiment arm) — the `simulated` preset does — so that every surface
 * (bot, API, notebooks, `report`) keeps rendering the same object. Any other table gets a
 * `ContractInsight` in its own words.
 */
export function usesCustomerInsight(contract: DatasetContract | undefined): boolean {
  if (!contract) return true;
  const have = new Set([
    contract.id.column,
    ...contract.features.map((f) => f.column),
    ...(contract.experiment ? [contract.experiment.column] : []),
    ...(contract.simulate?.columns ?? []),
  ]);
  return (
    contract.id.column === "customerID" &&
    [...REQUIRED_COLUMNS, ...ENRICHMENT_COLUMNS].every((c) => have.has(c))
  );
}
