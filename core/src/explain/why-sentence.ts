import type { Driver, RiskBand } from "../snapshot/scored-batch.ts";
import { valueWords, type ValueWords } from "./value-words.ts";

/**
 * One plain-language sentence per customer:
 * "High risk (71%) mainly because of a month-to-month contract, fibre-optic internet and 4 support
 * calls in 90 days; a tenure of 24 months lowers it."
 *
 * Up to three drivers that raise risk and two that lower it, each above a small floor so noise is
 * not narrated.
 */
export function whySentence(
  record: Readonly<Record<string, unknown>>,
  band: RiskBand,
  probability: number,
  drivers: readonly Driver[],
  options: { minAbs?: number; words?: ValueWords } = {},
): string {
  const minAbs = options.minAbs ?? 0.02;
  const words = options.words ?? valueWords(undefined);
  const phrase = (d: Driver) => words.describe(d.source, record[d.source]);
  const up = drivers
    .filter((d) => d.value >= minAbs)
    .slice(0, 3)
    .map(phrase);
  const down = drivers
    .filter((d) => d.value <= -minAbs)
    .slice(0, 2)
    .map(phrase);
  const head = `${band} risk (${Math.round(probability * 100)}%)`;
  const parts = [head];
  if (up.length) parts[0] += ` mainly because of ${list(up)}`;
  else parts[0] += " with no single factor raising it much";
  let sentence = parts[0];
  if (down.length) sentence += `; ${list(down)} ${down.length === 1 ? "lowers" : "lower"} it`;
  return `${sentence}.`;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
