import { readFile } from "node:fs/promises";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { ContractError } from "./contract-error.ts";
import { datasetContractSchema, type DatasetContract } from "./dataset-contract.ts";

/**
 * Validates a parsed contract object; every problem names its key path
 * (`features[3].values: a value is listed twice`). Throws {@link ContractError}.
 *
 * @example
 * const contract = parseDatasetContract(JSON.parse(text), "churn.json");
 */
export function parseDatasetContract(value: unknown, file: string): DatasetContract {
  const result = datasetContractSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${keyPath(i.path)}: ${issueMessage(i)}`);
  const shown = problems.slice(0, 3).join("; ") + (problems.length > 3 ? `; and ${problems.length - 3} more` : "");
  throw new ContractError("invalid-contract", file, `invalid contract ${JSON.stringify(file)}: ${shown}`, { problems });
}

/**
 * Reads a contract file (YAML, or JSON: JSON is YAML) and validates it.
 *
 * @example
 * const contract = await readDatasetContract("contracts/churn.yaml");
 * contract.label?.column; // "churn"
 */
export async function readDatasetContract(path: string): Promise<DatasetContract> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new ContractError("contract-not-found", path, `contract not found: ${JSON.stringify(path)}`, { cause });
    throw new ContractError("contract-unreadable", path, `cannot read contract ${JSON.stringify(path)}: ${code ?? (cause as Error).message}`, { cause });
  }
  return parseDatasetContractText(text, path);
}

/** {@link readDatasetContract} for text already in memory. */
export function parseDatasetContractText(text: string, file: string): DatasetContract {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (cause) {
    const where = cause instanceof YAMLParseError && cause.linePos ? ` (line ${cause.linePos[0].line})` : "";
    const why = cause instanceof YAMLParseError ? cause.code.toLowerCase().replaceAll("_", " ") : "not yaml or json";
    throw new ContractError("invalid-contract", file, `invalid contract ${JSON.stringify(file)}${where}: ${why}`, { cause });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ContractError("invalid-contract", file, `invalid contract ${JSON.stringify(file)}: expected a mapping of keys (contract, name, id, features, …)`);
  return parseDatasetContract(value, file);
}

function keyPath(path: PropertyKey[]): string {
  if (path.length === 0) return "(top level)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
  if (issue.code === "invalid_value") return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  if (issue.code === "invalid_type" && issue.input === undefined) return `missing (expected ${issue.expected})`;
  return issue.message.replace(/^Invalid input: /, "").replace(/^Too small: /, "").toLowerCase();
}
