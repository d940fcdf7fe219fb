import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { DataFileError } from "../../src/data/data-file-error.ts";
import { loadCustomers, type LoadResult } from "../../src/data/load-customers.ts";
import { readCsvRecords, type CsvReadOptions, type CsvRecord } from "../../src/data/read-csv-records.ts";
import { seededRandom } from "../../src/data/seeded-random.ts";
import { TELCO_CSV, TELCO_SKIP_REASON } from "../fixtures/paths.ts";
import { quote, tempDir } from "./customer-csv.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function readAll(path: string, options: number | CsvReadOptions = {}): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  const opts = typeof options === "number" ? { chunkBytes: options } : options;
  for await (const record of readCsvRecords(path, opts)) out.push(record);
  return out;
}

async function readError(path: string, options: CsvReadOptions = {}): Promise<DataFileError> {
  const err = await readAll(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataFileError);
  return err as DataFileError;
}

/** The line-break rule, stated plainly: CRLF, a lone CR and a lone LF each end one physical line. */
const breaks = (text: string): number => text.match(/\r\n|\r|\n/g)?.length ?? 0;

// Cells full of the characters that make CSV hard: separators, quotes, CR, LF, CRLF, non-ASCII.
const cell = fc
  .array(fc.constantFrom("a", "b", " ", ",", '"', "\n", "\r\n", "\r", "é", "日", "🎉", "0", "-"), { maxLength: 8 })
  .map((parts) => parts.join(""));
const eol = fc.constantFrom("\n", "\r\n", "\r");

describe("readCsvRecords", () => {
  it("gives every record its physical start line and exact cells, whatever the quoting, line endings and chunking", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            cells: fc.array(cell, { minLength: 2, maxLength: 4 }),
            forceQuote: fc.boolean(),
            blankLinesBefore: fc.array(eol, { maxLength: 2 }),
            eol,
          }),
          { minLength: 1, maxLength: 12 },
        ),
        // One ending for the whole file (LF, CRLF or CR only), or each line its own.
        fc.option(eol, { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(1, 2, 3, 16, 65536),
        async (records, fileEol, bom, trailingEol, chunkBytes) => {
          let text = bom ? "\uFEFF" : "";
          const expected: CsvRecord[] = [];
          records.forEach((r, i) => {
            for (const blank of r.blankLinesBefore) text += fileEol ?? blank;
            // A CR ending a blank line and an LF ending the next one are one CRLF: count the text
            // written so far rather than the lines meant.
            expected.push({ line: 1 + breaks(text), cells: r.cells });
            text += r.cells.map((c) => quote(c, r.forceQuote)).join(",");
            if (trailingEol || i < records.length - 1) text += fileEol ?? r.eol;
          });
          const path = tmp.file(`prop-${n++}.csv`, text);
          expect(await readAll(path, chunkBytes)).toEqual(expected);
        },
      ),
      { numRuns: 300, seed: 20260 },
    );
  });

  it("ends records at a lone CR, and keeps CR, LF and CRLF inside quotes exactly as written", async () => {
    const path = tmp.file("cr.csv", 'id,note\r1,"a\rb"\r2,"c\r\nd\ne"\r\n3,x\n\r4,y');
    expect(await readAll(path)).toEqual([
      { line: 1, cells: ["id", "note"] },
      { line: 2, cells: ["1", "a\rb"] },
      { line: 4, cells: ["2", "c\r\nd\ne"] },
      { line: 7, cells: ["3", "x"] },
      { line: 9, cells: ["4", "y"] },
    ]);
  });

  it("keeps a stray quote inside an unquoted field as text", async () => {
    const path = tmp.file("stray.csv", 'a,b\n5" screen,x\n');
    expect(await readAll(path)).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ['5" screen', "x"] },
    ]);
  });
});

