/**
 * Golden files for rendered Block Kit JSON (after Plot's `test/plot-snapshot.js`): every digit run
 * in a string value replaced by "#" before comparing — customer IDs, percentages, timestamps,
 * snapshot IDs — so a golden pins the layout, words and limits, not a model's exact scores. On a
 * mismatch the new output is written beside the golden as `<name>-changed.json` and the test
 * fails; a missing golden is written once locally, never in CI (`process.env.CI`).
 */
import { join } from "node:path";
import { expectGoldenFile } from "../../../core/test/fixtures/golden-file.ts";

export const GOLDEN_DIR = join(import.meta.dirname, "__golden__");

/**
 * `value` with volatile strings replaced (`volatile`: exact text → stand-in, e.g. this run's
 * snapshot ID → "<snapshot>"), then every digit run inside strings replaced by "#".
 */
export function normaliseJson(value: unknown, volatile: Record<string, string> = {}): unknown {
  if (typeof value === "string") {
    let text = value;
    for (const [from, to] of Object.entries(volatile)) if (from) text = text.split(from).join(to);
    return text.replace(/\d+(?:[.,]\d+)*/g, "#");
  }
  if (Array.isArray(value)) return value.map((v) => normaliseJson(v, volatile));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseJson(v, volatile)]));
  return value;
}

/** Compares `value` (normalised) with `__golden__/<name>.json`. */
export async function expectGoldenJson(
  name: string,
  value: unknown,
  volatile: Record<string, string> = {},
  dir = GOLDEN_DIR,
): Promise<void> {
  await expectGoldenFile(dir, name, "json", `${JSON.stringify(normaliseJson(value, volatile), null, 2)}\n`);
}
