import { readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { stringify } from "csv-stringify/sync";
import { parquetWriteBuffer, type ColumnSource, type ParquetWriteOptions } from "hyparquet-writer";
import { DataFileError } from "../../src/data/data-file-error.ts";
import { readCsvRecords, type CsvRecord } from "../../src/data/read-csv-records.ts";
import { readParquetRecords, type ParquetReadOptions } from "../../src/data/read-parquet-records.ts";
import { tempDir } from "./customer-csv.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

let fileNo = 0;
function parquetFile(options: Omit<ParquetWriteOptions, "writer">, name = `t${fileNo++}.parquet`): string {
  return tmp.file(name, Buffer.from(parquetWriteBuffer(options)));
}

async function readAll(path: string, options: ParquetReadOptions = {}): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of readParquetRecords(path, options)) out.push(record);
  return out;
}

async function readCsv(path: string): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of readCsvRecords(path)) out.push(record);
  return out;
}

async function readError(path: string, options: ParquetReadOptions = {}): Promise<DataFileError> {
  const err = await readAll(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataFileError);
  expect((err as Error).message).not.toMatch(/\n\s+at /);
  return err as DataFileError;
}

/**
 * A customer table as its CSV would hold it (the canonical text), and how each column is typed in
 * Parquet. The Parquet file is built by parsing the text, so reading it back must give the text.
 */
type ColumnType =
  "STRING" | "INT32" | "INT64" | "DOUBLE" | "FLOAT" | "BOOLEAN" | "DATE" | "TIMESTAMP" | "DECIMAL";
const TABLE: { name: string; type: ColumnType; cells: string[] }[] = [
  {
    name: "customerID",
    type: "STRING",
    cells: ["7590-VHVEG", "Zoë Ångström", "東京-01", "🎉 party", 'say "hi", then go', "", "  padded  ", "x"],
  },
  { name: "tenure", type: "INT32", cells: ["1", "34", "", "-2", "0", "72", "2147483647", "5"] },
  { name: "events", type: "INT64", cells: ["9007199254740993", "0", "-42", "", "1", "2", "3", "4"] },
  {
    name: "MonthlyCharges",
    type: "DOUBLE",
    cells: ["29.85", "56.95", "0.1", "", "-3", "1e+21", "1234567.891", "70"],
  },
  {
    name: "score",
    type: "FLOAT",
    cells: ["0.1", "29.85", "", "-0.5", "3", "1e-7", "3.4028235e+38", "0.3333333"],
  },
  { name: "Churn", type: "BOOLEAN", cells: ["false", "true", "", "true", "false", "false", "true", "false"] },
  {
    name: "signup",
    type: "DATE",
    cells: [
      "2024-02-29",
      "1969-12-31",
      "",
      "2000-01-01",
      "1970-01-01",
      "2038-01-19",
      "2026-12-06",
      "1900-03-01",
    ],
  },
  {
    name: "last_seen",
    type: "TIMESTAMP",
    cells: [
      "2024-03-01T09:30:00.000Z",
      "",
      "1969-12-31T23:59:59.999Z",
      "2026-12-06T14:04:42.123Z",
      "1970-01-01T00:00:00.000Z",
      "2001-09-09T01:46:40.000Z",
      "2024-03-01T09:30:00.001Z",
      "2099-12-31T23:59:59.000Z",
    ],
  },
  {
    name: "TotalCharges",
    type: "DECIMAL",
    cells: ["29.90", "1889.50", "-5.00", "0.05", "", "0.00", "108.15", "1.00"],
  },
];
const ROWS = TABLE[0].cells.length;

function typedValue(text: string, type: ColumnType): unknown {
  if (text === "" && type !== "STRING") return null;
  switch (type) {
    case "STRING":
      return text;
    case "INT32":
    case "DOUBLE":
    case "FLOAT":
    case "DECIMAL":
      return Number(text);
    case "INT64":
      return BigInt(text);
    case "BOOLEAN":
      return text === "true";
    case "DATE":
    case "TIMESTAMP":
      return new Date(text);
  }
}

