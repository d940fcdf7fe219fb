import type { Customer } from "../data/schema.ts";
import { groupContributions } from "../explain/group-contributions.ts";
import { topDrivers } from "../explain/top-drivers.ts";
import { treeShap } from "../explain/tree-shap.ts";
import { whatIf, type WhatIf } from "../explain/what-if.ts";
import { whySentence } from "../explain/why-sentence.ts";
import { contractWhatIf } from "../explain/contract-what-if.ts";
import { valueWords } from "../explain/value-words.ts";
import { encodeCustomers } from "../features/encode-customers.ts";
import type { Driver, RiskBand } from "../snapshot/scored-batch.ts";
import type { ChurnModel } from "./churn-model.ts";

/** Why one customer got their score, and what would change it. */
export interface Explanation {
  customerID: string;
  /** Calibrated probability (what users see). */
  probability: number;
  band: RiskBand;
  /** Expected margin over the training data (XGBoost's BIAS). */
  baseValue: number;
  /** Model margin (log-odds) = baseValue + Σ contributions, exactly. */
  margin: number;
  /** SHAP value per model feature, in margin space. */
  contributions: Record<string, number>;
  /** Every source column's grouped value, largest |value| first. */
  grouped: Driver[];
  /** The top five of `grouped`. */
  drivers: Driver[];
  /** "High risk (71%) mainly because of …". */
  sentence: string;
  /** Feasible single changes that lower risk, largest reduction first. */
  whatIf: WhatIf[];
}

/**
 * Explains one customer with exact TreeSHAP and what-if actions.
 *
 * @example
 * const e = await explainCustomer(model, customer);
 * e.sentence; // "High risk (71%) mainly because of a month-to-month contract, …"
 */
export async function explainCustomer(model: ChurnModel, customer: Customer): Promise<Explanation> {
  if (model.encoder.kind !== "customer")
    throw new Error(`model ${model.card.name} reads named columns, not customers`);
  const matrix = encodeCustomers(model.encoder, [customer], 1);
  const [{ probability: p }, shap] = await Promise.all([
    model.score(matrix),
    Promise.resolve(treeShap(model.ensemble, matrix)),
  ]);
  const probability = p[0];
  const band = model.band(probability);
  const grouped = groupContributions(model.features, shap.values, 1);
  const words = valueWords(model.contract);
  const all = topDrivers(
    customer,
    grouped.sources,
    grouped.sourceLabels,
    grouped.values,
    0,
    grouped.sources.length,
    words,
  );
  const drivers = all.slice(0, 5);
  return {
    customerID: String(
      (customer as unknown as Record<string, unknown>)[model.contract?.id.column ?? "customerID"],
    ),
    probability,
    band,
    baseValue: shap.base,
    margin: shap.margin[0],
    contributions: Object.fromEntries(model.ensemble.featureNames.map((f, j) => [f, shap.values[j]])),
    grouped: all,
    drivers,
    sentence: whySentence(customer, band, probability, drivers, { words }),
    whatIf: model.contract
      ? ((await contractWhatIf(model.contract, customer, (cs) => model.scoreCustomers(cs))) as WhatIf[])
      : await whatIf(customer, (cs) => model.scoreCustomers(cs)),
  };
}
