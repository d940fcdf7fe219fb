import type { z } from "zod";
import { DataFileError } from "./data-file-error.ts";
import { enrichCustomer, type EnrichOptions } from "./enrichment.ts";
import { cellParser, type CellResult } from "./parse-cell.ts";
import { readCsvRecords, type CsvReadOptions } from "./read-csv-records.ts";
import { rowErrorMessage, type RejectedRow, type RowError } from "./row-error.ts";
import {
  ENRICHMENT_COLUMNS,
  REQUIRED_COLUMNS,
  enrichmentCells,
  simulationCells,
  telcoCells,
  type Customer,
  type Enrichment,
  type EnrichmentColumn,
  type TelcoRecord,
} from "./schema.ts";

/** Computes the simulated behaviour of a customer whose file has no enrichment columns. */
export type EnrichFn = (record: TelcoRecord) => Enrichment;

export interface CustomerRowOptions extends CsvReadOptions {
  /**
   * Fills the enrichment columns the file lacks (default: enrichCustomer with `enrichOptions`).
   * Columns present in the file are always kept (and validated), never recomputed.
   */
  enrich?: EnrichFn;
  /** Options of the default enrich function (experiment key, variant weights). */
  enrichOptions?: EnrichOptions;
}

/** What {@link readCustomerRows} yields, in file order; `header` always comes first. */
export type CustomerRowEvent =
  | {
      kind: "header";
      file: string;
      /** The header as read (names trimmed), including extra columns. */
      columns: string[];
      /** Columns we do not know, ignored (also reported once as a warning). */
      extraColumns: string[];
      /** Whether the file has the Churn label (scoring files need not). */
      hasChurn: boolean;
      /** Enrichment columns read from the file; the others come from `enrich`. */
      enrichmentFromFile: EnrichmentColumn[];
    }
  | { kind: "accepted"; line: number; customer: Customer }
  | { kind: "rejected"; row: RejectedRow; errors: RowError[] }
  | { kind: "warning"; message: string; line?: number };

type CellSchema = z.ZodType<unknown, string>;
interface Planned {
  column: string;
  index: number;
  parse: (raw: string) => CellResult<unknown>;
}

/**
 * Streams a customer CSV (IBM Telco columns, optionally enrichment columns and
 * `true_churn_probability`) as validated customers and rejected rows, so a million rows never sit
 * in memory at once. Rules:
 * - the 20 required Telco columns must all be in the header (`missing-columns` lists every one
 *   missing); Churn is optional; header names are trimmed and must be unique; other columns are
 *   extra: one warning names them all and their cells are ignored;
 * - a row with too few or too many fields, a cell its schema refuses (wrong type, out of range,
 *   unknown category) or a customerID already seen (the reason names the first line) is rejected
 *   with its raw cells; the other rows still load;
 * - blank TotalCharges becomes null (a brand-new customer), with a warning when tenure > 0.
 * File-level problems throw one {@link DataFileError}; see readCsvRecords for the CSV rules.
 *
 * @example
 * for await (const event of readCustomerRows("customers.csv")) {
 *   if (event.kind === "accepted") score(event.customer);
 *   else if (event.kind === "rejected") console.warn(event.row.reason);
 * }
 */
