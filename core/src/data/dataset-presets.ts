import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ContractError } from "./contract-error.ts";
import type { DatasetContract } from "./dataset-contract.ts";
import { parseDatasetContractText } from "./read-dataset-contract.ts";

/** The contracts shipped with EngageTrack (core/src/data/presets/<name>.yaml). */
export const PRESET_NAMES = ["simulated", "telco"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const cache = new Map<PresetName, DatasetContract>();

/** Where a shipped preset's file is (read it as an example of a contract). */
export function presetPath(name: PresetName): string {
  return join(import.meta.dirname, "presets", `${name}.yaml`);
}

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/**
 * A shipped preset's contract.
 *
 * @example
 * presetContract("telco").label?.column; // "Churn"
 */
export function presetContract(name: string): DatasetContract {
  if (!isPresetName(name))
    throw new ContractError("unknown-preset", name, `unknown dataset preset ${JSON.stringify(name)} (presets: ${PRESET_NAMES.join(", ")})`);
  let contract = cache.get(name);
  if (!contract) {
    const path = presetPath(name);
    contract = parseDatasetContractText(readFileSync(path, "utf8"), path);
    cache.set(name, contract);
  }
  return structuredClone(contract);
}

/** The columns a file must have for a contract to describe it: id and features (simulated ones may be filled in). */
export function requiredColumns(contract: DatasetContract): string[] {
  const filled = new Set(contract.simulate?.columns ?? []);
  return [contract.id.column, ...contract.features.map((f) => f.column).filter((c) => !filled.has(c))];
}

/**
 * The shipped preset whose columns a header has, most specific first (a simulated file also has
 * every Telco column), or undefined: then the user needs `engagetrack data init`.
 */
export function presetForHeader(columns: readonly string[]): PresetName | undefined {
  const have = new Set(columns);
  return PRESET_NAMES.find((name) => requiredColumns(presetContract(name)).every((c) => have.has(c)));
}
