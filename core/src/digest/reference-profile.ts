/**
 * A model's reference distributions: histograms of its score and of each input column over the
 * data it was trained on, kept beside the model (`reference.json`, never inside the model files)
 * so a digest can measure how far a newer snapshot has drifted (population stability index).
 */
import { z } from "zod";
import type { EncoderSpec } from "../features/encoder-spec.ts";

/** Histogram of one column: quantile bins of a number, or one bin per category. */
export type ColumnBins = NumericBins | CategoryBins;

export interface NumericBins {
  kind: "numeric";
  column: string;
  label: string;
  /** Ascending cut points: bin 0 is `x < edges[0]`, bin i is `edges[i-1] ≤ x < edges[i]`, the last `x ≥ edges[n-1]`. */
  edges: number[];
  /** Customers per bin (`edges.length + 1` bins). */
  counts: number[];
  /** Customers with no value (null, NaN). */
  missing: number;
}

export interface CategoryBins {
  kind: "category";
  column: string;
  label: string;
  categories: string[];
  counts: number[];
  /** Customers with a value outside `categories`. */
  other: number;
  missing: number;
}

export interface ReferenceProfile {
  version: 1;
  /** The model the profile belongs to (its card's `onnxSha256`, a snapshot manifest's `model.hash`). */
  modelHash: string;
  /** What was profiled, in words: "training data (5,000 customers, sha256 1a2b3c4d…)". */
  origin: string;
  rows: number;
  /** Calibrated churn probability. */
  score: NumericBins;
  /** The model's input columns, in encoder order. */
  inputs: ColumnBins[];
}

/** A column to profile: numbers get quantile bins, categories one bin each. */
export type ProfileColumn =
  | { kind: "numeric"; column: string; label: string }
  | { kind: "category"; column: string; label: string; categories: readonly string[] };

/** Quantile bins per numeric column (deciles). */
export const REFERENCE_BINS = 10;

/** A numeric column with at most this many distinct values gets one bin per value instead. */
export const DISCRETE_MAX = 20;

/**
 * The columns an encoder reads, as profile columns: numeric sources as numbers, one-hot and
 * ordinal sources as categories. An imported model's named columns are all numbers.
 *
 * @example
 * profileColumns(defaultEncoderSpec())[0]; // { kind: "numeric", column: "SeniorCitizen", label: "Senior citizen" }
 */
export function profileColumns(encoder: EncoderSpec): ProfileColumn[] {
  if (encoder.kind === "columns")
    return encoder.columns.map((c) => ({ kind: "numeric", column: c, label: c }));
  return encoder.sources.map((s) =>
    s.kind === "numeric"
      ? { kind: "numeric", column: s.column, label: s.label }
      : { kind: "category", column: s.column, label: s.label, categories: s.categories },
  );
}

export interface ProfileInput {
  modelHash: string;
  origin: string;
  /** Calibrated probabilities, one per customer. */
  probability: ArrayLike<number>;
  columns: readonly ProfileColumn[];
  /** A column's values, one per customer (numbers, strings, null for missing). */
  values(column: string): ArrayLike<unknown>;
  /** Quantile bins per numeric column; default `REFERENCE_BINS`. */
  bins?: number;
}

/**
 * Profiles reference data: decile cut points of the score and of each numeric column (ties
 * merged; a column of at most 20 distinct values gets one bin per value), category counts of the
 * others.
 *
 * @example
 * const profile = referenceProfile({ modelHash: card.onnxSha256, origin: "training data", probability,
 *   columns: profileColumns(defaultEncoderSpec()), values: (c) => customers.map((x) => x[c]) });
 * profile.score.edges; // [0.03, 0.06, …]
 */
export function referenceProfile(input: ProfileInput): ReferenceProfile {
  const rows = input.probability.length;
  if (rows === 0) throw new Error("cannot profile zero customers");
  const bins = input.bins ?? REFERENCE_BINS;
  if (!Number.isInteger(bins) || bins < 2 || bins > 100) throw new Error(`invalid bins: ${bins}`);
  const numeric = (column: string, label: string, values: ArrayLike<unknown>): NumericBins => {
    const edges = quantileEdges(values, bins);
    const { counts, missing } = countNumeric(edges, values);
    return { kind: "numeric", column, label, edges, counts, missing };
  };
  return {
    version: 1,
    modelHash: input.modelHash,
    origin: input.origin,
    rows,
    score: numeric("probability", "Churn score", input.probability),
    inputs: input.columns.map((c) => {
      const values = input.values(c.column);
      if (values.length !== rows) {
        throw new Error(`column ${c.column} has ${values.length} values, not ${rows}`);
      }
      if (c.kind === "numeric") return numeric(c.column, c.label, values);
      return { kind: "category", column: c.column, label: c.label, ...countCategories(c.categories, values) };
    }),
  };
}

