import { join } from "node:path";
import type { Customer } from "../data/schema.ts";
import { encodeCustomers } from "../features/encode-customers.ts";
import { featureInfo, type EncoderSpec, type FeatureInfo } from "../features/encoder-spec.ts";
import type { FeatureMatrix } from "../features/feature-matrix.ts";
import { applyCalibrationAll } from "../model/calibration/apply-calibration.ts";
import type { CalibrationMap } from "../model/calibration/calibration-map.ts";
import type { ModelCard } from "../model/model-card.ts";
import { CARD_FILE, loadModel, ModelFileError } from "../model/model-files.ts";
import { flatBatchProbabilities } from "../model/flat-batch-probabilities.ts";
import { DEFAULT_CHUNK_ROWS, DEFAULT_SESSION_OPTIONS, OnnxScorer } from "../model/onnx-scorer.ts";
import { riskBand } from "../model/risk-bands.ts";
import type { TreeEnsemble } from "../model/tree.ts";
import type { RiskBand } from "../snapshot/scored-batch.ts";
import type { DatasetContract } from "../data/dataset-contract.ts";
import { parseDatasetContract } from "../data/read-dataset-contract.ts";
import { ContractError } from "../data/contract-error.ts";

/**
 * A model ready to serve: card, trees (for TreeSHAP), encoder and an onnxruntime session.
 * Loaded once; every surface scores through it, so the numbers agree everywhere.
 */
export interface ChurnModel {
  readonly dir: string;
  readonly card: ModelCard;
  readonly ensemble: TreeEnsemble;
  readonly encoder: EncoderSpec;
  readonly features: readonly FeatureInfo[];
  /**
   * The dataset contract the model was trained under (its labels, phrases and actions), or
   * undefined for models from before contracts and imported models (the Telco words apply).
   */
  readonly contract: DatasetContract | undefined;
  /** sha256 of model.onnx: identifies the model in snapshots. */
  readonly hash: string;
  /**
   * Raw probabilities exactly as the ONNX `probabilities` output gives them, then calibrated.
   * Batches of more than 64 rows are computed from the trees by the flat evaluator (onnxruntime's
   * float32 sums and logistic, bit for bit) and checked against onnxruntime on 64 of their rows;
   * `source` says which computed them. Smaller batches go through onnxruntime.
   */
  score(
    matrix: FeatureMatrix,
  ): Promise<{ raw: Float64Array; probability: Float64Array; source: "trees" | "onnx" }>;
  /** Every row through onnxruntime (the served model file), then calibrated. */
  scoreOnnx(matrix: FeatureMatrix): Promise<{ raw: Float64Array; probability: Float64Array }>;
  /** Calibrated probabilities for customers (what-if, single lookups). Customer encoders only. */
  scoreCustomers(customers: readonly Customer[]): Promise<Float64Array>;
  calibrate(raw: ArrayLike<number>): Float64Array;
  band(probability: number): RiskBand;
  release(): Promise<void>;
}

/** Opens `models/<name>/` (model.onnx + card.json), checking both; errors name the file. */
export async function openChurnModel(dir: string): Promise<ChurnModel> {
  const loaded = await loadModel(dir);
  const { card, ensemble } = loaded;
  const encoder = encoderOf(card, join(dir, CARD_FILE));
  const features = featureInfo(encoder);
  const contract = contractOf(card, join(dir, CARD_FILE));
  const scorer = await OnnxScorer.load(loaded.onnx);
  const run = { threads: DEFAULT_SESSION_OPTIONS.intraOpNumThreads ?? 1, chunkRows: DEFAULT_CHUNK_ROWS };
  let onnxOnly = false;
  const calibration = card.calibration as CalibrationMap | { method: "identity" };
  const calibrate = (raw: ArrayLike<number>) =>
    calibration.method === "identity" ? Float64Array.from(raw) : applyCalibrationAll(calibration, raw);
  const model: ChurnModel = {
    dir,
    card,
    ensemble,
    encoder,
    features,
    contract,
    hash: card.onnxSha256,
    async score(matrix) {
      const onnx = async (m: FeatureMatrix) => (await scorer.scoreBatch(m)).probability;
      if (onnxOnly) {
        const raw = await onnx(matrix);
        return { raw, probability: calibrate(raw), source: "onnx" };
      }
      const flat = await flatBatchProbabilities(ensemble, matrix, onnx, run, card.name);
      const { probability: raw, source } = flat;
      // A sample that differed in the last bits (another onnxruntime than the one reproduced): the
      // model's later batches go straight to onnxruntime.
      if (flat.sampleDiffered) onnxOnly = true;
      return { raw, probability: calibrate(raw), source };
    },
    async scoreOnnx(matrix) {
      const { probability: raw } = await scorer.scoreBatch(matrix);
      return { raw, probability: calibrate(raw) };
    },
    async scoreCustomers(customers) {
      if (encoder.kind !== "customer")
        throw new Error(`model ${card.name} reads named columns, not customers`);
      return (await model.score(encodeCustomers(encoder, customers, customers.length))).probability;
    },
    calibrate,
    band: (p) => riskBand(p, card.thresholds.bands),
    release: () => scorer.release(),
  };
  return model;
}

function contractOf(card: ModelCard, file: string): DatasetContract | undefined {
  if (card.dataset === undefined) return undefined;
  try {
    return parseDatasetContract(card.dataset, file);
  } catch (err) {
    if (err instanceof ContractError)
      throw new ModelFileError("card-invalid", file, `dataset: ${err.problems[0]}`, { cause: err });
    throw err;
  }
}

function encoderOf(card: ModelCard, file: string): EncoderSpec {
  const spec = card.encoder as EncoderSpec | null;
  if (spec === null) return { kind: "columns", version: 1, columns: card.features.map((f) => f.name) };
  if (spec.kind !== "customer" && spec.kind !== "columns") {
    throw new ModelFileError(
      "card-invalid",
      file,
      `encoder: unknown kind ${JSON.stringify((spec as { kind: unknown }).kind)}`,
    );
  }
  const names = featureInfo(spec).map((f) => f.name);
  if (names.join("\u0000") !== card.features.map((f) => f.name).join("\u0000")) {
    throw new ModelFileError(
      "feature-mismatch",
      file,
      "the encoder's features do not match the card's feature list",
    );
  }
  return spec;
}
