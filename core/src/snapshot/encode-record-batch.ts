import {
  Float32,
  Float64,
  Int32,
  RecordBatch,
  Struct,
  Utf8,
  makeData,
  type Data,
  type Dictionary,
  type Int8,
} from "apache-arrow";
import { gatherCustomerColumns } from "./customer-columns.ts";
import type { ScoredBatch } from "./scored-batch.ts";
import { STATUS_COLUMN, type ColumnSpec } from "./snapshot-columns.ts";
import type { CategoryDictionary, DictionaryIndex, SnapshotLayout } from "./snapshot-layout.ts";

/** Rows taken from one batch, in this order (indices into the batch). */
export interface Pick {
  batch: ScoredBatch;
  rows: Int32Array;
}

const encoder = new TextEncoder();

/**
 * Encodes the picked rows (concatenated in order) as one Arrow record batch of the layout's schema.
 * Checks every value against its column: a value that does not fit throws, naming the customer.
 */
export function encodeRecordBatch(layout: SnapshotLayout, picks: readonly Pick[]): RecordBatch {
  let n = 0;
  for (const p of picks) n += p.rows.length;
  const fields = layout.schema.fields;
  const children: Data[] = [];
  let f = 0;
  const columns = layout.customers.columns;
  const names = columns.map((c) => c.name);
  const cells = gatherCustomerColumns(names, picks, n);
  const ids = cells[0]; // the id column is first (checked by the layout)
  for (let c = 0; c < columns.length; c++) {
    children.push(
      encodeCustomerColumn(layout, columns[c].name, columns[c].spec, cells[c], ids, n, fields[f++].type),
    );
  }
  if (layout.version >= 2) children.push(encodeStatus(layout, picks, n, fields[f++].type));
  const inputRow = new Int32Array(n);
  const probability = new Float64Array(n);
  const margin = new Float64Array(n);
  const band = new Int8Array(n);
  const bands = layout.dictionaries.get("band")!;
  let r = 0;
  for (const { batch, rows } of picks) {
    for (const i of rows) {
      inputRow[r] = batch.inputRow[i];
      const p = batch.probability[i];
      if (!(p >= 0 && p <= 1))
        throw new Error(`invalid probability: ${p} (customer ${idOf(layout, batch, i)})`);
      probability[r] = p;
      margin[r] = batch.margin[i];
      band[r] = categoryIndex(layout, bands, batch.band[i], "band", batch, i);
      r++;
    }
  }
  children.push(
    makeData({ type: fields[f++].type as Int32, length: n, nullCount: 0, data: inputRow }),
    makeData({ type: fields[f++].type as Float64, length: n, nullCount: 0, data: probability }),
    makeData({ type: fields[f++].type as Float64, length: n, nullCount: 0, data: margin }),
    makeData({
      type: fields[f++].type as Dictionary<Utf8, Int8>,
      length: n,
      nullCount: 0,
      data: band,
      dictionary: bands.vector,
    }),
  );
  const width = layout.sources.length;
  for (let s = 0; s < width; s++) {
    const values = new Float32Array(n);
    let k = 0;
    for (const { batch, rows } of picks) {
      for (const i of rows) values[k++] = batch.contributions[i * width + s];
    }
    children.push(makeData({ type: fields[f++].type as Float32, length: n, nullCount: 0, data: values }));
  }
  children.push(encodeDrivers(layout, picks, n));
  // Guard the column bookkeeping above: a shifted column would write bytes the reader misreads.
  if (children.length !== fields.length || children.some((c, i) => c.type.typeId !== fields[i].type.typeId)) {
    throw new Error("internal: record batch columns do not match the snapshot layout");
  }
  const data = makeData({ type: new Struct(fields), length: n, nullCount: 0, children });
  return new RecordBatch(layout.schema, data);
}

function encodeCustomerColumn(
  layout: SnapshotLayout,
  name: string,
  spec: ColumnSpec,
  column: readonly unknown[],
  ids: readonly unknown[],
  n: number,
  type: unknown,
): Data {
  const invalid = (v: unknown, r: number) =>
    new Error(`invalid ${name}: ${JSON.stringify(v)} (customer ${JSON.stringify(ids[r])})`);
  if (spec.kind === "id") {
    for (let r = 0; r < n; r++) if (typeof column[r] !== "string") throw invalid(column[r], r);
    return utf8Data(column as string[]);
  }
  if (spec.kind === "text") {
    const strings: (string | null)[] = new Array(n);
    for (let r = 0; r < n; r++) {
      const v = column[r];
      if (v === undefined || v === null) {
        if (!spec.nullable) throw new Error(`missing ${name} (customer ${JSON.stringify(ids[r])})`);
        strings[r] = null;
      } else if (typeof v !== "string") throw invalid(v, r);
      else strings[r] = v;
    }
    return utf8Data(strings);
  }
  const dict = spec.kind === "category" ? layout.dictionaries.get(name)! : undefined;
  if (dict && spec.nullable) {
    const strings: (string | null)[] = new Array(n);
    for (let r = 0; r < n; r++) {
      const v = column[r];
      if (v !== undefined && v !== null && !dict.index.has(v as string)) throw invalid(v, r);
      strings[r] = (v as string | undefined) ?? null;
    }
    return utf8Data(strings);
  }
  let validity: Uint8Array | undefined;
  let nullCount = 0;
  const values = dict ? keysArray(dict, n) : spec.kind === "int32" ? new Int32Array(n) : new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const v = column[r];
    if (v === undefined || v === null) {
      if (!spec.nullable) throw new Error(`missing ${name} (customer ${JSON.stringify(ids[r])})`);
      validity ??= new Uint8Array((n + 7) >> 3).fill(0xff);
      validity[r >> 3] &= ~(1 << (r & 7));
      nullCount++;
    } else if (dict) {
      const k = dict.index.get(v as string);
      if (k === undefined) throw invalid(v, r);
      values[r] = k;
    } else if (typeof v !== "number" || (spec.kind === "int32" && (v | 0) !== v)) {
      throw invalid(v, r);
    } else {
      values[r] = v;
    }
  }
  if (validity && n % 8) validity[n >> 3] &= (1 << (n % 8)) - 1; // zero the padding bits: same bytes everywhere
  const nullBitmap = nullCount > 0 ? validity : undefined;
  if (dict) {
    return makeData({
      type: dict.type!,
      length: n,
      nullCount,
      nullBitmap,
      data: values as Int8Array,
      dictionary: dict.vector,
    });
  }
  if (spec.kind === "int32")
    return makeData({ type: type as Int32, length: n, nullCount, nullBitmap, data: values });
  return makeData({ type: type as Float64, length: n, nullCount, nullBitmap, data: values });
}

