import { CARD_FILE, MODEL_FILE, ModelFileError } from "../core/src/model/index.ts";
import { openChurnModel, type ChurnModel } from "../core/src/score/index.ts";
import { DataFileError, displaySafe, readCsvRecords } from "../core/src/data/index.ts";
import { CliError } from "./cli-error.ts";

/** Opens a model directory for a command; a broken model is one message naming the file (exit 2). */
export async function openModelForCli(dir: string): Promise<ChurnModel> {
  try {
    return await openChurnModel(dir);
  } catch (err) {
    if (err instanceof ModelFileError) throw new CliError(err.code, err.message, { cause: err });
    throw new CliError(
      "model-unusable",
      `cannot load model from ${dir} (${MODEL_FILE}, ${CARD_FILE}): ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

/** Rows of a CSV as named cells, with their physical line (for models that read named columns). */
export async function readNamedRows(
  path: string,
): Promise<{ rows: Record<string, string>[]; lines: number[] }> {
  const rows: Record<string, string>[] = [];
  const lines: number[] = [];
  let header: string[] | undefined;
  try {
    for await (const { line, cells } of readCsvRecords(path)) {
      if (!header) {
        header = cells.map((c) => c.trim());
        continue;
      }
      rows.push(Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ""])));
      lines.push(line);
    }
  } catch (err) {
    if (err instanceof DataFileError) throw new CliError(err.code, displaySafe(err.message), { cause: err });
    throw err;
  }
  return { rows, lines };
}

/**
 * How to read `path` for `model`: "columns" when the CSV carries every model feature by name (an
 * imported model's own layout), else "customers" (a customer file, encoded by the model's encoder).
 */
export async function inputLayout(model: ChurnModel, path: string): Promise<"columns" | "customers"> {
  if (model.encoder.kind === "columns") return "columns";
  let header: string[] = [];
  try {
    for await (const { cells } of readCsvRecords(path)) {
      header = cells.map((c) => c.trim());
      break;
    }
  } catch (err) {
    if (err instanceof DataFileError) throw new CliError(err.code, displaySafe(err.message), { cause: err });
    throw err;
  }
  const have = new Set(header);
  return model.ensemble.featureNames.every((f) => have.has(f)) ? "columns" : "customers";
}

/** The model's named-column encoding (its own feature names), whatever its card's encoder is. */
export function columnsSpec(model: ChurnModel) {
  return { kind: "columns" as const, version: 1 as const, columns: [...model.ensemble.featureNames] };
}