/**
 * The same bins filled with other data: what `populationStability` compares with the reference.
 * Returns one count per bin, with the missing bin (and, for categories, the other-value bin) last.
 *
 * @example
 * binCounts(profile.score, snapshot.table.array("probability")); // [98_210, 101_004, …, 312]
 */
export function binCounts(bins: ColumnBins, values: ArrayLike<unknown>): number[] {
  if (bins.kind === "numeric") {
    const { counts, missing } = countNumeric(bins.edges, values);
    return [...counts, missing];
  }
  const { counts, other, missing } = countCategories(bins.categories, values);
  return [...counts, other, missing];
}

/** The reference's own counts, laid out as `binCounts` lays them out. */
export function referenceCounts(bins: ColumnBins): number[] {
  return bins.kind === "numeric"
    ? [...bins.counts, bins.missing]
    : [...bins.counts, bins.other, bins.missing];
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
}

function quantileEdges(values: ArrayLike<unknown>, bins: number): number[] {
  const present = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!isMissing(v)) present[n++] = Number(v);
  }
  const sorted = present.subarray(0, n).sort();
  // Few distinct values (flags, small counts): one bin per value, so a rare value keeps its own bin.
  const distinct: number[] = [];
  for (let i = 0; i < n && distinct.length <= DISCRETE_MAX; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  }
  if (distinct.length <= DISCRETE_MAX) return distinct.slice(1);
  const edges: number[] = [];
  for (let k = 1; k < bins && n > 0; k++) {
    const edge = sorted[Math.min(n - 1, Math.floor((k * n) / bins))];
    // Ties merge bins; an edge at the minimum would only make an always-empty first bin.
    if (edge > sorted[0] && edge !== edges.at(-1)) edges.push(edge);
  }
  return edges;
}

function countNumeric(edges: readonly number[], values: ArrayLike<unknown>) {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let missing = 0;
  const e = Float64Array.from(edges);
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    if (isMissing(raw)) {
      missing++;
      continue;
    }
    const v = typeof raw === "number" ? raw : Number(raw);
    // Upper bound: the number of edges ≤ v is the bin.
    let lo = 0;
    let hi = e.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (e[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]++;
  }
  return { counts, missing };
}

function countCategories(categories: readonly string[], values: ArrayLike<unknown>) {
  const index = new Map(categories.map((c, i) => [c, i]));
  const counts = new Array<number>(categories.length).fill(0);
  let other = 0;
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) {
      missing++;
      continue;
    }
    const at = index.get(String(v));
    if (at === undefined) other++;
    else counts[at]++;
  }
  return { categories: [...categories], counts, other, missing };
}

const count = z.number().int().nonnegative();
const numericBins = z.strictObject({
  kind: z.literal("numeric"),
  column: z.string().min(1),
  label: z.string(),
  edges: z.array(z.number()),
  counts: z.array(count),
  missing: count,
});
const categoryBins = z.strictObject({
  kind: z.literal("category"),
  column: z.string().min(1),
  label: z.string(),
  categories: z.array(z.string()),
  counts: z.array(count),
  other: count,
  missing: count,
});

/** The file schema of a reference profile. */
export const referenceProfileSchema = z
  .strictObject({
    version: z.literal(1),
    modelHash: z.string().min(1),
    origin: z.string(),
    rows: count,
    score: numericBins,
    inputs: z.array(z.discriminatedUnion("kind", [numericBins, categoryBins])),
  })
  .superRefine((p, ctx) => {
    for (const [i, b] of [p.score, ...p.inputs].entries()) {
      const expected = b.kind === "numeric" ? b.edges.length + 1 : b.categories.length;
      if (b.counts.length !== expected) {
        ctx.addIssue({
          code: "custom",
          path: i === 0 ? ["score", "counts"] : ["inputs", i - 1, "counts"],
          message: `${b.column}: ${b.counts.length} counts for ${expected} bins`,
        });
      }
    }
  }) satisfies z.ZodType<ReferenceProfile>;
