import type { Customer } from "../data/schema.ts";
import type { CustomerEncoderSpec } from "./encoder-spec.ts";
import { featureInfo } from "./encoder-spec.ts";
import type { FeatureMatrix } from "./feature-matrix.ts";

/** Grows column-major feature columns one customer at a time; `finish()` returns the matrix. */
export interface MatrixBuilder<Row> {
  push(row: Row): void;
  readonly nRows: number;
  finish(): FeatureMatrix;
}

/**
 * Encodes customers into a `FeatureMatrix`: numbers as they are (null → NaN), one-hot categories as
 * 0/1, ordinal categories as their index. An unknown category cannot reach here: the schema rejects it.
 *
 * @example
 * const m = encodeCustomers(defaultEncoderSpec(), customers);
 * m.columns[1][0]; // tenure of the first customer
 */
export function encodeCustomers(
  spec: CustomerEncoderSpec,
  customers: Iterable<Customer>,
  capacity = 1024,
): FeatureMatrix {
  const b = customerMatrixBuilder(spec, capacity);
  for (const c of customers) b.push(c);
  return b.finish();
}

export function customerMatrixBuilder(spec: CustomerEncoderSpec, capacity = 1024): MatrixBuilder<Customer> {
  const names = featureInfo(spec).map((f) => f.name);
  let cap = Math.max(1, capacity);
  let cols = names.map(() => new Float32Array(cap));
  let n = 0;
  // Precompute, per source, its first feature index and a category → offset map: runs once per row.
  let offset = 0;
  const plan = spec.sources.map((s) => {
    const p = {
      s,
      at: offset,
      index: new Map(s.kind === "numeric" ? [] : s.categories.map((c, i) => [c, i])),
    };
    offset += s.kind === "onehot" ? s.categories.length : 1;
    return p;
  });
  return {
    get nRows() {
      return n;
    },
    push(c) {
      if (n === cap) {
        cap *= 2;
        cols = cols.map((col) => {
          const next = new Float32Array(cap);
          next.set(col);
          return next;
        });
      }
      const rec = c as unknown as Record<string, unknown>;
      for (const { s, at, index } of plan) {
        const v = rec[s.column];
        if (s.kind === "numeric") {
          cols[at][n] = typeof v === "number" ? v : NaN;
        } else if (s.kind === "ordinal") {
          const k = index.get(String(v));
          cols[at][n] = k === undefined ? NaN : k;
        } else {
          const k = index.get(String(v));
          for (let j = 0; j < s.categories.length; j++)
            cols[at + j][n] = k === undefined ? NaN : k === j ? 1 : 0;
        }
      }
      n++;
    },
    finish() {
      return { nRows: n, featureNames: names, columns: cols.map((col) => col.slice(0, n)) };
    },
  };
}
