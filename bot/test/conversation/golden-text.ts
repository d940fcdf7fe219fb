/**
 * Golden files for rendered text replies (after Plot's `test/plot-snapshot.js`): every number
 * replaced by "#" before comparing, so the golden pins words, layout and order, not the model's
 * exact scores. On a mismatch the new output is written beside the golden as `<name>-changed.txt`
 * and the test fails; a missing golden is written once locally, but never in CI (`process.env.CI`),
 * where it fails instead.
 */
import { join } from "node:path";
import { expectGoldenFile } from "../../../core/test/fixtures/golden-file.ts";

export const GOLDEN_DIR = join(import.meta.dirname, "__golden__");

/** Digits (with decimals and thousands separators) → "#". */
export function normaliseNumbers(text: string): string {
  return text.replace(/\d+(?:[.,]\d+)*/g, "#");
}

/** Compares `text` (normalised) with `__golden__/<name>.txt`. */
export async function expectGoldenText(name: string, text: string, dir = GOLDEN_DIR): Promise<void> {
  await expectGoldenFile(dir, name, "txt", `${normaliseNumbers(text).trimEnd()}\n`);
}
