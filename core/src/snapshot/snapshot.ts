import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fromArrow, type ColumnTable } from "arquero";
import type { CustomerStatus } from "../data/read-contract-rows.ts";
import { presetContract } from "../data/dataset-presets.ts";
import { ENRICHMENT_COLUMNS, type Customer } from "../data/schema.ts";
import type { DatasetContract } from "../data/dataset-contract.ts";
import { compareSnapshots, type CompareOptions, type SnapshotComparison } from "./compare-snapshots.ts";
import { idColumnOf, revenueColumnOf, type CustomerLayout } from "./customer-layout.ts";
import { parseManifest, type Manifest } from "./manifest.ts";
import type { CustomerRecord, Driver, RiskBand } from "./scored-batch.ts";
import {
  actionableCustomers,
  riskSummary,
  topToAct,
  type RevenueSource,
  type RiskSummary,
} from "./risk-summary.ts";
import { segmentRisk, type SegmentRisk } from "./segment-risk.ts";
import {
  DRIVERS_COLUMN,
  OPTIONAL_CUSTOMER_COLUMNS,
  SNAPSHOT_SCHEMA_VERSION,
  STATUS_COLUMN,
  shapColumn,
} from "./snapshot-columns.ts";
import { snapshotLayout } from "./snapshot-layout.ts";
import { MANIFEST_FILE } from "./snapshot-writer.ts";
import { sourceImportance, type SourceImportance } from "./source-importance.ts";
import { statusFromChurn } from "./status-from-churn.ts";

/**
 * One customer of a snapshot, as a plain object. `C` is what `customer` holds: a `Customer` for a
 * legacy snapshot (the default; its optional fields absent when null), a contract's columns (every
 * one, null when missing) for a contract snapshot (`loadSnapshot<ContractRow>`).
 */
export interface ScoredCustomer<C extends CustomerRecord = Customer> {
  customer: C;
  /** current (a customer to act on), or history: churned (never to act on) or retained. */
  status: CustomerStatus;
  inputRow: number;
  probability: number;
  margin: number;
  band: RiskBand;
  /** Grouped SHAP value per source, in margin (log-odds) units. */
  contributions: Record<string, number>;
  /** Top drivers, largest |value| first. */
  drivers: Driver[];
}

/**
 * How a snapshot without a recorded contract reads (the legacy Telco layout: an imported XGBoost
 * model's scores, or a snapshot written before contracts): the `simulated` preset's columns,
 * named `legacy`, with the behaviour columns the older Telco loader derived from each customer's
 * ID (persona, plan tier, usage, payment delay, support calls, engagement, lifecycle, A/B arm)
 * marked simulated — the Telco columns came from the file.
 */
export const LEGACY_DATASET: DatasetContract = (() => {
  const { simulated: _whole, ...preset } = presetContract("simulated");
  return Object.freeze({
    ...preset,
    name: "legacy",
    description:
      "Scored without a dataset contract (the older Telco layout); behaviour columns derived by the older loader",
    simulate: { columns: [...ENRICHMENT_COLUMNS] },
  });
})();

/** A loaded, immutable snapshot: its manifest, an Arquero table over its rows, and queries. */
export interface Snapshot<C extends CustomerRecord = Customer> {
  readonly manifest: Manifest;
  /**
   * Every column of `customers.arrow` (categories as strings), `status` included (derived from
   * Churn for a version-1 snapshot). Arquero verbs return new tables.
   */
  readonly table: ColumnTable;
  /** Number of customers. */
  readonly size: number;
  /** The id column ("customerID" in the legacy layout; the contract's id column otherwise). */
  readonly idColumn: string;
  /**
   * The dataset contract the customers come from, whole: labels, phrases, segments, simulated
   * columns. A snapshot that did not record one (the legacy layout, or written before contracts
   * were recorded) reads as `LEGACY_DATASET`.
   */
  readonly dataset: DatasetContract;
  /** The monthly revenue column and currency revenue at risk uses (nulls: the data has none). */
  readonly revenue: RevenueSource;
  /** The customers to act on (every one but the churned), as a filtered view of `table`. */
  readonly actionable: ColumnTable;
  /** The columns `segments` takes: every customer column but the id, then status and band. */
  readonly segmentColumns: readonly string[];
  /** The customer with this ID (O(1)), or undefined. Each call returns a fresh object. */
  lookup(customerID: string): ScoredCustomer<C> | undefined;
  /** Churn-risk statistics per value of a segment column (see `segmentRisk`). */
  segments(column: string): SegmentRisk[];
  /** Customers to act on, their bands and revenue at risk, and the churned left out (see `RiskSummary`). */
  summary(): RiskSummary;
  /** Who to call first: the ids of the `limit` customers to act on most at risk (see `topToAct`). */
  topToAct(limit: number): string[];
  /** What changed since `previous` (see `compareSnapshots`). */
  compare(previous: Snapshot<CustomerRecord>, options?: CompareOptions): SnapshotComparison;
  /** Mean |SHAP| per source, largest first. */
  importance(): SourceImportance[];
}

