import { describe, expect, it } from "vitest";
import { stringify } from "csv-stringify/sync";
import { csvSafe } from "../../src/data/csv-safe.ts";

describe("csvSafe", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["-A1", "'-A1"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["-", "'-"],
  ])("neutralises %j", (cell, safe) => {
    expect(csvSafe(cell)).toBe(safe);
  });

  it.each(["-12.5", "+3", "-1e-3", "-.5", "0", "Month-to-month", "a=b", "", "Fiber optic"])(
    "leaves %j as it is",
    (cell) => {
      expect(csvSafe(cell)).toBe(cell);
    },
  );

  it("passes non-strings through unchanged", () => {
    expect(csvSafe(-12.5)).toBe(-12.5);
    expect(csvSafe(null)).toBeNull();
    expect(csvSafe(undefined)).toBeUndefined();
    expect(csvSafe(true)).toBe(true);
  });

  it("survives CSV quoting", () => {
    expect(stringify([[csvSafe('=1,"2"'), csvSafe(-3)]])).toBe(`"'=1,""2""",-3\n`);
  });
});
