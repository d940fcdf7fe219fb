import type { Customer } from "../data/schema.ts";
import { encodeCustomers } from "../features/encode-customers.ts";
import { defaultEncoderSpec, featureInfo, type CustomerEncoderSpec } from "../features/encoder-spec.ts";
import type { ModelCardDraft } from "./model-card.ts";
import { trainChurnModel, type ChurnModelFit, type ChurnRecipe } from "./train-churn-model.ts";
import type { TreeEnsemble } from "./tree.ts";

export const LIBRARY_VERSION = "engagetrack 0.1.0";

export interface CustomerTrainingOptions extends ChurnRecipe {
  /** Model name in the card. */
  name: string;
  /** sha256 of the training file (identifies the data in the card). */
  dataSha256: string | null;
  /** Encoder; default: Telco columns plus enrichment. */
  encoder?: CustomerEncoderSpec;
  /** 0/1 labels, one per customer (a contract's churned = 1); default: from the Churn column. */
  labels?: Uint8Array;
  /** The dataset contract, stored in the card so every surface explains in its words. */
  dataset?: Record<string, unknown>;
}

export interface CustomerModel {
  ensemble: TreeEnsemble;
  card: ModelCardDraft;
  fit: ChurnModelFit;
}

/** 1 for `Churn = Yes`, 0 for `No`; an error naming the customer when a label is missing. */
export function churnLabels(customers: readonly Customer[]): Uint8Array {
  const labels = new Uint8Array(customers.length);
  customers.forEach((c, i) => {
    if (c.Churn === undefined)
      throw new Error(
        `missing Churn label for customer ${JSON.stringify(c.customerID)}: training needs a Churn column`,
      );
    labels[i] = c.Churn === "Yes" ? 1 : 0;
  });
  return labels;
}

/**
 * The default recipe on validated customers: encode, train, calibrate, pick the decision
 * threshold, and describe it all in a model card ready for `saveModel`.
 *
 * @example
 * const { ensemble, card } = trainCustomerModel(customers, { name: "demo", seed: 42, dataSha256 });
 * await saveModel("models/demo", { ensemble, card });
 */
export function trainCustomerModel(
  customers: readonly Customer[],
  options: CustomerTrainingOptions,
): CustomerModel {
  const encoder = options.encoder ?? defaultEncoderSpec();
  const labels = options.labels ?? churnLabels(customers);
  if (labels.length !== customers.length)
    throw new Error(`internal: ${labels.length} labels for ${customers.length} customers`);
  const positives = labels.reduce((s, y) => s + y, 0);
  if (positives === 0 || positives === labels.length) {
    throw new Error(
      `cannot train on ${labels.length} customers with ${positives} churned: both classes are needed`,
    );
  }
  const matrix = encodeCustomers(encoder, customers, customers.length);
  const { name, dataSha256, encoder: _encoder, labels: _labels, dataset, ...recipe } = options;
  const seed = recipe.seed ?? 0;
  const fit = trainChurnModel(matrix, labels, { ...recipe, seed });
  const card: ModelCardDraft = {
    name,
    kind: "trained",
    features: featureInfo(encoder).map((f) => ({ name: f.name, label: f.label })),
    encoder: { ...encoder },
    ...(dataset ? { dataset: structuredClone(dataset) } : {}),
    parameters: {
      ...fit.params,
      base_score: fit.params.base_score ?? null,
      best_iterations: fit.bestIterations,
      strategy: fit.strategy,
      calibration_fraction: recipe.calibrationFraction ?? 0.2,
    },
    calibration: { ...fit.calibration },
    thresholds: { decision: fit.decision.threshold, bands: { ...fit.riskBands } },
    metrics: {
      holdout: { ...fit.holdoutMetrics },
      decision: { ...fit.decision },
      train_rows: fit.trainRows,
      holdout_rows: fit.holdoutRows,
      churn_rate: positives / labels.length,
    },
    trainingData: { sha256: dataSha256, rows: customers.length },
    seed,
    libraryVersion: LIBRARY_VERSION,
    trainingTimeSeconds: fit.trainSeconds,
  };
  return { ensemble: fit.ensemble, card, fit };
}