export interface LoadOptions {
  /** Check the file's SHA-256 against the manifest (reads the file twice as fast as it hashes). */
  verify?: boolean;
}

/**
 * Loads the snapshot in directory `dir` (its manifest and columnar file) and indexes customer IDs.
 * Any contract's snapshot loads: the manifest says what the customer columns are. `C` is what
 * `lookup(…).customer` holds (see `ScoredCustomer`).
 *
 * @example
 * const snapshot = await loadSnapshot("data/snapshots/2026-11-21T13-15-00Z-1a2b3c4d");
 * snapshot.lookup("7590-VHVEG")?.probability; // 0.71
 */
export async function loadSnapshot<C extends CustomerRecord = Customer>(
  dir: string,
  options: LoadOptions = {},
): Promise<Snapshot<C>> {
  const manifest = parseManifest(await readFile(join(dir, MANIFEST_FILE), "utf8"), join(dir, MANIFEST_FILE));
  if (manifest.schemaVersion !== SNAPSHOT_SCHEMA_VERSION && manifest.schemaVersion !== 1) {
    throw new Error(`unsupported snapshot schema version: ${manifest.schemaVersion} (${manifest.id})`);
  }
  const path = join(dir, manifest.file.name);
  // Read in chunks, hashing as it goes: a large snapshot never holds the event loop for one long
  // hash, and a server keeps answering from the older snapshot meanwhile.
  const { bytes, sha256 } = await readHashed(path, options.verify === true);
  if (bytes.byteLength !== manifest.file.bytes) {
    throw new Error(
      `snapshot file has ${bytes.byteLength} bytes, manifest says ${manifest.file.bytes}: ${path}`,
    );
  }
  if (options.verify && sha256 !== manifest.file.sha256) {
    throw new Error(`snapshot file does not match its manifest sha256: ${path}`);
  }
  let table: ColumnTable;
  try {
    table = fromArrow(bytes);
  } catch (err) {
    throw new Error(`unreadable snapshot file: ${path}`, { cause: err });
  }
  const customers: CustomerLayout = {
    contract: manifest.contract,
    columns: manifest.columns,
    dataset: manifest.dataset,
  };
  let expected: string[];
  try {
    expected = snapshotLayout(customers, manifest.sources, manifest.schemaVersion).schema.fields.map(
      (f) => f.name,
    );
  } catch (err) {
    throw new Error(`invalid manifest: ${join(dir, MANIFEST_FILE)} (${(err as Error).message})`, {
      cause: err,
    });
  }
  const names = table.columnNames();
  if (names.length !== expected.length || names.some((n, i) => n !== expected[i])) {
    throw new Error(`snapshot file columns differ from its manifest: ${path}`);
  }
  if (table.numRows() !== manifest.rows) {
    throw new Error(`snapshot file has ${table.numRows()} rows, manifest says ${manifest.rows}: ${path}`);
  }
  if (manifest.schemaVersion === 1) table = withStatusFromChurn(table, customers);
  return makeSnapshot<C>(deepFreeze(manifest), customers, table);
}

/** A version-1 table with the status column it lacks (from Churn), where version 2 has it. */
function withStatusFromChurn(table: ColumnTable, customers: CustomerLayout): ColumnTable {
  const churn = table.array("Churn") as ArrayLike<unknown>;
  const status = Array.from({ length: table.numRows() }, (_, i) => statusFromChurn(churn[i]));
  const names = table.columnNames();
  const at = customers.columns.length;
  return table
    .assign({ [STATUS_COLUMN]: status })
    .select([...names.slice(0, at), STATUS_COLUMN, ...names.slice(at)]);
}

/** The file's bytes, and their SHA-256 when asked, read 4 MiB at a time. */
async function readHashed(path: string, hash: boolean): Promise<{ bytes: Buffer; sha256: string | null }> {
  const h = hash ? createHash("sha256") : null;
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 2 ** 20 })) {
    h?.update(chunk as Buffer);
    chunks.push(chunk as Buffer);
  }
  return { bytes: Buffer.concat(chunks), sha256: h ? h.digest("hex") : null };
}

type Column = { at(row: number): unknown };

