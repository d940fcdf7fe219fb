import { open } from "node:fs/promises";
import { RecordBatchReader, util, type Data, type RecordBatch, type Schema } from "apache-arrow";
import type { Customer } from "../data/schema.ts";
import type { Driver, RiskBand, ScoredBatch } from "./scored-batch.ts";
import { CUSTOMER_COLUMN_NAMES, CUSTOMER_COLUMNS, DRIVERS_COLUMN, shapColumn } from "./snapshot-columns.ts";
import { snapshotLayout, sourcesOf } from "./snapshot-layout.ts";
import { customerAt, type CustomerColumns } from "./customer-columns.ts";

/**
 * Reads a snapshot-layout Arrow file back as ScoredBatches, one per record batch, through a file
 * handle (random access): memory holds one record batch at a time. Throws if the file's schema is
 * not the snapshot layout.
 */
export async function* readScoredBatches(path: string): AsyncGenerator<ScoredBatch> {
  const file = await open(path, "r");
  try {
    const reader = await RecordBatchReader.from(file);
    await reader.open();
    const sources = checkLayout(reader.schema, path);
    for await (const batch of reader) yield decodeRecordBatch(batch, sources);
  } finally {
    await file.close();
  }
}

function checkLayout(schema: Schema, path: string): string[] {
  const sources = sourcesOf(schema.fields.map((f) => f.name));
  if (!util.compareSchemas(schema, snapshotLayout(sources).schema)) {
    throw new Error(`not a snapshot file: ${path} (columns or types differ from the snapshot layout)`);
  }
  return sources;
}

const decoder = new TextDecoder();

function decodeRecordBatch(batch: RecordBatch, sources: string[]): ScoredBatch {
  const n = batch.numRows;
  const data = (name: string): Data => batch.getChild(name)!.data[0];
  const columns = {} as CustomerColumns;
  for (const name of CUSTOMER_COLUMN_NAMES) {
    const spec = CUSTOMER_COLUMNS[name];
    columns[name] =
      spec.kind === "id" || (spec.kind === "category" && spec.nullable)
        ? strings(data(name))
        : spec.kind === "category"
          ? categories(data(name))
          : numbers(data(name));
  }
  const customers: Customer[] = new Array(n);
  for (let i = 0; i < n; i++) customers[i] = customerAt(columns, i);
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
  const keys = d.values as Int8Array;
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
