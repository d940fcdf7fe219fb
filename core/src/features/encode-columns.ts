import type { ColumnsEncoderSpec } from "./encoder-spec.ts";
import type { FeatureMatrix } from "./feature-matrix.ts";

/**
 * Encodes rows of raw named cells for an imported model (`columns` spec): each cell parsed as a
 * number, blank → NaN. A cell that is present but not a number is an error naming line and column.
 */
export function encodeColumns(
  spec: ColumnsEncoderSpec,
  rows: ReadonlyArray<Readonly<Record<string, string | undefined>>>,
  where: { file?: string; firstLine?: number; lines?: ArrayLike<number> } = {},
): FeatureMatrix {
  const columns = spec.columns.map(() => new Float32Array(rows.length));
  const firstLine = where.firstLine ?? 2;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    for (let j = 0; j < spec.columns.length; j++) {
      const name = spec.columns[j];
      const raw = row[name];
      if (raw === undefined) {
        throw new Error(`missing column ${JSON.stringify(name)}${where.file ? ` in ${where.file}` : ""}`);
      }
      const t = raw.trim();
      const v = t === "" ? NaN : Number(t);
      if (t !== "" && !Number.isFinite(v)) {
        throw new Error(
          `invalid ${name}: ${JSON.stringify(raw)} (${where.file ? `${where.file}, ` : ""}line ${where.lines?.[i] ?? firstLine + i}, column ${name}): not a number`,
        );
      }
      columns[j][i] = v;
    }
  }
  return { nRows: rows.length, featureNames: [...spec.columns], columns };
}
