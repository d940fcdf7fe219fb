import type { DatasetContract } from "../data/dataset-contract.ts";
import { contractDriverLabel, describeContractValue } from "./describe-contract-value.ts";
import { describeValue, driverLabel } from "./describe-value.ts";

/**
 * The words for a customer's values on every surface: the dataset contract's labels and phrases,
 * or — for a model trained before contracts (or imported) — the built-in Telco words.
 */
export interface ValueWords {
  /** A phrase for a value: "4 customer service calls", "a month-to-month contract". */
  describe(column: string, value: unknown): string;
  /** The short chart label: "Contract = Month-to-month". */
  label(column: string, sourceLabel: string, value: unknown): string;
}

const BUILT_IN: ValueWords = {
  describe: describeValue,
  label: (_column, sourceLabel, value) => driverLabel(sourceLabel, value),
};

/**
 * @example
 * valueWords(model.contract).describe("number_customer_service_calls", 4); // "4 customer service calls"
 */
export function valueWords(contract: DatasetContract | undefined): ValueWords {
  if (!contract) return BUILT_IN;
  const features = new Set(contract.features.map((f) => f.column));
  return {
    describe: (column, value) => describeContractValue(contract, column, value),
    label: (column, sourceLabel, value) =>
      features.has(column) ? contractDriverLabel(contract, column, value) : driverLabel(sourceLabel, value),
  };
}
