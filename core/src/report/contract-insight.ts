import {
  contractFeature,
  featureDisplayLabel,
  isSimulatedColumn,
  type DatasetContract,
} from "../data/dataset-contract.ts";
import type { ContractRow, CustomerStatus } from "../data/read-contract-rows.ts";
import { formatContractValue, isMissingValue } from "../explain/describe-contract-value.ts";
import { valueWords } from "../explain/value-words.ts";
import {
  contractNudgeFacts,
  type ContractNudge,
  type ContractNudgeEngine,
  type NudgeTrigger,
} from "../nudges/index.ts";
import { explainCustomer, type ChurnModel } from "../score/index.ts";
import type { Snapshot } from "../snapshot/index.ts";
import type { CustomerInsight } from "./customer-insight.ts";
import { insightParts } from "./insight-parts.ts";
import { InsightError } from "./insight-error.ts";
import { insightDataset, type InsightDataset } from "./insight-dataset.ts";

/** Version of the `ContractInsight` layout. */
export const CONTRACT_INSIGHT_SCHEMA_VERSION = 1;

/** One thing the data says about a customer, in the contract's words. */
export interface InsightFact {
  column: string;
  /** The contract's label ("Customer service calls", "Tenure (months)"). */
  label: string;
  /** The value as stored (numbers, category text, null when missing). */
  value: string | number | null;
  /** The value as shown ("$29.85", "yes", "missing"). */
  text: string;
  /** Made by the simulator, not read from the team's data: shown as simulated everywhere. */
  simulated: boolean;
  role: "revenue" | "owner" | "feature";
}

/**
 * Everything EngageTrack says about one customer of a table described by a dataset contract:
 * status (current or history), the facts in the contract's words, calibrated probability and band,
 * explanation, the nudge (none for a customer who already churned), model and snapshot. Plain data.
 */
export interface ContractInsight {
  kind: "contract-insight";
  schemaVersion: typeof CONTRACT_INSIGHT_SCHEMA_VERSION;
  /** The data set, its id column, and which values are simulated (every fact also says so). */
  dataset: InsightDataset & { idColumn: string };
  customerID: string;
  status: CustomerStatus;
  generatedAt: string;
  facts: InsightFact[];
  risk: CustomerInsight["risk"];
  explanation: CustomerInsight["explanation"];
  /** What to do; null for history (a churned customer is not someone to act on), with the reason. */
  nudge: ContractNudge | null;
  noNudgeReason: string | null;
  model: CustomerInsight["model"];
  snapshot: { id: string; createdAt: string };
}

export interface BuildContractInsightOptions {
  model: ChurnModel;
  snapshot: Snapshot<ContractRow>;
  customerID: string;
  nudges: ContractNudgeEngine;
  clock: () => Date;
  trigger?: NudgeTrigger;
}

/**
 * The insight of one customer of a contract snapshot, scored by `model` (which carries the
 * contract). Errors are `InsightError`s, as for `buildCustomerInsight`.
 *
 * @example
 * const insight = await buildContractInsight({ model, snapshot, customerID: "AC100007",
 *   nudges: createContractRuleNudgeEngine(), clock: () => new Date() });
 * renderContractInsightText(insight);
 */
export async function buildContractInsight(options: BuildContractInsightOptions): Promise<ContractInsight> {
  const { model, snapshot, customerID } = options;
  const contract = model.contract;
  if (!contract)
    throw new InsightError("model-reads-columns", `model ${model.card.name} has no dataset contract`);
  const manifest = snapshot.manifest;
  if (manifest.model.hash !== model.hash)
    throw new InsightError(
      "model-mismatch",
      `snapshot ${manifest.id} was scored by model ${manifest.model.name} (${manifest.model.hash.slice(0, 12)}), not ${model.card.name} (${model.hash.slice(0, 12)})`,
    );
  const row = snapshot.lookup(customerID);
  if (!row)
    throw new InsightError(
      "unknown-customer",
      `no customer ${JSON.stringify(customerID)} in snapshot ${manifest.id}`,
    );
  const customer = row.customer;
  const explanation = await explainCustomer(model, customer as never);
  const words = valueWords(contract);
  const churned = row.status === "churned";
  const nudge = churned
    ? null
    : await options.nudges.decide(contractNudgeFacts(contract, customer, explanation), {
        trigger: options.trigger ?? "on-demand",
      });
  const parts = insightParts(model, explanation, customer, words);
  return {
    kind: "contract-insight",
    schemaVersion: CONTRACT_INSIGHT_SCHEMA_VERSION,
    dataset: { ...insightDataset(contract), idColumn: contract.id.column },
    customerID,
    status: row.status,
    generatedAt: options.clock().toISOString(),
    facts: insightFacts(contract, customer),
    risk: parts.risk,
    explanation: parts.explanation,
    nudge,
    noNudgeReason: churned
      ? `this customer already churned (${contract.label?.column ?? "label"} = ${String(customer[contract.label?.column ?? ""] ?? "")}): history, not someone to act on`
      : null,
    model: parts.model,
    snapshot: { id: manifest.id, createdAt: manifest.createdAt },
  };
}

/** The customer's facts: revenue and owner first, then every feature in the contract's order. */
export function insightFacts(
  contract: DatasetContract,
  customer: Readonly<Record<string, unknown>>,
): InsightFact[] {
  const facts: InsightFact[] = [];
  const shown = (column: string, value: unknown, text: string, role: InsightFact["role"], label: string) =>
    facts.push({
      column,
      label,
      value:
        value === undefined || (typeof value === "number" && Number.isNaN(value))
          ? null
          : (value as string | number | null),
      text: isMissingValue(value) ? "missing" : text,
      simulated: isSimulatedColumn(contract, column),
      role,
    });
  if (contract.revenue) {
    const f = contractFeature(contract, contract.revenue.column) ?? {
      column: contract.revenue.column,
      type: "number" as const,
      format: "currency" as const,
    };
    const v = customer[contract.revenue.column];
    shown(
      contract.revenue.column,
      v,
      `${formatContractValue(contract, { ...f, format: "currency" }, v)} a ${contract.revenue.period}`,
      "revenue",
      f.label ?? "Revenue",
    );
  }
  if (contract.owner) {
    const v = customer[contract.owner.column];
    shown(contract.owner.column, v, String(v ?? ""), "owner", "Owner");
  }
  for (const f of contract.features) {
    if (f.column === contract.revenue?.column) continue;
    const v = customer[f.column];
    shown(f.column, v, formatContractValue(contract, f, v), "feature", featureDisplayLabel(f));
  }
  return facts;
}
