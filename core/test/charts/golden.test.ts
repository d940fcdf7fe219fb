// The golden-file helper itself: it must fail loudly, and never bless a missing golden in CI.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectGoldenSvg, normaliseSvg } from "./golden.ts";

let dir: string;
const ci = process.env.CI;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "et-golden-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  if (ci === undefined) delete process.env.CI;
  else process.env.CI = ci;
});

describe("expectGoldenSvg", () => {
  it("normalises numbers and Plot's clip ids, one tag per line", () => {
    expect(normaliseSvg('<g><rect x="10.123456" y="-0.0001" clip-path="url(#plot-clip-17)"/></g>')).toBe(
      '<g>\n<rect x="10.12" y="0" clip-path="url(#plot-clip)"/>\n</g>',
    );
  });

  it("passes a match and removes a stale -changed file", async () => {
    writeFileSync(join(dir, "a.svg"), "<svg>\n<g/>\n</svg>\n");
    writeFileSync(join(dir, "a-changed.svg"), "old");
    await expectGoldenSvg("a", "<svg><g/></svg>", dir);
    expect(existsSync(join(dir, "a-changed.svg"))).toBe(false);
  });

  it("fails on a mismatch and writes the new output beside the golden", async () => {
    writeFileSync(join(dir, "a.svg"), "<svg>\n<g/>\n</svg>\n");
    await expect(expectGoldenSvg("a", '<svg><rect x="1.5"/></svg>', dir)).rejects.toThrow(
      "a.svg differs from its golden; new output in a-changed.svg",
    );
    expect(readFileSync(join(dir, "a-changed.svg"), "utf8")).toBe('<svg>\n<rect x="1.5"/>\n</svg>\n');
  });

  it("never creates a missing golden in CI", async () => {
    process.env.CI = "true";
    await expect(expectGoldenSvg("b", "<svg/>", dir)).rejects.toThrow(
      "missing golden b.svg (not created in CI",
    );
    expect(existsSync(join(dir, "b.svg"))).toBe(false);
  });

  it("writes a missing golden once outside CI", async () => {
    delete process.env.CI;
    await expectGoldenSvg("c", "<svg/>", dir);
    expect(readFileSync(join(dir, "c.svg"), "utf8")).toBe("<svg/>\n");
  });
});
