/**
 * A model on disk is a directory with two files: `model.onnx` (the trees, scored by onnxruntime)
 * and `card.json` (everything else). They are written and checked as a pair.
 */
import { CodedError } from "../errors/index.ts";
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { assertSameFeatures } from "./assert-same-features.ts";
import { cardSha256, modelCardSchema, type ModelCard, type ModelCardDraft } from "./model-card.ts";
import { exportOnnx, ONNX_METADATA } from "./onnx-export.ts";
import { onnxMetadata, readEnsembleFromOnnx } from "./read-ensemble-from-onnx.ts";
import { stableStringify } from "./stable-json.ts";
import type { TreeEnsemble } from "./tree.ts";

export const MODEL_FILE = "model.onnx";
export const CARD_FILE = "card.json";

export type ModelFileErrorCode =
  | "model-missing"
  | "model-corrupt"
  | "card-missing"
  | "card-corrupt"
  | "card-invalid"
  | "feature-mismatch"
  | "hash-mismatch"
  | "write-failed";

/** A model directory that cannot be used, with a stable code and the file at fault. */
export class ModelFileError extends CodedError<ModelFileErrorCode> {
  readonly file: string;
  constructor(code: ModelFileErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(code, `${message} (${file})`, options);
    this.name = "ModelFileError";
    this.file = file;
  }
}

/** File-system effects, passed in so tests and other stores can stand in for node:fs. */
export interface ModelFileEffects {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  mkdir(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

export const nodeModelFileEffects: ModelFileEffects = {
  readFile: (p) => readFile(p),
  writeFile: (p, d) => writeFile(p, d),
  mkdir: async (p) => void (await mkdir(p, { recursive: true })),
  rename: (a, b) => rename(a, b),
};

export interface SavedModel {
  card: ModelCard;
  onnx: Uint8Array;
  modelPath: string;
  cardPath: string;
}

export interface LoadedModel {
  dir: string;
  card: ModelCard;
  ensemble: TreeEnsemble;
  /** The ONNX bytes, for `OnnxScorer.load`. */
  onnx: Uint8Array;
}

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/** The card, valid by its schema and naming the ensemble's features in order; else one error naming the file. */
function checkedCard(json: unknown, ensemble: TreeEnsemble, cardPath: string): ModelCard {
  const parsed = modelCardSchema.safeParse(json);
  if (!parsed.success) {
    throw new ModelFileError("card-invalid", cardPath, `invalid model card: ${firstIssue(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  try {
    assertSameFeatures(
      ensemble.featureNames,
      parsed.data.features.map((f) => f.name),
      "card",
    );
  } catch (cause) {
    throw new ModelFileError("feature-mismatch", cardPath, (cause as Error).message, { cause });
  }
  return parsed.data;
}

function firstIssue(error: { issues: readonly { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  const path = issue.path.map(String).join(".");
  return `${path || "card"}: ${issue.message.toLowerCase()}`;
}

/**
 * Writes `model.onnx` and `card.json` into `dir` (created if needed). The card gets its
 * `cardVersion`, `baseMargin` and `onnxSha256` here; the ONNX file records the card's hash. Both
 * files are deterministic: the same ensemble and card give the same bytes (`card.json` is stable
 * JSON with sorted keys; only a `trainingTimeSeconds` you pass differs between runs). Each file is
 * written under a temporary name and renamed, so a reader never sees half a file.
 *
 * @example
 * await saveModel("models/v1", { ensemble, card: { name: "v1", kind: "trained", ... } });
 */
export async function saveModel(
  dir: string,
  model: { ensemble: TreeEnsemble; card: ModelCardDraft },
  fs: ModelFileEffects = nodeModelFileEffects,
): Promise<SavedModel> {
  const modelPath = join(dir, MODEL_FILE);
  const cardPath = join(dir, CARD_FILE);
  const { ensemble } = model;
  const content = { ...model.card, cardVersion: 1 as const, baseMargin: ensemble.baseMargin };
  const onnx = exportOnnx(ensemble, { cardSha256: cardSha256(content) });
  const card = checkedCard({ ...content, onnxSha256: sha256(onnx) }, ensemble, cardPath);

  try {
    await fs.mkdir(dir);
    await fs.writeFile(`${modelPath}.tmp`, onnx);
    await fs.rename(`${modelPath}.tmp`, modelPath);
    await fs.writeFile(`${cardPath}.tmp`, `${stableStringify(card, 2)}\n`);
    await fs.rename(`${cardPath}.tmp`, cardPath);
  } catch (cause) {
    throw new ModelFileError("write-failed", dir, `cannot write model files: ${(cause as Error).message}`, {
      cause,
    });
  }
  return { card, onnx, modelPath, cardPath };
}

/**
 * Reads and checks a model directory: both files present, the ONNX file decodes to a tree
 * ensemble, the card passes its schema, the card's features are the model's features in order,
 * and the two files belong together (card's `onnxSha256` and the model's card hash). Any failure
 * is one `ModelFileError` naming the file.
 *
 * @example
 * const { card, ensemble, onnx } = await loadModel("models/v1");
 * const scorer = await OnnxScorer.load(onnx);
 */
export async function loadModel(
  dir: string,
  fs: ModelFileEffects = nodeModelFileEffects,
): Promise<LoadedModel> {
  const modelPath = join(dir, MODEL_FILE);
  const cardPath = join(dir, CARD_FILE);

  const read = async (path: string, code: ModelFileErrorCode): Promise<Uint8Array> => {
    try {
      return await fs.readFile(path);
    } catch (cause) {
      const missing = (cause as NodeJS.ErrnoException).code === "ENOENT";
      throw new ModelFileError(
        code,
        path,
        missing ? "missing file" : `cannot read file: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  };

  const onnx = await read(modelPath, "model-missing");
  let ensemble: TreeEnsemble;
  try {
    ensemble = readEnsembleFromOnnx(onnx);
  } catch (cause) {
    throw new ModelFileError("model-corrupt", modelPath, `corrupt model file: ${(cause as Error).message}`, {
      cause,
    });
  }

  const cardBytes = await read(cardPath, "card-missing");
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(cardBytes));
  } catch (cause) {
    throw new ModelFileError(
      "card-corrupt",
      cardPath,
      `corrupt model card: ${(cause as Error).message.toLowerCase()}`,
      {
        cause,
      },
    );
  }
  const card = checkedCard(json, ensemble, cardPath);
  const actual = sha256(onnx);
  if (actual !== card.onnxSha256) {
    throw new ModelFileError(
      "hash-mismatch",
      modelPath,
      `model.onnx sha256 ${actual.slice(0, 12)}… differs from the card's ${card.onnxSha256.slice(0, 12)}…: the files are from different saves`,
    );
  }
  const recorded = onnxMetadata(onnx)[ONNX_METADATA.cardSha256];
  if (recorded !== cardSha256(card)) {
    throw new ModelFileError("hash-mismatch", cardPath, "card.json was changed after the model was saved");
  }
  if (card.baseMargin !== ensemble.baseMargin) {
    throw new ModelFileError(
      "hash-mismatch",
      cardPath,
      `card base margin ${card.baseMargin} differs from the model's ${ensemble.baseMargin}`,
    );
  }
  return { dir, card, ensemble, onnx };
}
