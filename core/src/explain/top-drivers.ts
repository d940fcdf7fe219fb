import type { Driver } from "../snapshot/scored-batch.ts";
import { valueWords, type ValueWords } from "./value-words.ts";

/**
 * The k largest contributions of one row by |value|, labelled with the customer's own value.
 * Ties break by source order so the result is deterministic.
 */
export function topDrivers(
  record: Readonly<Record<string, unknown>>,
  sources: readonly string[],
  sourceLabels: readonly string[],
  grouped: ArrayLike<number>,
  offset: number,
  k = 5,
  words: ValueWords = valueWords(undefined),
): Driver[] {
  const order = sources.map((_, j) => j);
  order.sort((a, b) => Math.abs(grouped[offset + b]) - Math.abs(grouped[offset + a]) || a - b);
  const out: Driver[] = [];
  for (const j of order) {
    if (out.length === k) break;
    const value = grouped[offset + j];
    if (value === 0) continue;
    const source = sources[j];
    out.push({ source, label: words.label(source, sourceLabels[j], record[source]), value });
  }
  return out;
}
