import { open } from "node:fs/promises";
import { RecordBatchReader, util, type Data, type RecordBatch, type Schema } from "apache-arrow";
import { z } from "zod";
import type { CustomerStatus } from "../data/read-contract-rows.ts";
import type { Customer } from "../data/schema.ts";
import { customersFromColumns } from "./customer-columns.ts";
import {
  customerLayoutKey,
  customerLayoutShape,
  LEGACY_CUSTOMER_LAYOUT,
  type CustomerLayout,
} from "./customer-layout.ts";
import type { CustomerRecord, Driver, RiskBand, ScoredBatch } from "./scored-batch.ts";
import { DRIVERS_COLUMN, OPTIONAL_CUSTOMER_COLUMNS, STATUS_COLUMN, shapColumn } from "./snapshot-columns.ts";
import {
  CUSTOMER_LAYOUT_KEY,
  SCHEMA_VERSION_KEY,
  snapshotLayout,
  sourcesOf,
  type SnapshotLayout,
} from "./snapshot-layout.ts";
import { statusFromChurn } from "./status-from-churn.ts";

/**
 * Reads a snapshot-layout Arrow file (a snapshot's or a part's) back as ScoredBatches, one per
 * record batch, through a file handle (random access): memory holds one record batch at a time.
 * The file describes its own customer columns (schema metadata), so this reads any contract's
 * file; `C` is what its customers are (`Customer` for the legacy layout, the default; a contract's
 * `ContractRow`). Null cells read back as null, except a legacy customer's optional fields (absent).
 * Version-1 files (no status column) get each status from Churn. Throws if the file's schema is not
 * the layout it declares, or (given `expected`) declares other customer columns.
 */
export async function* readScoredBatches<C extends CustomerRecord = Customer>(
  path: string,
  expected?: CustomerLayout,
): AsyncGenerator<ScoredBatch<C>> {
  const file = await open(path, "r");
  try {
    const reader = await RecordBatchReader.from(file);
    await reader.open();
    const layout = checkLayout(reader.schema, path);
    if (expected && customerLayoutKey(expected) !== customerLayoutKey(layout.customers))
      throw new Error(`snapshot file has other customer columns than expected: ${path}`);
    for await (const batch of reader) yield decodeRecordBatch(batch, layout) as ScoredBatch<C>;
  } finally {
    await file.close();
  }
}

/** The customer layout and version a snapshot file's schema declares. */
function declaredLayout(schema: Schema, path: string): { customers: CustomerLayout; version: number } {
  const version = Number(schema.metadata.get(SCHEMA_VERSION_KEY));
  if (version === 1) return { customers: LEGACY_CUSTOMER_LAYOUT, version };
  const text = schema.metadata.get(CUSTOMER_LAYOUT_KEY);
  let customers: CustomerLayout;
  try {
    customers = z
      .object(customerLayoutShape)
      .strict()
      .parse(JSON.parse(text ?? ""));
  } catch (err) {
    throw new Error(`not a snapshot file: ${path} (no valid customer columns in its schema)`, { cause: err });
  }
  return { customers, version };
}

function checkLayout(schema: Schema, path: string): SnapshotLayout {
  const { customers, version } = declaredLayout(schema, path);
  const sources = sourcesOf(schema.fields.map((f) => f.name));
  let layout: SnapshotLayout;
  try {
    layout = snapshotLayout(customers, sources, version);
  } catch (err) {
    throw new Error(`not a snapshot file: ${path} (${(err as Error).message})`, { cause: err });
  }
  if (!util.compareSchemas(schema, layout.schema)) {
    throw new Error(`not a snapshot file: ${path} (columns or types differ from the snapshot layout)`);
  }
  return layout;
}

const decoder = new TextDecoder();

function decodeRecordBatch(batch: RecordBatch, layout: SnapshotLayout): ScoredBatch {
  const n = batch.numRows;
  const data = (name: string): Data => batch.getChild(name)!.data[0];
  const { columns } = layout.customers;
  const names = columns.map((c) => c.name);
  const cells = columns.map(({ name, spec }) =>
    spec.kind === "id" || spec.kind === "text" || (spec.kind === "category" && spec.nullable)
      ? strings(data(name))
      : spec.kind === "category"
        ? categories(data(name))
        : numbers(data(name)),
  );
  const legacy = layout.customers.contract === null;
  const customers = customersFromColumns(names, cells, n, legacy ? OPTIONAL_CUSTOMER_COLUMNS : undefined);
  const status: CustomerStatus[] =
    layout.version >= 2
      ? (categories(data(STATUS_COLUMN)) as CustomerStatus[])
      : customers.map((c) => statusFromChurn(c.Churn));
  const sources = layout.sources;
  const contributions = new Float32Array(n * sources.length);
  sources.forEach((source, s) => {
    const column = data(shapColumn(source));
    const values = (column.values as Float32Array).subarray(column.offset, column.offset + n);
    for (let i = 0; i < n; i++) contributions[i * sources.length + s] = values[i];
  });
  const typed = <T extends Int32Array | Float64Array>(name: string): T => {
    const d = data(name);
    return (d.values as T).slice(d.offset, d.offset + n) as T;
  };
  return {
    customers,
    status,
    inputRow: typed<Int32Array>("inputRow"),
    probability: typed<Float64Array>("probability"),
    margin: typed<Float64Array>("margin"),
    band: categories(data("band")) as RiskBand[],
    sources,
    contributions,
    drivers: drivers(data(DRIVERS_COLUMN)),
  };
}

const isValid = (d: Data, i: number): boolean => {
  const bitmap = d.nullBitmap;
  if (d.nullCount === 0 || !bitmap || bitmap.length === 0) return true;
  const j = d.offset + i;
  return (bitmap[j >> 3] & (1 << (j & 7))) !== 0;
};

function strings(d: Data): (string | null)[] {
  const offsets = d.valueOffsets as Int32Array;
  const bytes = d.values as Uint8Array;
  const out: (string | null)[] = new Array(d.length);
  for (let i = 0; i < d.length; i++) {
    out[i] = isValid(d, i)
      ? decoder.decode(bytes.subarray(offsets[d.offset + i], offsets[d.offset + i + 1]))
      : null;
  }
  return out;
}

function categories(d: Data): (string | null)[] {
  const dictionary = d.dictionary!.toArray() as string[];
  const keys = d.values as Int8Array | Int16Array | Int32Array;
  const out: (string | null)[] = new Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = isValid(d, i) ? dictionary[keys[d.offset + i]] : null;
  return out;
}

function numbers(d: Data): (number | null)[] {
  const values = d.values as Int32Array | Float64Array;
  const out: (number | null)[] = new Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = isValid(d, i) ? values[d.offset + i] : null;
  return out;
}

function drivers(d: Data): Driver[][] {
  const offsets = d.valueOffsets as Int32Array;
  const struct = d.children[0];
  const [source, label, value] = struct.children;
  const sources = strings(source) as string[];
  const labels = strings(label) as string[];
  const values = value.values as Float64Array;
  const out: Driver[][] = new Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const list: Driver[] = [];
    // Freshly read batches have zero offsets everywhere: list offsets index the struct's children.
    for (let k = offsets[d.offset + i]; k < offsets[d.offset + i + 1]; k++) {
      list.push({ source: sources[k], label: labels[k], value: values[value.offset + k] });
    }
    out[i] = list;
  }
  return out;
}
