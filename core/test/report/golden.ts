import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";

export const GOLDEN_DIR = join(import.meta.dirname, "__golden__");

/**
 * Compares `actual` with `__golden__/<name>` (both normalised by `normalise`). On a mismatch the
 * actual text is written beside the golden as `<stem>-changed.<ext>` (git-ignored) for review; a
 * missing golden is created locally but never in CI.
 */
export function expectGolden(
  name: string,
  actual: string,
  normalise: (text: string) => string = (t) => t,
): void {
  const path = join(GOLDEN_DIR, name);
  const changed = path.replace(/(\.[^./]+)$/, "-changed$1");
  const text = normalise(actual);
  if (!existsSync(path)) {
    if (process.env.CI) throw new Error(`missing golden file ${name} (not created in CI)`);
    writeFileSync(path, text);
    return;
  }
  const expected = readFileSync(path, "utf8");
  if (text !== expected) writeFileSync(changed, text);
  expect(text, `golden ${name} differs; see ${changed}`).toBe(expected);
}

/** Hashes (12–64 hex digits) become `<hash>`: model bytes may change without the report changing. */
export const normaliseHashes = (text: string) => text.replace(/\b[0-9a-f]{12,64}\b/g, "<hash>");

/** JSON with hashes normalised and every non-integer rounded to 6 decimals (float noise across machines). */
export function normaliseJson(text: string): string {
  const round = (v: unknown): unknown =>
    typeof v === "number" && !Number.isInteger(v)
      ? Math.round(v * 1e6) / 1e6
      : Array.isArray(v)
        ? v.map(round)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]))
          : v;
  return normaliseHashes(`${JSON.stringify(round(JSON.parse(text)), null, 2)}\n`);
}