describe("readCsvRecords: every file-level error names the line counted the same way", () => {
  // A header, a record, a quoted cell spanning two lines and a blank line, each line ending as
  // drawn; the faulty record comes next, usually on line 6 (5 when a CR and the blank line's LF
  // make one CRLF).
  const head = (eols: string[]): string =>
    ["id,note", "1,x", '2,"two', 'lines"', ""].map((l, i) => l + eols[i % eols.length]).join("");
  const endings = fc.array(eol, { minLength: 1, maxLength: 5 });
  const chunks = fc.constantFrom(1, 2, 3, 7, 65536);

  it("unclosed quotes, oversized records and fields, invalid UTF-8 and NUL bytes", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        endings,
        eol,
        chunks,
        fc.constantFrom("unclosed-quote", "record-too-large", "field-too-large", "invalid-utf8", "binary"),
        async (eols, after, chunkBytes, code) => {
          const text = head(eols);
          const line = 1 + breaks(text);
          const tail = `${after}4,z${after}`;
          const fault: Record<string, Buffer> = {
            "unclosed-quote": Buffer.from(`3,"open${tail}`),
            "record-too-large": Buffer.from(`3,"${"w".repeat(1100)}${tail}`),
            "field-too-large": Buffer.from(`3,${"f".repeat(300)}${tail}`),
            "invalid-utf8": Buffer.concat([Buffer.from("3,caf"), Buffer.from([0xe9]), Buffer.from(tail)]),
            binary: Buffer.concat([Buffer.from("3,"), Buffer.from([0x50, 0x4b, 0x00]), Buffer.from(tail)]),
          };
          const path = tmp.file(`fault-${n++}.csv`, Buffer.concat([Buffer.from(text), fault[code]]));
          const e = await readError(path, { chunkBytes, maxRecordBytes: 1000, maxFieldBytes: 100 });
          expect(e.code).toBe(code);
          expect(e.line).toBe(line);
          expect(e.message).toMatch(new RegExp(`line ${line}\\b`));
        },
      ),
      { numRuns: 150, seed: 99 },
    );
  });

  it("an invalid UTF-8 byte on line N of a CR-only file is reported as line N", async () => {
    const rows = ["id,name", "1,Ann", "2,Bob", "3,Cy", "4,Dee"];
    for (let line = 1; line <= rows.length; line++) {
      const bytes = rows.map((r, i) => Buffer.from(i === line - 1 ? `${r}\xe9\r` : `${r}\r`, "latin1"));
      const path = tmp.file(`cr-latin1-${line}.csv`, Buffer.concat(bytes));
      for (const chunkBytes of [1, 2, 5, 65536]) {
        const e = await readError(path, { chunkBytes });
        expect(e.code).toBe("invalid-utf8");
        expect(e.line).toBe(line);
      }
    }
  });
});

describe.skipIf(!TELCO_CSV)(`the real IBM Telco file with other line endings (skips when ${TELCO_SKIP_REASON})`, () => {
  const telco = TELCO_CSV ?? "";
  /** The file's lines (it ends in CRLF), rewritten with `eolOf(i)` after line i. */
  const rewrite = (name: string, eolOf: (i: number) => string): string => {
    const lines = readFileSync(telco, "utf8").split("\r\n");
    expect(lines.pop()).toBe("");
    return tmp.file(name, lines.map((l, i) => l + eolOf(i)).join(""));
  };
  const summary = (r: LoadResult) => ({
    accepted: r.accepted,
    ids: r.customers.map((c) => c.customerID),
    rejected: r.rejected,
    reasons: r.errors.map((e) => [e.line, e.column, e.reason]),
    warnings: r.warnings,
  });

  it("loads the same 7,043 customers, and rejects the same rows, with lone-CR and with mixed line endings", async () => {
    const original = await loadCustomers(telco);
    expect(original.accepted).toBe(7043);
    const cr = rewrite("telco-cr.csv", () => "\r");
    // Mixed: endings drawn at random (seeded); read again in odd-sized chunks, so line ends fall at
    // every offset of a chunk.
    const random = seededRandom(1);
    const mixed = rewrite("telco-mixed.csv", () => ["\n", "\r\n", "\r"][Math.floor(random() * 3)]);
    for (const [path, options] of [
      [cr, {}],
      [mixed, {}],
      [mixed, { chunkBytes: 4099 }],
    ] as const) {
      const result = await loadCustomers(path, options);
      expect(summary(result)).toEqual(summary(original));
      // And every record on the same physical line as in the original (header = 1, no blank lines).
      let line = 0;
      for await (const record of readCsvRecords(path, options)) expect(record.line).toBe(++line);
      expect(line).toBe(7044);
    }
  });
});