function tableParquet(
  table: typeof TABLE,
  options: Partial<Omit<ParquetWriteOptions, "writer">> = {},
): string {
  const columnData: ColumnSource[] = table.map((c) => ({
    name: c.name,
    data: c.cells.map((t) => typedValue(t, c.type)),
  }));
  const schema = [
    { name: "root", num_children: table.length },
    ...table.map((c) => {
      const base = { name: c.name, repetition_type: "OPTIONAL" as const };
      if (c.type === "STRING")
        return { ...base, type: "BYTE_ARRAY" as const, converted_type: "UTF8" as const };
      if (c.type === "DATE") return { ...base, type: "INT32" as const, converted_type: "DATE" as const };
      if (c.type === "TIMESTAMP")
        return { ...base, type: "INT64" as const, converted_type: "TIMESTAMP_MILLIS" as const };
      if (c.type === "DECIMAL")
        return {
          ...base,
          type: "INT64" as const,
          converted_type: "DECIMAL" as const,
          scale: 2,
          precision: 12,
        };
      return { ...base, type: c.type };
    }),
  ];
  return parquetFile({ columnData, schema, rowGroupSize: 3, ...options });
}

function tableCsv(table: typeof TABLE): string {
  const rows = [table.map((c) => c.name)];
  for (let r = 0; r < table[0].cells.length; r++) rows.push(table.map((c) => c.cells[r]));
  return tmp.file(`t${fileNo++}.csv`, stringify(rows));
}

