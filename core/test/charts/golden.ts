/**
 * Golden files for rendered charts (after Plot's `test/plot-snapshot.js`): numbers rounded to two
 * decimals and Plot's counter ids normalised, one tag per line. On a mismatch the new output is
 * written beside the golden as `<name>-changed.svg` and the test fails; a missing golden is written
 * once locally, but never in CI (`process.env.CI`), where it fails instead.
 */
import { join } from "node:path";
import { expectGoldenFile } from "../fixtures/golden-file.ts";

export const GOLDEN_DIR = join(import.meta.dirname, "__golden__");

/** Rounds every decimal number to 2 places and removes Plot's counter-based ids. */
export function normaliseSvg(svg: string): string {
  return svg
    .replace(/-?\d+\.\d+(e-?\d+)?/g, (n) => {
      const r = Math.round(Number(n) * 100) / 100;
      return String(Object.is(r, -0) ? 0 : r);
    })
    .replace(/plot-clip-\d+/g, "plot-clip")
    .replace(/></g, ">\n<");
}

/** Compares `svg` (normalised) with `__golden__/<name>.svg`. */
export async function expectGoldenSvg(name: string, svg: string, dir = GOLDEN_DIR): Promise<void> {
  await expectGoldenFile(dir, name, "svg", `${normaliseSvg(svg)}\n`);
}
