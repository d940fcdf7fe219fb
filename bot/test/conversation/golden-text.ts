/**
 * Golden files for rendered text replies (after Plot's `test/plot-snapshot.js`): every number
 * replaced by "#" before comparing, so the golden pins words, layout and order, not the model's
 * exact scores. On a mismatch the new output is written beside the golden as `<name>-changed.txt`
 * and the test fails; a missing golden is written once locally, but never in CI (`process.env.CI`),
 * where it fails instead.
 */
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";

export const GOLDEN_DIR = join(import.meta.dirname, "__golden__");

/** Digits (with decimals and thousands separators) → "#". */
export function normaliseNumbers(text: string): string {
  return text.replace(/\d+(?:[.,]\d+)*/g, "#");
}

/** Compares `text` (normalised) with `__golden__/<name>.txt`. */
export async function expectGoldenText(name: string, text: string, dir = GOLDEN_DIR): Promise<void> {
  const actual = `${normaliseNumbers(text).trimEnd()}\n`;
  const path = join(dir, `${name}.txt`);
  const changed = join(dir, `${name}-changed.txt`);
  if (!existsSync(path)) {
    if (process.env.CI) {
      await writeFile(changed, actual);
      expect.fail(`missing golden ${name}.txt (not created in CI; output written to ${name}-changed.txt)`);
    }
    await writeFile(path, actual);
    return;
  }
  const expected = await readFile(path, "utf8");
  if (actual !== expected) {
    await writeFile(changed, actual);
    expect.fail(`${name}.txt differs from its golden; new output in ${name}-changed.txt`);
  }
  await rm(changed, { force: true });
}