describe("readParquetRecords", () => {
  it("yields the header, then row k as line k + 2, across row groups", async () => {
    const records = await readAll(tableParquet(TABLE));
    expect(records.map((r) => r.line)).toEqual(Array.from({ length: ROWS + 1 }, (_, i) => i + 1));
    expect(records[0].cells).toEqual(TABLE.map((c) => c.name));
  });

  it("gives each cell the text a CSV of the table holds: strings, integers, doubles, floats, booleans, nulls, dates, timestamps, decimals", async () => {
    const records = await readAll(tableParquet(TABLE));
    for (let c = 0; c < TABLE.length; c++) {
      expect(
        records.slice(1).map((r) => r.cells[c]),
        TABLE[c].name,
      ).toEqual(TABLE[c].cells);
    }
  });

  it("gives the same records as readCsvRecords over a CSV of the same table", async () => {
    expect(await readAll(tableParquet(TABLE))).toEqual(await readCsv(tableCsv(TABLE)));
  });

  it("gives the same records as a CSV for any flat table (property)", async () => {
    const text = fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) => !/[\r\n]/.test(s));
    const column = fc.oneof(
      fc.record({ type: fc.constant<ColumnType>("STRING"), gen: fc.constant(text) }),
      fc.record({ type: fc.constant<ColumnType>("INT32"), gen: fc.constant(fc.integer().map(String)) }),
      fc.record({
        type: fc.constant<ColumnType>("INT64"),
        gen: fc.constant(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String)),
      }),
      fc.record({ type: fc.constant<ColumnType>("DOUBLE"), gen: fc.constant(fc.double().map(String)) }),
      fc.record({ type: fc.constant<ColumnType>("BOOLEAN"), gen: fc.constant(fc.boolean().map(String)) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(column, { minLength: 2, maxLength: 5 }).chain((columns) =>
          fc.tuple(
            fc.constant(columns),
            fc.array(fc.tuple(...columns.map((c) => fc.option(c.gen, { nil: "", freq: 4 }))), {
              maxLength: 20,
            }),
            fc.integer({ min: 1, max: 7 }),
          ),
        ),
        async ([columns, rows, rowGroupSize]) => {
          const table = columns.map((c, i) => ({
            name: `c${i}`,
            type: c.type,
            cells: rows.map((r) => r[i]),
          }));
          const parquet = tableParquet(table, { rowGroupSize });
          const csv = await readCsv(tableCsv(table));
          expect(await readAll(parquet)).toEqual(csv);
        },
      ),
      { numRuns: 60, seed: 20261 },
    );
  });

  it("writes any timestamp exactly as Date#toISOString and any date as its first ten characters (property)", async () => {
    const ms = fc.integer({ min: -8.64e15, max: 8.64e15 });
    await fc.assert(
      fc.asyncProperty(fc.array(ms, { minLength: 1, maxLength: 30 }), async (times) => {
        const dates = times.map((t) => new Date(t));
        const path = parquetFile({
          columnData: [
            { name: "at", data: dates },
            { name: "on", data: dates },
          ],
          schema: [
            { name: "root", num_children: 2 },
            { name: "at", type: "INT64", converted_type: "TIMESTAMP_MILLIS", repetition_type: "REQUIRED" },
            { name: "on", type: "INT32", converted_type: "DATE", repetition_type: "REQUIRED" },
          ],
        });
        const rows = (await readAll(path)).slice(1).map((r) => r.cells);
        expect(rows).toEqual(dates.map((d) => [d.toISOString(), d.toISOString().split("T")[0]]));
      }),
      { numRuns: 40, seed: 20262 },
    );
  });

  it("truncates microsecond and nanosecond timestamps to the millisecond, also before 1970", async () => {
    const path = parquetFile({
      columnData: [
        { name: "us", data: [-1n, -1000n, -1001n, 1999n, null] },
        { name: "ns", data: [-1n, -1_000_000n, -1_000_001n, 1_999_999n, null] },
      ],
      schema: [
        { name: "root", num_children: 2 },
        { name: "us", type: "INT64", converted_type: "TIMESTAMP_MICROS", repetition_type: "OPTIONAL" },
        {
          name: "ns",
          type: "INT64",
          logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "NANOS" },
          repetition_type: "OPTIONAL",
        },
      ],
    });
    const cells = (await readAll(path)).slice(1).map((r) => r.cells);
    const expected = [
      "1969-12-31T23:59:59.999Z",
      "1969-12-31T23:59:59.999Z",
      "1969-12-31T23:59:59.998Z",
      "1970-01-01T00:00:00.001Z",
      "",
    ];
    expect(cells).toEqual(expected.map((t) => [t, t]));
  });

  it("numbers rows k + 2 even when a cell holds a line break (a CSV would start the next record lower)", async () => {
    const path = parquetFile({ columnData: [{ name: "note", data: ["a\nb", "c"], type: "STRING" }] });
    expect(await readAll(path)).toEqual([
      { line: 1, cells: ["note"] },
      { line: 2, cells: ["a\nb"] },
      { line: 3, cells: ["c"] },
    ]);
  });

  it("reports progress once per row group, ending at the file size", async () => {
    const path = tableParquet(TABLE); // 8 rows in groups of 3, 3 and 2
    const size = statSync(path).size;
    const calls: [number, number][] = [];
    const seen: number[] = [];
    for await (const _record of readParquetRecords(path, {
      onBytes: (done, total) => calls.push([done, total]),
    }))
      seen.push(calls.length);
    expect(calls).toHaveLength(3);
    expect(calls.every(([, total]) => total === size)).toBe(true);
    const done = calls.map(([d]) => d);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done[0]).toBeGreaterThan(0);
    expect(done.at(-1)).toBe(size);
    // Each group's progress comes before its rows: header, then rows of group 1 after call 1, ...
    expect(seen).toEqual([0, 1, 1, 1, 2, 2, 2, 3, 3]);
  });

  it("yields only the header for a file with no rows", async () => {
    const path = parquetFile({
      columnData: [
        { name: "customerID", data: [], type: "STRING" },
        { name: "tenure", data: [], type: "INT32" },
      ],
    });
    const calls: number[] = [];
    expect(await readAll(path, { onBytes: (done) => calls.push(done) })).toEqual([
      { line: 1, cells: ["customerID", "tenure"] },
    ]);
    expect(calls).toEqual([statSync(path).size]);
  });

  it("yields nothing for a file of zero bytes (the caller reports it empty, as for a CSV)", async () => {
    expect(await readAll(tmp.file("zero.parquet", ""))).toEqual([]);
  });

  it.each([
    ["with offset indexes", true],
    ["without offset indexes", false],
  ])("reads a row group bigger than one read in parts, %s", async (_, offsetIndex) => {
    const n = 150_000;
    const path = parquetFile({
      rowGroupSize: n,
      columnData: [
        { name: "id", data: Int32Array.from({ length: n }, (_, i) => i), type: "INT32", offsetIndex },
        {
          name: "tag",
          data: Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : `t${i % 100}`)),
          type: "STRING",
          offsetIndex,
        },
      ],
      pageSize: 64 * 1024,
    });
    const calls: number[] = [];
    let expected = 0;
    for await (const { line, cells } of readParquetRecords(path, { onBytes: (done) => calls.push(done) })) {
      if (line === 1) continue;
      const i = line - 2;
      if (i !== expected || cells[0] !== String(i) || cells[1] !== (i % 7 === 0 ? "" : `t${i % 100}`))
        throw new Error(`line ${line}: ${JSON.stringify(cells)}`);
      expected++;
    }
    expect(expected).toBe(n);
    expect(calls).toHaveLength(3);
    expect(calls.at(-1)).toBe(statSync(path).size);
  });

  it("reads gzip-compressed files as well as snappy and uncompressed ones", async () => {
    const columnData: ColumnSource[] = [{ name: "plan", data: ["basic", "pro", null], type: "STRING" }];
    const expected = [
      { line: 1, cells: ["plan"] },
      { line: 2, cells: ["basic"] },
      { line: 3, cells: ["pro"] },
      { line: 4, cells: [""] },
    ];
    for (const codec of ["SNAPPY", "UNCOMPRESSED", "GZIP"] as const) {
      const path = parquetFile({ columnData, codec, compressors: { GZIP: (b: Uint8Array) => gzipSync(b) } });
      expect(await readAll(path), codec).toEqual(expected);
    }
  });

  it("keeps JSON columns as their text", async () => {
    const path = parquetFile({
      columnData: [{ name: "meta", data: [{ a: 1 }, null, [1, "x"]], type: "JSON" }],
    });
    expect((await readAll(path)).slice(1).map((r) => r.cells[0])).toEqual(['{"a":1}', "", '[1,"x"]']);
  });
});

