/**
 * `engagetrack model import-xgboost <model.json|model.ubj> --out models/<name> [--json]`: turns a
 * model saved by XGBoost 1.x–3.x (`save_model("model.json")` or `save_model("model.ubj")`,
 * binary:logistic, gbtree) into our model files, so teams that train in Python can serve here. No
 * calibration (identity); thresholds from the options.
 * Exit 0: written; 2: the input is unusable or the output exists (without --force).
 */
import { createHash } from "node:crypto";
import { access, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { CliIo } from "../cli-io.ts";
import {
  defaultEncoderSpec,
  featureInfo,
  featureNames,
  type EncoderSpec,
} from "../../core/src/features/index.ts";
import {
  CARD_FILE,
  importXgboostModel,
  MODEL_FILE,
  ModelFileError,
  parseXgboostModelBytes,
  saveModel,
  XgboostImportError,
} from "../../core/src/model/index.ts";
import { CliError } from "../cli-error.ts";

interface ImportOptions {
  out: string;
  name?: string;
  json?: boolean;
  force?: boolean;
  decision: string;
  bands: string;
}

/** The machine-readable report printed by `--json`. */
export interface ImportReport {
  name: string;
  dir: string;
  model: string;
  card: string;
  trees: number;
  features: number;
  xgboostVersion: string;
  /** "customer" when the features are the standard Telco encoding, else "columns". */
  encoder: EncoderSpec["kind"];
  onnxSha256: string;
}

export async function action(io: CliIo, file: string, options: ImportOptions): Promise<number | void> {
  const report = await importXgboost(file, options);
  io.stdout.write(
    options.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : `imported ${report.trees} trees over ${report.features} features (xgboost ${report.xgboostVersion}, ${report.encoder} encoder)\n` +
          `  ${report.model}\n  ${report.card}\n`,
  );
}

function probabilityOption(name: string, raw: string): number {
  const v = Number(raw);
  if (raw.trim() === "" || !(v >= 0 && v <= 1)) {
    throw new CliError(
      "bad-option",
      `invalid ${name}: ${JSON.stringify(raw)} (expected a probability between 0 and 1)`,
    );
  }
  return v;
}

/** The standard encodings whose feature layout an imported model may share. */
function encoderFor(names: readonly string[]): EncoderSpec {
  for (const spec of [defaultEncoderSpec({ enrichment: false }), defaultEncoderSpec()]) {
    if (featureNames(spec).join("\u0000") === names.join("\u0000")) return spec;
  }
  return { kind: "columns", version: 1, columns: [...names] };
}

async function importXgboost(file: string, options: ImportOptions): Promise<ImportReport> {
  const decision = probabilityOption("--decision", options.decision);
  const [medium, high] = options.bands.split(",").map((b) => probabilityOption("--bands", b));
  if (high === undefined || options.bands.split(",").length !== 2 || medium > high) {
    throw new CliError(
      "bad-option",
      `invalid --bands: ${JSON.stringify(options.bands)} (expected medium,high with medium ≤ high)`,
    );
  }
  const dir = options.out;
  if (!options.force) {
    for (const f of [MODEL_FILE, CARD_FILE]) {
      const exists = await access(join(dir, f)).then(
        () => true,
        () => false,
      );
      if (exists)
        throw new CliError("model-exists", `${join(dir, f)} already exists (use --force to overwrite)`);
    }
  }

  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === "ENOENT";
    throw new CliError("unreadable-input", `${missing ? "file not found" : "cannot read file"}: ${file}`, {
      cause,
    });
  }
  try {
    const imported = importXgboostModel(parseXgboostModelBytes(bytes, file), { source: file });
    const { ensemble } = imported;
    const encoder = encoderFor(ensemble.featureNames);
    const labels = new Map(featureInfo(encoder).map((f) => [f.name, f.label]));
    const saved = await saveModel(dir, {
      ensemble,
      card: {
        name: options.name ?? basename(dir),
        kind: "xgboost-import",
        features: ensemble.featureNames.map((name) => ({ name, label: labels.get(name) ?? name })),
        encoder: { ...encoder },
        parameters: {
          objective: "binary:logistic",
          base_score: imported.baseScore,
          num_trees: ensemble.trees.length,
        },
        calibration: { method: "identity" },
        thresholds: { decision, bands: { medium, high } },
        metrics: {},
        trainingData: { sha256: null, rows: null },
        seed: null,
        libraryVersion: `xgboost ${imported.xgboostVersion}`,
        source: { file: basename(file), sha256: createHash("sha256").update(bytes).digest("hex") },
      },
    });
    return {
      name: saved.card.name,
      dir,
      model: saved.modelPath,
      card: saved.cardPath,
      trees: ensemble.trees.length,
      features: ensemble.featureNames.length,
      xgboostVersion: imported.xgboostVersion,
      encoder: encoder.kind,
      onnxSha256: saved.card.onnxSha256,
    };
  } catch (cause) {
    if (cause instanceof XgboostImportError) throw new CliError("xgboost-import", cause.message, { cause });
    if (cause instanceof ModelFileError) throw new CliError(cause.code, cause.message, { cause });
    throw cause;
  }
}