export async function* readCustomerRows(
  path: string,
  options: CustomerRowOptions = {},
): AsyncGenerator<CustomerRowEvent> {
  const file = options.file ?? path;
  const records = readCsvRecords(path, { ...options, file });
  const first = await records.next();
  if (first.done) throw new DataFileError("empty", file, `empty file: ${JSON.stringify(file)}`);
  const columns = first.value.cells.map((c) => c.trim());
  const header = planHeader(file, columns);
  const enrich: EnrichFn = options.enrich ?? ((record) => enrichCustomer(record, options.enrichOptions));
  yield {
    kind: "header",
    file,
    columns,
    extraColumns: header.extraColumns,
    hasChurn: header.hasChurn,
    enrichmentFromFile: header.enrichmentFromFile,
  };
  if (header.extraColumns.length > 0) {
    yield {
      kind: "warning",
      message: `extra columns ignored: ${header.extraColumns.map((c) => JSON.stringify(c)).join(", ")}`,
    };
  }
  if (header.enrichmentFromFile.length > 0 && header.enrichmentMissing.length > 0) {
    yield {
      kind: "warning",
      message: `enrichment columns partly present: ${header.enrichmentMissing.join(", ")} missing, simulated instead`,
    };
  }

  const firstLineOfId = new Map<string, number>();
  let rows = 0;
  for await (const { line, cells } of records) {
    rows++;
    if (cells.length !== columns.length) {
      const tooMany = cells.length > columns.length;
      const extra = tooMany ? `; extra cells: ${cells.slice(columns.length).map((c) => JSON.stringify(c)).join(", ")}` : "";
      const error = makeError(file, line, null, String(cells.length), `expected ${columns.length}${extra}`, tooMany ? "too many fields" : "too few fields");
      yield { kind: "rejected", row: { line, cells, reason: error.message }, errors: [error] };
      continue;
    }
    // Start from a copy of a template with every output key: the stores below then update
    // existing properties of one shape instead of growing a new object key by key.
    const values: Record<string, unknown> = { ...header.template };
    let errors: RowError[] | undefined;
    for (const planned of header.all) {
      const raw = cells[planned.index];
      const result = planned.parse(raw);
      if (result.ok) values[planned.column] = result.value;
      else (errors ??= []).push(makeError(file, line, planned.column, raw, result.reason));
    }
    const id = values.customerID as string | undefined;
    if (id !== undefined) {
      const seen = firstLineOfId.get(id);
      if (seen === undefined) firstLineOfId.set(id, line);
      else (errors ??= []).push(makeError(file, line, "customerID", id, `first seen on line ${seen}`, "duplicate"));
    }
    if (errors !== undefined) {
      yield { kind: "rejected", row: { line, cells, reason: errors.map((e) => e.message).join("; ") }, errors };
      continue;
    }
    if (values.TotalCharges === null && (values.tenure as number) > 0) {
      yield {
        kind: "warning",
        line,
        message: `blank TotalCharges with tenure ${values.tenure} (line ${line}, column TotalCharges): kept as missing`,
      };
    }
    if (header.enrichmentMissing.length > 0) {
      const computed = enrich(values as unknown as TelcoRecord);
      for (const column of header.enrichmentMissing) values[column] = computed[column];
    }
    yield { kind: "accepted", line, customer: values as unknown as Customer };
  }
  if (rows === 0) {
    throw new DataFileError("header-only", file, `no data rows: ${JSON.stringify(file)} has only a header`, { line: 1 });
  }
}

interface HeaderPlan {
  all: Planned[];
  extraColumns: string[];
  hasChurn: boolean;
  enrichmentFromFile: EnrichmentColumn[];
  enrichmentMissing: EnrichmentColumn[];
  /** Every key of an accepted customer, in output order (Telco, enrichment, simulation truth). */
  template: Record<string, undefined>;
}

function planHeader(file: string, columns: string[]): HeaderPlan {
  const name = JSON.stringify(file);
  const seen = new Map<string, number>();
  const duplicates = new Set<string>();
  columns.forEach((c, i) => {
    if (c !== "" && seen.has(c)) duplicates.add(c);
    else seen.set(c, i);
  });
  if (duplicates.size > 0) {
    const list = [...duplicates].map((c) => JSON.stringify(c)).join(", ");
    throw new DataFileError("duplicate-columns", file, `duplicate column names in ${name}: ${list}`, { line: 1 });
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length > 0) {
    throw new DataFileError(
      "missing-columns",
      file,
      `missing required columns in ${name}: ${missing.join(", ")}`,
      { line: 1 },
    );
  }
  const plan = (cells: Record<string, unknown>): Planned[] =>
    Object.entries(cells)
      .filter(([c]) => seen.has(c))
      .map(([column, schema]) => ({ column, index: seen.get(column)!, parse: cellParser(schema as CellSchema) }));
  const telco = plan(telcoCells);
  const enrichment = plan(enrichmentCells);
  const simulation = plan(simulationCells);
  const known = new Set([...Object.keys(telcoCells), ...ENRICHMENT_COLUMNS, ...Object.keys(simulationCells)]);
  const extraColumns = columns.map((c, i) => (c === "" ? `(unnamed column ${i + 1})` : c)).filter((c) => !known.has(c));
  const enrichmentFromFile = enrichment.map((p) => p.column as EnrichmentColumn);
  const enrichmentMissing = ENRICHMENT_COLUMNS.filter((c) => !seen.has(c));
  const hasChurn = seen.has("Churn");
  return {
    all: [...telco, ...enrichment, ...simulation],
    extraColumns,
    hasChurn,
    enrichmentFromFile,
    enrichmentMissing,
    template: Object.fromEntries(
      [...telco.map((p) => p.column), ...ENRICHMENT_COLUMNS, ...simulation.map((p) => p.column)].map((k) => [k, undefined]),
    ),
  };
}

function makeError(
  file: string,
  line: number,
  column: string | null,
  value: string,
  reason: string,
  what = "invalid",
): RowError {
  return { file, line, column, value, reason, message: rowErrorMessage({ what, line, column, value, reason }) };
}
