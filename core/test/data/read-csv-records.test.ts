import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { readCsvRecords, type CsvRecord } from "../../src/data/read-csv-records.ts";
import { quote, tempDir } from "./customer-csv.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function readAll(path: string, chunkBytes?: number): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of readCsvRecords(path, { chunkBytes })) out.push(record);
  return out;
}

// Cells full of the characters that make CSV hard: separators, quotes, CR, LF, CRLF, non-ASCII.
const cell = fc
  .array(fc.constantFrom("a", "b", " ", ",", '"', "\n", "\r\n", "\r", "é", "日", "🎉", "0", "-"), { maxLength: 8 })
  .map((parts) => parts.join(""));

describe("readCsvRecords", () => {
  it("gives every record its physical start line and exact cells, whatever the quoting, line endings and chunking", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            cells: fc.array(cell, { minLength: 2, maxLength: 4 }),
            forceQuote: fc.boolean(),
            blankLinesBefore: fc.nat({ max: 2 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.constantFrom(1, 3, 16, 65536),
        async (records, eol, bom, chunkBytes) => {
          let text = bom ? "\uFEFF" : "";
          let lineNo = 1;
          const expected: CsvRecord[] = [];
          for (const r of records) {
            text += eol.repeat(r.blankLinesBefore);
            lineNo += r.blankLinesBefore;
            // A cell ending in a bare CR would merge with the line ending: always quote such cells.
            const encoded = r.cells.map((c) => quote(c, r.forceQuote || c.endsWith("\r")));
            const raw = encoded.join(",");
            expected.push({ line: lineNo, cells: r.cells });
            text += raw + eol;
            lineNo += 1 + (raw.match(/\n/g)?.length ?? 0);
          }
          const path = tmp.file(`prop-${n++}.csv`, text);
          expect(await readAll(path, chunkBytes)).toEqual(expected);
        },
      ),
      { numRuns: 150, seed: 20260 },
    );
  });

  it("keeps a stray quote inside an unquoted field as text", async () => {
    const path = tmp.file("stray.csv", 'a,b\n5" screen,x\n');
    expect(await readAll(path)).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ['5" screen', "x"] },
    ]);
  });
});
