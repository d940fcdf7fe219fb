/**
 * The model card: everything about a model except its trees — features with labels, encoder,
 * parameters, calibration, thresholds, metrics, provenance — saved as `card.json` beside
 * `model.onnx`. The zod schema is the single source of truth for its shape.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { stableStringify } from "./stable-json.ts";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "expected a lowercase hex sha256");
const probability = z.number().min(0).max(1);

export const modelCardSchema = z.strictObject({
  /** Version of this layout. */
  cardVersion: z.literal(1),
  name: z.string().min(1),
  kind: z.enum(["trained", "xgboost-import"]),
  /** The model's input features in order, each with a human label. */
  features: z.array(z.strictObject({ name: z.string().min(1), label: z.string().min(1) })).min(1),
  /** The encoder spec (see core/src/features/encoder-spec.ts), or null when unknown. */
  encoder: z.record(z.string(), z.unknown()).nullable(),
  /**
   * The dataset contract the model was trained under (core/src/data/dataset-contract.ts): its
   * labels, phrases and actions explain the model's scores. Absent for models trained before
   * contracts existed and for imported models (the Telco words then apply).
   */
  dataset: z.record(z.string(), z.unknown()).optional(),
  /** Training parameters (XGBoost names), free-form. */
  parameters: z.record(z.string(), z.unknown()),
  /** Margin → calibrated probability; `{ method: "identity" }` for none. */
  calibration: z.looseObject({ method: z.string().min(1) }),
  thresholds: z
    .strictObject({
      /** Probability at or above which a customer counts as "will churn". */
      decision: probability,
      /** Risk bands: Medium from `medium`, High from `high` (calibrated probabilities). */
      bands: z.strictObject({ medium: probability, high: probability }),
    })
    .refine((t) => t.bands.medium <= t.bands.high, { message: "bands.medium is above bands.high" }),
  metrics: z.record(z.string(), z.unknown()),
  /** What the model was trained on; nulls when unknown (imported models). */
  trainingData: z.strictObject({
    sha256: sha256Hex.nullable(),
    rows: z.number().int().nonnegative().nullable(),
  }),
  seed: z.number().int().nullable(),
  /** What produced the trees, e.g. "engagetrack 0.1.0" or "xgboost 1.7.4". */
  libraryVersion: z.string().min(1),
  /** Wall time of training; left out of `cardSha256` so identical trainings compare equal. */
  trainingTimeSeconds: z.number().nonnegative().optional(),
  /** The file an imported model came from. */
  source: z.strictObject({ file: z.string().min(1), sha256: sha256Hex }).optional(),
  /** Margin added to every prediction (equals the ONNX file's base value). */
  baseMargin: z.number(),
  /** sha256 of model.onnx. */
  onnxSha256: sha256Hex,
});

export type ModelCard = z.infer<typeof modelCardSchema>;

/** What a caller supplies to `saveModel`; the rest is filled in from the ensemble and the ONNX bytes. */
export type ModelCardDraft = Omit<ModelCard, "cardVersion" | "baseMargin" | "onnxSha256">;

/** Fields that vary between otherwise identical saves, or that depend on the ONNX bytes. */
const UNHASHED = new Set(["onnxSha256", "trainingTimeSeconds"]);

/**
 * sha256 of the card's content — every field but `onnxSha256` and `trainingTimeSeconds` — over its
 * stable JSON. The ONNX file stores it, so a card and a model file can be checked as a pair, and two
 * trainings with the same data, parameters and seed get the same hash.
 *
 * @example
 * cardSha256(card) === onnxMetadata(bytes)["engagetrack.card_sha256"];
 */
export function cardSha256(card: Omit<ModelCard, "onnxSha256"> | ModelCard): string {
  const content = Object.fromEntries(Object.entries(card).filter(([k]) => !UNHASHED.has(k)));
  return createHash("sha256").update(stableStringify(content)).digest("hex");
}
