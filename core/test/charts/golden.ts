/**
 * Golden files for rendered charts (after Plot's `test/plot-snapshot.js`): numbers rounded to two
 * decimals and Plot's counter ids normalised, one tag per line. On a mismatch the new output is
 * written beside the golden as `<name>-changed.svg` and the test fails; a missing golden is written
 * once locally, but never in CI (`process.env.CI`), where it fails instead.
 */
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";

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
  const actual = `${normaliseSvg(svg)}\n`;
  const path = join(dir, `${name}.svg`);
  const changed = join(dir, `${name}-changed.svg`);
  if (!existsSync(path)) {
    if (process.env.CI) {
      await writeFile(changed, actual);
      expect.fail(`missing golden ${name}.svg (not created in CI; output written to ${name}-changed.svg)`);
    }
    await writeFile(path, actual);
    return;
  }
  const expected = await readFile(path, "utf8");
  if (actual !== expected) {
    await writeFile(changed, actual);
    expect.fail(`${name}.svg differs from its golden; new output in ${name}-changed.svg`);
  }
  await rm(changed, { force: true });
}