/** Dictionary keys for `n` rows, of the dictionary's index type. */
function keysArray(dict: CategoryDictionary, n: number): Int8Array | Int16Array | Int32Array {
  const ArrayType = (dict.type!.indices as DictionaryIndex).ArrayType;
  return new ArrayType(n);
}

function encodeStatus(layout: SnapshotLayout, picks: readonly Pick[], n: number, type: unknown): Data {
  const dict = layout.dictionaries.get(STATUS_COLUMN)!;
  const keys = new Int8Array(n);
  let r = 0;
  for (const { batch, rows } of picks) {
    for (const i of rows) keys[r++] = categoryIndex(layout, dict, batch.status[i], STATUS_COLUMN, batch, i);
  }
  return makeData({
    type: type as Dictionary<Utf8, Int8>,
    length: n,
    nullCount: 0,
    data: keys,
    dictionary: dict.vector,
  });
}

function encodeDrivers(layout: SnapshotLayout, picks: readonly Pick[], n: number): Data {
  const offsets = new Int32Array(n + 1);
  const sources: string[] = [];
  const labels: string[] = [];
  const values: number[] = [];
  let r = 0;
  for (const { batch, rows } of picks) {
    for (const i of rows) {
      const drivers = batch.drivers[i];
      if (!Array.isArray(drivers)) throw new Error(`missing drivers (customer ${idOf(layout, batch, i)})`);
      for (const d of drivers) {
        if (typeof d.source !== "string" || typeof d.label !== "string" || typeof d.value !== "number") {
          throw new Error(`invalid driver: ${JSON.stringify(d)} (customer ${idOf(layout, batch, i)})`);
        }
        sources.push(d.source);
        labels.push(d.label);
        values.push(d.value);
      }
      offsets[++r] = sources.length;
    }
  }
  const structType = layout.driversType.children[0].type as Struct;
  const m = sources.length;
  const struct = makeData({
    type: structType,
    length: m,
    nullCount: 0,
    children: [
      utf8Data(sources),
      utf8Data(labels),
      makeData({
        type: structType.children[2].type as Float64,
        length: m,
        nullCount: 0,
        data: Float64Array.from(values),
      }),
    ],
  });
  return makeData({
    type: layout.driversType,
    length: n,
    nullCount: 0,
    valueOffsets: offsets,
    child: struct,
  });
}

/** UTF-8 column data from strings (null → a null slot): one pass, growing the byte buffer as needed. */
function utf8Data(strings: readonly (string | null)[]): Data<Utf8> {
  const n = strings.length;
  const offsets = new Int32Array(n + 1);
  let validity: Uint8Array | undefined;
  let nullCount = 0;
  let bytes = new Uint8Array(Math.max(64, n * 16));
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const s = strings[i];
    if (s === null) {
      validity ??= new Uint8Array((n + 7) >> 3).fill(0xff);
      validity[i >> 3] &= ~(1 << (i & 7));
      nullCount++;
      offsets[i + 1] = pos;
      continue;
    }
    const length = s.length;
    if (pos + length * 3 > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, pos + length * 3));
      grown.set(bytes.subarray(0, pos));
      bytes = grown;
    }
    // IDs and labels are nearly always ASCII: copy code units, and let TextEncoder do the rest.
    let j = 0;
    for (; j < length; j++) {
      const c = s.charCodeAt(j);
      if (c >= 0x80) break;
      bytes[pos + j] = c;
    }
    pos += j === length ? length : encoder.encodeInto(s, bytes.subarray(pos)).written;
    offsets[i + 1] = pos;
  }
  if (validity && n % 8) validity[n >> 3] &= (1 << (n % 8)) - 1; // zero the padding bits: same bytes everywhere
  const nullBitmap = nullCount > 0 ? validity : undefined;
  return makeData({
    type: new Utf8(),
    length: n,
    nullCount,
    nullBitmap,
    valueOffsets: offsets,
    data: bytes.subarray(0, pos),
  });
}

function categoryIndex(
  layout: SnapshotLayout,
  dict: CategoryDictionary,
  v: unknown,
  name: string,
  batch: ScoredBatch,
  i: number,
): number {
  const k = typeof v === "string" ? dict.index.get(v) : undefined;
  if (k === undefined)
    throw new Error(`invalid ${name}: ${JSON.stringify(v)} (customer ${idOf(layout, batch, i)})`);
  return k;
}

const idOf = (layout: SnapshotLayout, batch: ScoredBatch, i: number): string =>
  JSON.stringify(batch.customers[i]?.[layout.idColumn]);