describe("readParquetRecords: file-level errors", () => {
  const good = () =>
    parquetFile({
      rowGroupSize: 50,
      columnData: [
        { name: "id", data: Array.from({ length: 200 }, (_, i) => i), type: "INT32" },
        { name: "name", data: Array.from({ length: 200 }, (_, i) => `row ${i}`), type: "STRING" },
      ],
    });

  it("refuses a CSV renamed .parquet", async () => {
    const path = tmp.file("renamed.parquet", "customerID,tenure\n1,2\n");
    const err = await readError(path, { file: "customers.parquet" });
    expect(err.code).toBe("malformed-parquet");
    expect(err.file).toBe("customers.parquet");
    expect(err.message).toBe('not a parquet file: "customers.parquet" (it does not start with PAR1)');
  });

  it("refuses a truncated file", async () => {
    const bytes = Buffer.from(
      parquetWriteBuffer({ columnData: [{ name: "id", data: [1, 2, 3], type: "INT32" }] }),
    );
    const err = await readError(tmp.file("cut.parquet", bytes.subarray(0, bytes.length >> 1)), {
      file: "cut.parquet",
    });
    expect(err.code).toBe("malformed-parquet");
    expect(err.message).toBe('truncated parquet file: "cut.parquet" (the footer is missing)');
  });

  it("refuses a file whose footer is garbage", async () => {
    const bytes = Buffer.from(
      parquetWriteBuffer({ columnData: [{ name: "id", data: [1, 2, 3], type: "INT32" }] }),
    );
    const footer = bytes.readUInt32LE(bytes.length - 8);
    bytes.fill(0xff, bytes.length - 8 - footer, bytes.length - 8);
    const err = await readError(tmp.file("footer.parquet", bytes), { file: "footer.parquet" });
    expect(err.code).toBe("malformed-parquet");
    expect(err.message).toMatch(/^corrupt parquet file: "footer\.parquet" \(footer: .+\)$/);
  });

  it("refuses a file whose row data is corrupt, naming the lines it was reading", async () => {
    const path = good();
    const bytes = readFileSync(path);
    bytes.fill(0xff, 4, 400); // the first column chunk of the first row group
    const err = await readError(tmp.file("data.parquet", bytes), { file: "data.parquet" });
    expect(err.code).toBe("malformed-parquet");
    expect(err.line).toBe(2);
    expect(err.message).toMatch(/^corrupt parquet file: "data\.parquet" \(lines 2–51: .+\)$/);
  });

  it("refuses a missing file and a directory", async () => {
    const missing = await readError(`${tmp.dir}/nope.parquet`, { file: "nope.parquet" });
    expect([missing.code, missing.message]).toEqual(["not-found", 'file not found: "nope.parquet"']);
    const dir = await readError(tmp.dir, { file: "data" });
    expect([dir.code, dir.message]).toEqual(["not-a-file", 'not a file: "data"']);
  });

  it("refuses a nested column before yielding anything, naming it", async () => {
    const path = parquetFile({
      columnData: [
        { name: "id", data: [1, 2] },
        { name: "tags", data: [["a", "b"], []] },
      ],
      schema: [
        { name: "root", num_children: 2 },
        { name: "id", type: "INT32", repetition_type: "REQUIRED" },
        { name: "tags", repetition_type: "OPTIONAL", num_children: 1, converted_type: "LIST" },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
      ],
    });
    const yielded: CsvRecord[] = [];
    const err = await (async () => {
      for await (const r of readParquetRecords(path, { file: "nested.parquet" })) yielded.push(r);
    })().then(
      () => undefined,
      (e: unknown) => e as DataFileError,
    );
    expect(yielded).toEqual([]);
    expect(err).toBeInstanceOf(DataFileError);
    expect(err!.code).toBe("unsupported-parquet");
    expect(err!.message).toMatch(/^unsupported parquet column: "tags" \(nested: .*\) in "nested\.parquet"$/);
  });

  it("yields the header, then refuses two columns of one name (their data cannot be told apart)", async () => {
    const path = parquetFile({
      columnData: [
        { name: "a", data: [1, 2], type: "INT32" },
        { name: "a", data: [3, 4], type: "INT32" },
      ],
    });
    const yielded: CsvRecord[] = [];
    const err = await (async () => {
      for await (const r of readParquetRecords(path, { file: "dup.parquet" })) yielded.push(r);
    })().then(
      () => undefined,
      (e: unknown) => e as DataFileError,
    );
    expect(yielded).toEqual([{ line: 1, cells: ["a", "a"] }]);
    expect([err?.code, err?.message]).toEqual([
      "duplicate-columns",
      'duplicate column names in "dup.parquet": "a"',
    ]);
  });

  it("refuses a binary column and a time-of-day column, naming them", async () => {
    const binary = parquetFile({
      columnData: [{ name: "blob", data: [new Uint8Array([1, 2, 3, 4])] }],
      schema: [
        { name: "root", num_children: 1 },
        { name: "blob", type: "FIXED_LEN_BYTE_ARRAY", type_length: 4, repetition_type: "REQUIRED" },
      ],
    });
    const time = parquetFile({
      columnData: [{ name: "opens", data: [3_600_000] }],
      schema: [
        { name: "root", num_children: 1 },
        { name: "opens", type: "INT32", converted_type: "TIME_MILLIS", repetition_type: "REQUIRED" },
      ],
    });
    const a = await readError(binary, { file: "b.parquet" });
    expect([a.code, a.message]).toEqual([
      "unsupported-parquet",
      'unsupported parquet column: "blob" (binary) in "b.parquet"',
    ]);
    const b = await readError(time, { file: "t.parquet" });
    expect([b.code, b.message]).toEqual([
      "unsupported-parquet",
      'unsupported parquet column: "opens" (time of day) in "t.parquet"',
    ]);
  });

  it("refuses a date outside the range a date can be written in, and a decimal too large to read exactly", async () => {
    const date = parquetFile({
      columnData: [{ name: "signup", data: [0, 200_000_000] }],
      schema: [
        { name: "root", num_children: 1 },
        { name: "signup", type: "INT32", converted_type: "DATE", repetition_type: "REQUIRED" },
      ],
      rowGroupSize: 1,
    });
    const a = await readError(date, { file: "d.parquet" });
    expect([a.code, a.line, a.message]).toEqual([
      "malformed-parquet",
      3,
      'date out of range (17280000000000000 ms) in "d.parquet" (line 3)',
    ]);
    const decimal = parquetFile({
      columnData: [{ name: "revenue", data: [1.5, 1e15] }],
      schema: [
        { name: "root", num_children: 1 },
        {
          name: "revenue",
          type: "INT64",
          converted_type: "DECIMAL",
          scale: 2,
          precision: 18,
          repetition_type: "REQUIRED",
        },
      ],
    });
    const b = await readError(decimal, { file: "m.parquet" });
    expect([b.code, b.line, b.message]).toEqual([
      "unsupported-parquet",
      3,
      'decimal too large to read exactly: 1000000000000000 in column "revenue" in "m.parquet" (line 3)',
    ]);
  });

  it("refuses a compression codec it cannot decompress", async () => {
    const path = parquetFile({
      codec: "LZ4_RAW",
      compressors: { LZ4_RAW: (b: Uint8Array) => b },
      columnData: [{ name: "id", data: [1, 2, 3], type: "INT32" }],
    });
    const err = await readError(path, { file: "lz4.parquet" });
    expect(err.code).toBe("unsupported-parquet");
    expect(err.message).toMatch(
      /^unsupported parquet compression: lz4_raw in "lz4\.parquet" \(column "id"\); write it with snappy, gzip, brotli.* or none$/,
    );
  });

  it("refuses text that is not UTF-8, naming the line", async () => {
    const path = parquetFile({
      columnData: [{ name: "name", data: ["ok", new Uint8Array([0x61, 0xff, 0x62])] }],
      schema: [
        { name: "root", num_children: 1 },
        { name: "name", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
      ],
      rowGroupSize: 1,
    });
    const err = await readError(path, { file: "latin1.parquet" });
    expect([err.code, err.line, err.message]).toEqual([
      "invalid-utf8",
      3,
      'not utf-8 text: invalid byte sequence in "latin1.parquet" (line 3)',
    ]);
  });
});
