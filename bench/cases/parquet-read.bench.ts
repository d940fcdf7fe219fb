// Streaming read of a 1M-row, 20-column Parquet customer table (64k-row groups, snappy) through
// readParquetRecords: throughput and memory staying flat. The file is written once, by a child
// process (this file run as a script), so the peak RSS reported is the reader's alone.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ParquetWriter, fileWriter } from "hyparquet-writer";
import { defineCase } from "../harness.ts";
import { readParquetRecords } from "../../core/src/data/index.ts";
import { seededRandom } from "../../core/src/data/seeded-random.ts";

const ROWS = 1_000_000;
const ROWS_PER_GROUP = 65_536;
const SEED = 2026;

type Kind = "STRING" | "INT32" | "INT64" | "DOUBLE" | "FLOAT" | "BOOLEAN" | "DATE" | "TIMESTAMP";
const CONTRACTS = ["Month-to-month", "One year", "Two year"];
const PAYMENTS = ["Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"];
const CITIES = ["Zürich", "São Paulo", "東京", "Kraków", "Reykjavík", "Lagos", "Montréal", "Chennai"];
const DAY = 86_400_000;

/** 20 columns of a plausible customer table; `r` is uniform on [0, 1), `i` the row index. */
const COLUMNS: { name: string; kind: Kind; value: (r: () => number, i: number) => unknown }[] = [
  { name: "customerID", kind: "STRING", value: (_, i) => `C${String(i).padStart(7, "0")}` },
  { name: "gender", kind: "STRING", value: (r) => (r() < 0.5 ? "Female" : "Male") },
  { name: "SeniorCitizen", kind: "BOOLEAN", value: (r) => r() < 0.16 },
  { name: "Partner", kind: "BOOLEAN", value: (r) => r() < 0.48 },
  { name: "tenure", kind: "INT32", value: (r) => Math.floor(r() * 73) },
  { name: "city", kind: "STRING", value: (r) => CITIES[Math.floor(r() * CITIES.length)] },
  { name: "Contract", kind: "STRING", value: (r) => CONTRACTS[Math.floor(r() * 3)] },
  { name: "PaymentMethod", kind: "STRING", value: (r) => PAYMENTS[Math.floor(r() * 4)] },
  { name: "MonthlyCharges", kind: "DOUBLE", value: (r) => Math.round((18 + r() * 101) * 100) / 100 },
  {
    name: "TotalCharges",
    kind: "DOUBLE",
    value: (r) => (r() < 0.002 ? null : Math.round(r() * 8_700 * 100) / 100),
  },
  { name: "sessions_30d", kind: "INT32", value: (r) => Math.floor(-Math.log(1 - r()) * 12) },
  { name: "support_tickets", kind: "INT32", value: (r) => (r() < 0.05 ? null : Math.floor(r() * 6)) },
  { name: "events_total", kind: "INT64", value: (r) => BigInt(Math.floor(r() * 5e9)) },
  { name: "nps", kind: "FLOAT", value: (r) => (r() < 0.3 ? null : Math.round(r() * 100) / 10) },
  { name: "engagement", kind: "DOUBLE", value: (r) => r() },
  {
    name: "signup_date",
    kind: "DATE",
    value: (r) => new Date(Date.UTC(2019, 0, 1) + Math.floor(r() * 2_500) * DAY),
  },
  {
    name: "last_seen",
    kind: "TIMESTAMP",
    value: (r) => new Date(Date.UTC(2026, 0, 1) + Math.floor(r() * 300 * DAY)),
  },
  { name: "plan", kind: "STRING", value: (r) => (r() < 0.1 ? null : r() < 0.7 ? "Free" : "Premium") },
  {
    name: "note",
    kind: "STRING",
    value: (r) => (r() < 0.9 ? "" : `called ${Math.floor(r() * 9)} times, "urgent"`),
  },
  { name: "Churn", kind: "BOOLEAN", value: (r) => r() < 0.27 },
];

function schemaElement(name: string, kind: Kind) {
  const base = { name, repetition_type: "OPTIONAL" as const };
  if (kind === "STRING") return { ...base, type: "BYTE_ARRAY" as const, converted_type: "UTF8" as const };
  if (kind === "DATE") return { ...base, type: "INT32" as const, converted_type: "DATE" as const };
  if (kind === "TIMESTAMP")
    return { ...base, type: "INT64" as const, converted_type: "TIMESTAMP_MILLIS" as const };
  return { ...base, type: kind };
}

/** Writes the table one row group at a time, so the writer never holds more than 64k rows. */
function writeBenchFile(path: string): void {
  const random = seededRandom(SEED);
  const writer = new ParquetWriter({
    writer: fileWriter(path),
    schema: [
      { name: "root", num_children: COLUMNS.length },
      ...COLUMNS.map((c) => schemaElement(c.name, c.kind)),
    ],
  });
  for (let start = 0; start < ROWS; start += ROWS_PER_GROUP) {
    const n = Math.min(ROWS_PER_GROUP, ROWS - start);
    const data = COLUMNS.map(() => new Array<unknown>(n));
    for (let i = 0; i < n; i++)
      for (let c = 0; c < COLUMNS.length; c++) data[c][i] = COLUMNS[c].value(random, start + i);
    void writer.write({
      columnData: COLUMNS.map((c, j) => ({ name: c.name, data: data[j] })),
      rowGroupSize: n,
    });
  }
  writer.finish();
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) writeBenchFile(process.argv[2]);

export default defineCase({
  name: "parquet read: 1M rows × 20 columns, streamed (readParquetRecords)",
  target: "≥ 200k rows/s, flat memory (one 64k-row group at a time)",
  runs: 5,
  warmup: 1,
  setup() {
    const dir = mkdtempSync(join(tmpdir(), "engagetrack-bench-parquet-"));
    const path = join(dir, "customers-1m.parquet");
    execFileSync(process.execPath, ["--import", "tsx", import.meta.filename, path], { stdio: "inherit" });
    return { dir, path, fileMiB: statSync(path).size / 2 ** 20 };
  },
  async run({ path, fileMiB }, ctx) {
    const t0 = performance.now();
    let rows = -1; // the header is not a row
    let groups = 0;
    // RSS after the first group and the most after any group: flat memory means they stay close.
    let firstGroupRssMiB = 0;
    let maxGroupRssMiB = 0;
    const onBytes = () => {
      const rss = process.memoryUsage.rss() / 2 ** 20;
      if (groups++ === 0) firstGroupRssMiB = rss;
      maxGroupRssMiB = Math.max(maxGroupRssMiB, rss);
    };
    for await (const record of readParquetRecords(path, { onBytes })) {
      if (record.cells.length !== COLUMNS.length)
        throw new Error(`line ${record.line}: ${record.cells.length} cells`);
      rows++;
    }
    if (rows !== ROWS) throw new Error(`read ${rows} rows, expected ${ROWS}`);
    const seconds = (performance.now() - t0) / 1000;
    ctx.report({
      rowsPerSecond: Math.round(ROWS / seconds),
      cellsPerSecond: Math.round((ROWS * COLUMNS.length) / seconds),
      fileMiB: Math.round(fileMiB * 10) / 10,
      rowGroups: groups,
      firstGroupRssMiB: Math.round(firstGroupRssMiB),
      maxGroupRssMiB: Math.round(maxGroupRssMiB),
    });
  },
  teardown({ dir }) {
    rmSync(dir, { recursive: true, force: true });
  },
});