function makeSnapshot<C extends CustomerRecord>(
  manifest: Manifest,
  customers: CustomerLayout,
  arrowTable: ColumnTable,
): Snapshot<C> {
  // Decode the IDs once: they key the index, and as a plain column they make joins and filters on
  // the id skip UTF-8 decoding (the Map holds the same strings, so this costs no memory).
  const idColumn = idColumnOf(customers);
  const ids = (arrowTable.column(idColumn) as unknown as { toArray(): string[] }).toArray();
  const index = indexIds(ids, idColumn);
  const table = arrowTable.assign({ [idColumn]: ids });
  const col = (name: string): Column => table.column(name) as unknown as Column;
  // A legacy Customer's optional fields are absent when null; a contract row keeps its nulls.
  const optional = customers.contract === null ? OPTIONAL_CUSTOMER_COLUMNS : new Set<string>();
  const customerColumns = customers.columns.map(({ name }) => [name, col(name), optional.has(name)] as const);
  const shap = manifest.sources.map((source) => [source, col(shapColumn(source))] as const);
  const [status, inputRow, probability, margin, band, drivers] = [
    STATUS_COLUMN,
    "inputRow",
    "probability",
    "margin",
    "band",
    DRIVERS_COLUMN,
  ].map(col);
  const segmentColumns = [
    ...customers.columns.filter((c) => c.spec.kind !== "id").map((c) => c.name),
    STATUS_COLUMN,
    "band",
  ];
  const revenueColumn = revenueColumnOf(customers) ?? null;
  const dataset = customers.dataset ?? LEGACY_DATASET;
  const revenue: RevenueSource = {
    column: revenueColumn,
    currency: revenueColumn === null ? null : (customers.dataset?.revenue?.currency ?? "USD"),
  };
  return withFigures<C>({
    manifest,
    table,
    idColumn,
    dataset,
    revenue,
    segmentColumns,
    lookup(customerID) {
      const row = index.get(customerID);
      if (row === undefined) return undefined;
      const customer: Record<string, unknown> = {};
      for (const [name, column, skipNull] of customerColumns) {
        const v = column.at(row);
        if (!(skipNull && v === null)) customer[name] = v;
      }
      const contributions: Record<string, number> = {};
      for (const [source, column] of shap) contributions[source] = column.at(row) as number;
      const list = (drivers.at(row) ?? []) as Driver[];
      return {
        customer: customer as C,
        status: status.at(row) as CustomerStatus,
        inputRow: inputRow.at(row) as number,
        probability: probability.at(row) as number,
        margin: margin.at(row) as number,
        band: band.at(row) as RiskBand,
        contributions,
        drivers: Array.from(list, (d) => ({ source: d.source, label: d.label, value: d.value })),
      };
    },
  });
}

/** What a snapshot is besides the figures computed from its table. */
type SnapshotParts<C extends CustomerRecord> = Pick<
  Snapshot<C>,
  "manifest" | "table" | "idColumn" | "dataset" | "revenue" | "segmentColumns" | "lookup"
>;

/**
 * A snapshot from its parts: its size, the customers to act on, segments, summary, call list,
 * comparison and importance, each computed from `table` by core's one definition.
 */
function withFigures<C extends CustomerRecord>(parts: SnapshotParts<C>): Snapshot<C> {
  const { manifest, table, idColumn, revenue, segmentColumns } = parts;
  const actionable = actionableCustomers(table);
  let summary: RiskSummary | undefined;
  return Object.freeze({
    ...parts,
    size: table.numRows(),
    actionable,
    // Segments describe customers to act on; segmenting by status is asking for history on purpose.
    segments: (column: string) =>
      segmentRisk(column === STATUS_COLUMN ? table : actionable, column, {
        columns: segmentColumns,
        revenue: revenue.column,
      }),
    summary: () => (summary ??= Object.freeze(riskSummary(table, revenue))),
    topToAct: (limit: number) => topToAct(table, { idColumn, revenue, limit }),
    compare: (previous: Snapshot<CustomerRecord>, options?: CompareOptions) =>
      compareSnapshots(
        { id: manifest.id, table, idColumn },
        { id: previous.manifest.id, table: previous.table, idColumn: previous.idColumn },
        options,
      ),
    importance: () => sourceImportance(table, manifest.sources),
  });
}

/**
 * The snapshot over some of its rows (`keep`, an Arquero filter with `params`): the same manifest,
 * contract and columns, every figure computed by core's one definition over those rows, and
 * `lookup` answering only for them. One owner's book is such a snapshot.
 *
 * @example
 * const book = subsetSnapshot(snapshot, snapshot.table.params({ o: "Dana" }).filter("(d, $) => d.csm === $.o"));
 * book.summary().customers; // Dana's customers to act on
 */
export function subsetSnapshot<C extends CustomerRecord>(
  snapshot: Snapshot<C>,
  rows: ColumnTable,
): Snapshot<C> {
  const ids = new Set(Array.from(rows.array(snapshot.idColumn) as ArrayLike<string>));
  return withFigures<C>({
    manifest: snapshot.manifest,
    table: rows,
    idColumn: snapshot.idColumn,
    dataset: snapshot.dataset,
    revenue: snapshot.revenue,
    segmentColumns: snapshot.segmentColumns,
    lookup: (customerID) => (ids.has(customerID) ? snapshot.lookup(customerID) : undefined),
  });
}

/** id → row index, built once at load. */
function indexIds(ids: readonly string[], idColumn: string): Map<string, number> {
  const index = new Map<string, number>();
  for (let row = 0; row < ids.length; row++) {
    index.set(ids[row], row);
    // One hash lookup per row: a repeated ID leaves the size behind the row count.
    if (index.size !== row + 1)
      throw new Error(`duplicate ${idColumn} in snapshot: ${JSON.stringify(ids[row])}`);
  }
  return index;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
