/**
 * Batch scoring through onnxruntime-node: the serving path for every model file.
 */
import { readFile } from "node:fs/promises";
import * as ort from "onnxruntime-node";
import type { FeatureMatrix } from "../features/feature-matrix.ts";
import { assertSameFeatures } from "./assert-same-features.ts";
import { predictMargin } from "./predict.ts";
import { readEnsembleFromOnnx } from "./read-ensemble-from-onnx.ts";
import type { TreeEnsemble } from "./tree.ts";

export interface OnnxScorerOptions {
  /** Rows per `session.run` (default 65 536): bounds the size of the input and output tensors. */
  chunkRows?: number;
  /**
   * How `margin` is computed:
   * - `"logit"` (default): from onnxruntime's float32 probabilities, `log(p) − log(1 − p)`.
   *   Within about 1e-6 of the exact margin while p stays in [0.05, 0.95]; the error grows in the
   *   tails (about 1e-3 at |margin| = 10), and it is ±Infinity once p rounds to 0 or 1 (|margin| ≳ 17).
   * - `"exact"`: `predictMargin` on the trees read from the file, in memory — XGBoost's margin
   *   bit for bit, at the cost of a second pass over the trees (roughly doubles scoring time).
   */
  margin?: "logit" | "exact";
  /** onnxruntime session options; defaults in `DEFAULT_SESSION_OPTIONS`. */
  sessionOptions?: ort.InferenceSession.SessionOptions;
}

export interface Scores {
  /** P(churn) from the model's `probabilities` output (uncalibrated). */
  probability: Float64Array;
  /** Margin (log-odds), see `OnnxScorerOptions.margin`. */
  margin: Float64Array;
}

/** Rows per `session.run` unless `chunkRows` says otherwise. */
export const DEFAULT_CHUNK_ROWS = 65_536;

/** Session defaults, chosen with bench/cases/onnx-score.bench.ts on a 2-core machine. */
export const DEFAULT_SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 2,
  interOpNumThreads: 1,
  graphOptimizationLevel: "all",
  executionMode: "sequential",
  // Idle pool threads sleep instead of spinning: each run is large, so spinning saves nothing, and
  // on a busy 2-core machine it cost ~1.8× the CPU time (and 2–3× the wall time) of not spinning.
  extra: { session: { intra_op: { allow_spinning: "0" } } },
};

/**
 * A loaded ONNX model, ready to score many batches: the session is created once.
 *
 * @example
 * const scorer = await OnnxScorer.load("models/v1/model.onnx");
 * const { probability } = await scorer.scoreBatch(matrix);
 * await scorer.release();
 */
export class OnnxScorer {
  /** The trees read from the same bytes (for TreeSHAP and exact margins). */
  readonly ensemble: TreeEnsemble;
  readonly featureNames: readonly string[];
  readonly #session: ort.InferenceSession;
  readonly #chunkRows: number;
  readonly #margin: "logit" | "exact";

  private constructor(session: ort.InferenceSession, ensemble: TreeEnsemble, options: OnnxScorerOptions) {
    this.#session = session;
    this.ensemble = ensemble;
    this.featureNames = ensemble.featureNames;
    this.#chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
    this.#margin = options.margin ?? "logit";
    if (!(Number.isInteger(this.#chunkRows) && this.#chunkRows > 0)) {
      throw new Error(`invalid chunkRows: ${options.chunkRows}`);
    }
  }

  /**
   * Loads a model from its bytes or a file path. The ONNX file must be one `exportOnnx` wrote
   * (its trees and feature names are read back from it).
   */
  static async load(
    source: Uint8Array | string,
    options: OnnxScorerOptions = {},
    read: (path: string) => Promise<Uint8Array> = readFile,
  ): Promise<OnnxScorer> {
    const bytes = typeof source === "string" ? await read(source) : source;
    const ensemble = readEnsembleFromOnnx(bytes);
    const session = await ort.InferenceSession.create(bytes, {
      ...DEFAULT_SESSION_OPTIONS,
      ...options.sessionOptions,
    });
    return new OnnxScorer(session, ensemble, options);
  }

  /**
   * Scores every row. `input` is a `FeatureMatrix` with the model's features in the model's order,
   * or a row-major Float32Array of `nRows` × features (NaN = missing).
   */
  async scoreBatch(input: FeatureMatrix | Float32Array, nRows?: number): Promise<Scores> {
    const nf = this.featureNames.length;
    let n: number;
    let chunkOf: (start: number, end: number) => Float32Array;
    if (input instanceof Float32Array) {
      n = nRows ?? input.length / nf;
      if (!Number.isInteger(n) || n < 0 || input.length !== n * nf) {
        throw new Error(
          `row-major input has ${input.length} values, expected ${nRows === undefined ? `a multiple of ${nf}` : `${nRows} × ${nf}`}`,
        );
      }
      chunkOf = (start, end) => input.subarray(start * nf, end * nf);
    } else {
      assertSameFeatures(this.featureNames, input.featureNames, "input");
      n = input.nRows;
      const short = input.columns.findIndex((c) => c.length !== n);
      if (short >= 0)
        throw new Error(
          `input column ${input.featureNames[short]} has ${input.columns[short].length} rows, not ${n}`,
        );
      if (nRows !== undefined && nRows !== n)
        throw new Error(`nRows ${nRows} differs from the matrix's ${n} rows`);
      const buffer = new Float32Array(Math.min(n, this.#chunkRows) * nf);
      chunkOf = (start, end) => {
        const out = buffer.subarray(0, (end - start) * nf);
        // Tiles of rows: a tile's slice of the output (≈46 KB at 45 features) stays in cache
        // while every column is copied into it, instead of striding over the whole chunk per column.
        for (let tile = start; tile < end; tile += 256) {
          const tileEnd = Math.min(end, tile + 256);
          for (let j = 0; j < nf; j++) {
            const col = input.columns[j];
            for (let i = tile, k = (tile - start) * nf + j; i < tileEnd; i++, k += nf) out[k] = col[i];
          }
        }
        return out;
      };
    }

    const probability = new Float64Array(n);
    const margin = new Float64Array(n);
    for (let start = 0; start < n; start += this.#chunkRows) {
      const end = Math.min(n, start + this.#chunkRows);
      const feeds = { input: new ort.Tensor("float32", chunkOf(start, end), [end - start, nf]) };
      const out = await this.#session.run(feeds, ["probabilities"]);
      const probs = out.probabilities.data as Float32Array;
      for (let i = start, k = 0; i < end; i++, k += 2) {
        // Never the `label` output: it thresholds the raw score and can disagree with p.
        probability[i] = probs[k + 1];
        margin[i] = Math.log(probs[k + 1]) - Math.log(probs[k]);
      }
      out.probabilities.dispose();
    }
    if (this.#margin === "exact" && n > 0) {
      const exact =
        input instanceof Float32Array
          ? predictMargin(this.ensemble, fromRowMajor(input, n, this.featureNames))
          : predictMargin(this.ensemble, input);
      margin.set(exact);
    }
    return { probability, margin };
  }

  /** Frees the native session. */
  async release(): Promise<void> {
    await this.#session.release();
  }
}

function fromRowMajor(data: Float32Array, n: number, featureNames: readonly string[]): FeatureMatrix {
  const nf = featureNames.length;
  const columns = featureNames.map((_, j) => {
    const col = new Float32Array(n);
    for (let i = 0, k = j; i < n; i++, k += nf) col[i] = data[k];
    return col;
  });
  return { nRows: n, featureNames, columns };
}
