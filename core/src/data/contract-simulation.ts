import { ContractError } from "./contract-error.ts";
import type { CellValue } from "./contract-cells.ts";
import type { DatasetContract } from "./dataset-contract.ts";
import { enrichCustomer, type EnrichmentSource } from "./enrichment.ts";
import type { ContractRow } from "./read-contract-rows.ts";
import { ENRICHMENT_COLUMNS, REQUIRED_COLUMNS } from "./schema.ts";

/**
 * The simulator for a contract's `simulate` columns, or undefined when it asks for none. The
 * simulator derives behaviour (persona, plan tier, sessions, payment delay, support calls,
 * engagement, lifecycle stage, an experiment arm) from a customer's id and Telco-shaped columns —
 * never from the label — so it can only fill columns it knows, on tables that have those columns.
 * Every value it makes is marked as simulated wherever it appears (`isSimulatedColumn`).
 * Throws a ContractError naming what is missing.
 *
 * @example
 * const simulate = contractSimulator(contract); // for `readContractRows(records, contract, { file, simulate })`
 */
export function contractSimulator(
  contract: DatasetContract,
  file = contract.name,
): ((row: ContractRow) => Record<string, CellValue>) | undefined {
  const asked = contract.simulate?.columns ?? [];
  if (asked.length === 0) return undefined;
  const known = new Set<string>(ENRICHMENT_COLUMNS);
  const unknown = asked.filter((c) => !known.has(c));
  if (unknown.length > 0)
    throw new ContractError(
      "invalid-contract",
      file,
      `invalid contract ${JSON.stringify(file)}: simulate: the simulator cannot make ${unknown.map((c) => JSON.stringify(c)).join(", ")} (it makes ${ENRICHMENT_COLUMNS.join(", ")})`,
    );
  const declared = new Set([contract.id.column, ...contract.features.map((f) => f.column)]);
  const needs = REQUIRED_COLUMNS.filter((c) => c !== "customerID" && !declared.has(c));
  if (needs.length > 0)
    throw new ContractError(
      "invalid-contract",
      file,
      `invalid contract ${JSON.stringify(file)}: simulate: the simulator derives behaviour from the Telco columns, and this contract lacks ${needs.join(", ")}`,
    );
  const id = contract.id.column;
  const experimentKey = contract.experiment?.key;
  return (row) => {
    const made = enrichCustomer({ ...row, customerID: String(row[id]) } as unknown as EnrichmentSource, {
      ...(experimentKey ? { experimentKey } : {}),
    });
    return made as unknown as Record<string, CellValue>;
  };
}
