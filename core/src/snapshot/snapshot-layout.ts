import {
  Dictionary,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int8,
  List,
  Schema,
  Struct,
  Utf8,
  vectorFromArray,
  type DataType,
  type Vector,
} from "apache-arrow";
import { CUSTOMER_STATUSES } from "../data/read-contract-rows.ts";
import {
  canonicalCustomerLayout,
  checkCustomerLayout,
  customerLayoutKey,
  idColumnOf,
  type CustomerLayout,
} from "./customer-layout.ts";
import {
  DRIVERS_COLUMN,
  RISK_BANDS,
  SNAPSHOT_SCHEMA_VERSION,
  STATUS_COLUMN,
  shapColumn,
  type ColumnSpec,
} from "./snapshot-columns.ts";

/** Dictionary keys: the narrowest integer type that numbers every value. */
export type DictionaryIndex = Int8 | Int16 | Int32;

/**
 * A category column's allowed values. Non-nullable categories are dictionary-encoded with this
 * fixed dictionary (written once per file, shared by every record batch); nullable ones are plain
 * utf8, because Arquero 8 mis-keys rows of a dictionary column with nulls across record batches
 * (its `nullKeys` reads one bitmap byte past each batch and marks the next batch's rows null).
 */
export interface CategoryDictionary {
  /** Undefined for a nullable (utf8) category. */
  type?: Dictionary<Utf8, DictionaryIndex>;
  vector: Vector<Utf8>;
  values: readonly string[];
  index: ReadonlyMap<string, number>;
}

/** The Arrow schema of a snapshot file with the given SHAP sources, plus its fixed dictionaries. */
export interface SnapshotLayout {
  /** File layout version: 1 (no status column) or 2. */
  version: number;
  /** The customer columns (canonical copy). */
  customers: CustomerLayout;
  /** Name of the id column (the first customer column). */
  idColumn: string;
  sources: readonly string[];
  schema: Schema;
  /** By column name: every customer category column and `band` (allowed values, dictionary). */
  dictionaries: ReadonlyMap<string, CategoryDictionary>;
  /** The drivers column: list<struct<source: utf8, label: utf8, value: float64>>. */
  driversType: List<Struct>;
}

export const SCHEMA_VERSION_KEY = "engagetrack.snapshot.schemaVersion";
/** Schema metadata (version ≥ 2): the customer layout as JSON, so a file describes itself. */
export const CUSTOMER_LAYOUT_KEY = "engagetrack.snapshot.customers";

/**
 * Builds the layout for customer columns and SHAP sources (the same ones always give the same
 * schema). `version` 1 rebuilds the layout of files written before the status column.
 */
export function snapshotLayout(
  customerLayout: CustomerLayout,
  sources: readonly string[],
  version: number = SNAPSHOT_SCHEMA_VERSION,
): SnapshotLayout {
  if (version !== 1 && version !== SNAPSHOT_SCHEMA_VERSION)
    throw new Error(`unsupported snapshot schema version: ${version}`);
  const customers = canonicalCustomerLayout(checkCustomerLayout(customerLayout));
  const seen = new Set<string>();
  for (const source of sources) {
    if (source === "" || seen.has(source))
      throw new Error(`invalid sources: ${JSON.stringify(source)} is empty or repeated`);
    seen.add(source);
  }
  const dictionaries = new Map<string, CategoryDictionary>();
  let ids = 0;
  const dictionary = (name: string, values: readonly string[], nullable = false): DataType => {
    const index = values.length <= 127 ? new Int8() : values.length <= 32_767 ? new Int16() : new Int32();
    const type = nullable ? undefined : new Dictionary(new Utf8(), index, ids++, false);
    dictionaries.set(name, {
      type,
      vector: vectorFromArray([...values], new Utf8()),
      values,
      index: new Map(values.map((v, i) => [v, i])),
    });
    return type ?? new Utf8();
  };
  const customerType = (name: string, spec: ColumnSpec): [DataType, boolean] => {
    switch (spec.kind) {
      case "id":
        return [new Utf8(), false];
      case "category":
        return [dictionary(name, spec.values, spec.nullable), spec.nullable];
      case "int32":
        return [new Int32(), spec.nullable];
      case "float64":
        return [new Float64(), spec.nullable];
      case "text":
        return [new Utf8(), spec.nullable];
    }
  };
  const driverStruct = new Struct([
    new Field("source", new Utf8(), false),
    new Field("label", new Utf8(), false),
    new Field("value", new Float64(), false),
  ]);
  const driversType = new List(new Field("item", driverStruct, false));
  const fields = [
    ...customers.columns.map(({ name, spec }) => {
      const [type, nullable] = customerType(name, spec);
      return new Field(name, type, nullable);
    }),
    ...(version >= 2 ? [new Field(STATUS_COLUMN, dictionary(STATUS_COLUMN, CUSTOMER_STATUSES), false)] : []),
    new Field("inputRow", new Int32(), false),
    new Field("probability", new Float64(), false),
    new Field("margin", new Float64(), false),
    new Field("band", dictionary("band", RISK_BANDS), false),
    ...sources.map((s) => new Field(shapColumn(s), new Float32(), false)),
    new Field(DRIVERS_COLUMN, driversType, false),
  ];
  const metadata = new Map([[SCHEMA_VERSION_KEY, String(version)]]);
  if (version >= 2) metadata.set(CUSTOMER_LAYOUT_KEY, customerLayoutKey(customers));
  return {
    version,
    customers,
    idColumn: idColumnOf(customers),
    sources: [...sources],
    schema: new Schema(fields, metadata),
    dictionaries,
    driversType,
  };
}

/** The SHAP sources of a snapshot schema, in column order (`shap_<source>` columns). */
export function sourcesOf(fieldNames: readonly string[]): string[] {
  return fieldNames.filter((n) => n.startsWith("shap_")).map((n) => n.slice("shap_".length));
}
