import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cellParser, parseCell } from "../../src/data/parse-cell.ts";
import { telcoCells } from "../../src/data/schema.ts";

describe("parseCell", () => {
  it("returns the value or the schema's own reason, unwrapping unions", () => {
    expect(parseCell(telcoCells.tenure, " 12 ")).toEqual({ ok: true, value: 12 });
    expect(parseCell(telcoCells.tenure, "200")).toEqual({ ok: false, reason: "above 120" });
    expect(parseCell(telcoCells.TotalCharges, "")).toEqual({ ok: true, value: null });
    expect(parseCell(telcoCells.TotalCharges, "abc")).toEqual({ ok: false, reason: "not a number" });
  });
});

describe("cellParser", () => {
  it("gives exactly parseCell's answers, with or without the cache, repeated or unique values", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom("1", "0", "", " ", "x", "-1", "1e2"), fc.double().map(String)), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.constantFrom(1, 2, 8, 4096),
        (cells, cacheSize) => {
          const parse = cellParser(telcoCells.TotalCharges, cacheSize);
          for (const cell of cells) expect(parse(cell)).toEqual(parseCell(telcoCells.TotalCharges, cell));
        },
      ),
      { seed: 7 },
    );
  });
});
