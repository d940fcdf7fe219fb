import type { Customer } from "../data/schema.ts";
import { encodeCustomers } from "../features/encode-customers.ts";
import type { EncoderSpec } from "../features/encoder-spec.ts";
import { applyCalibrationAll } from "../model/calibration/apply-calibration.ts";
import type { CalibrationMap } from "../model/calibration/calibration-map.ts";
import { marginsToProbabilities } from "../model/margin-to-probability.ts";
import type { ModelCard } from "../model/model-card.ts";
import { predictMargin } from "../model/predict.ts";
import type { TreeEnsemble } from "../model/tree.ts";
import { profileColumns, referenceProfile, type ReferenceProfile } from "./reference-profile.ts";

/**
 * The reference profile of a freshly trained model: its calibrated score (predicted in memory,
 * with the saved trees and calibration) and its input columns over the training customers. What
 * `train` and `run` save beside the model as `reference.json`. Undefined for a model that does not
 * read customers (an imported model's named columns).
 *
 * @example
 * const saved = await saveModel(dir, trained);
 * const profile = trainingReference(customers, { ensemble: trained.ensemble, card: saved.card });
 * if (profile) await writeReferenceProfile(dir, profile);
 */
export function trainingReference(
  customers: readonly Customer[],
  model: { ensemble: TreeEnsemble; card: ModelCard },
): ReferenceProfile | undefined {
  const encoder = model.card.encoder as EncoderSpec | null;
  if (encoder?.kind !== "customer") return undefined;
  const matrix = encodeCustomers(encoder, customers, customers.length);
  const raw = marginsToProbabilities(predictMargin(model.ensemble, matrix));
  const calibration = model.card.calibration as CalibrationMap | { method: "identity" };
  const probability = calibration.method === "identity" ? raw : applyCalibrationAll(calibration, raw);
  const sha = model.card.trainingData.sha256;
  return referenceProfile({
    modelHash: model.card.onnxSha256,
    origin: `training data (${customers.length.toLocaleString("en-US")} customers${sha ? `, sha256 ${sha.slice(0, 8)}…` : ""})`,
    probability,
    columns: profileColumns(encoder),
    values: (column) => customers.map((c) => (c as unknown as Record<string, unknown>)[column] ?? null),
  });
}
