import { DataFileError } from "./data-file-error.ts";
import type { DatasetContract } from "./dataset-contract.ts";
import { featureCellParser, idCellParser, type CellValue } from "./contract-cells.ts";
import type { CellResult } from "./parse-cell.ts";
import type { CsvRecord } from "./read-csv-records.ts";
import { rowErrorMessage, type RejectedRow, type RowError } from "./row-error.ts";

/**
 * Where a customer stands: `current` (no outcome yet: the people a team acts on), or history with
 * its label — `churned` (left: trains the model, never listed as at risk) or `retained`.
 */
export type CustomerStatus = "current" | "churned" | "retained";
export const CUSTOMER_STATUSES: readonly CustomerStatus[] = ["current", "churned", "retained"];

/** One validated row, keyed by the contract's column names (features, id, label, revenue, owner, experiment). */
export type ContractRow = Record<string, CellValue>;

/** What {@link readContractRows} yields, in source order; `header` comes first. */
export type ContractRowEvent =
  | {
      kind: "header";
      file: string;
      columns: string[];
      /** Columns the contract does not name (ignored; also one warning). */
      extraColumns: string[];
      /** Whether the source has the label column (a file of current customers need not). */
      hasLabel: boolean;
      /** Contract columns filled by the simulator because the source lacks them. */
      simulatedColumns: string[];
    }
  | { kind: "accepted"; line: number; customer: ContractRow; status: CustomerStatus }
  | { kind: "rejected"; row: RejectedRow; errors: RowError[] }
  | { kind: "warning"; message: string; line?: number };

export interface ContractRowOptions {
  /** The source's name in messages. */
  file: string;
  /**
   * Fills the `simulate` columns the source lacks, from the row read so far (the simulator's rules).
   * Without it, a missing simulate column is a missing column like any other.
   */
  simulate?: (row: ContractRow) => Record<string, CellValue>;
}

interface Planned {
  column: string;
  index: number;
  parse: (raw: string) => CellResult<CellValue>;
}

/**
 * Validates the records of any source (CSV, Parquet, PostgreSQL: the header first, then one record
 * per row with its line) against a dataset contract, streaming. Rules:
 * - the id column and every feature must be in the header (`missing-columns` names every one
 *   missing, and says which contract asked); the label, revenue, owner and experiment columns are
 *   optional; other columns are ignored with one warning (those the contract excludes, silently);
 * - a row with the wrong number of fields, a cell its declaration refuses, an id seen before (the
 *   reason names the first line) or a label that is neither churned nor retained (blank = current)
 *   is rejected with its raw cells; every other row still loads;
 * - each accepted row carries its status: current, churned or retained.
 *
 * @example
 * for await (const e of readContractRows(readCsvRecords("accounts.csv"), contract, { file: "accounts.csv" }))
 *   if (e.kind === "accepted" && e.status === "current") score(e.customer);
 */
export async function* readContractRows(
  records: AsyncIterable<CsvRecord>,
  contract: DatasetContract,
  options: ContractRowOptions,
): AsyncGenerator<ContractRowEvent> {
  const { file } = options;
  const iterator = records[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new DataFileError("empty", file, `empty file: ${JSON.stringify(file)}`);
  const columns = first.value.cells.map((c) => c.trim());
  const plan = planHeader(contract, file, columns, options.simulate !== undefined);
  yield {
    kind: "header",
    file,
    columns,
    extraColumns: plan.extraColumns,
    hasLabel: plan.label !== undefined,
    simulatedColumns: plan.simulated,
  };
  if (plan.extraColumns.length > 0)
    yield {
      kind: "warning",
      message: `columns not in the contract, ignored: ${plan.extraColumns.map((c) => JSON.stringify(c)).join(", ")}`,
    };

  const labelOf = labelParser(contract);
  const firstLineOfId = new Map<string, number>();
  let rows = 0;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const { line, cells } = next.value;
    rows++;
    if (cells.length !== columns.length) {
      const tooMany = cells.length > columns.length;
      const error = makeError(file, line, null, String(cells.length), `expected ${columns.length}`, tooMany ? "too many fields" : "too few fields");
      yield { kind: "rejected", row: { line, cells, reason: error.message }, errors: [error] };
      continue;
    }
    const customer: ContractRow = {};
    let errors: RowError[] | undefined;
    const id = plan.id.parse(cells[plan.id.index]);
    if (id.ok) {
      customer[plan.id.column] = id.value;
      const seen = firstLineOfId.get(id.value as string);
      if (seen === undefined) firstLineOfId.set(id.value as string, line);
      else (errors ??= []).push(makeError(file, line, plan.id.column, String(id.value), `first seen on line ${seen}`, "duplicate"));
    } else (errors ??= []).push(makeError(file, line, plan.id.column, cells[plan.id.index], id.reason));
    for (const p of plan.cells) {
      const result = p.parse(cells[p.index]);
      if (result.ok) customer[p.column] = result.value;
      else (errors ??= []).push(makeError(file, line, p.column, cells[p.index], result.reason));
    }
    let status: CustomerStatus = "current";
    if (plan.label) {
      const raw = cells[plan.label.index];
      const result = labelOf(raw);
      if (result.ok) {
        status = result.value;
        customer[plan.label.column] = raw.trim() === "" ? null : raw.trim();
      } else (errors ??= []).push(makeError(file, line, plan.label.column, raw, result.reason));
    }
    if (errors !== undefined) {
      yield { kind: "rejected", row: { line, cells, reason: errors.map((e) => e.message).join("; ") }, errors };
      continue;
    }
    for (const w of plan.warnWhenPositive) {
      const other = customer[w.other];
      if (customer[w.column] === null && typeof other === "number" && other > 0)
        yield {
          kind: "warning",
          line,
          message: `blank ${w.column} with ${w.other} ${other} (line ${line}, column ${w.column}): kept as missing`,
        };
    }
    if (plan.simulated.length > 0 && options.simulate) {
      const made = options.simulate(customer);
      for (const c of plan.simulated) customer[c] = made[c] ?? null;
    }
    yield { kind: "accepted", line, customer, status };
  }
  if (rows === 0)
    throw new DataFileError("header-only", file, `no data rows: ${JSON.stringify(file)} has only a header`, { line: 1 });
}

function labelParser(contract: DatasetContract): (raw: string) => CellResult<CustomerStatus> {
  const label = contract.label;
  if (!label) return () => ({ ok: true, value: "current" });
  const churned = new Set(label.churned);
  const retained = new Set(label.retained);
  const reason = `not ${[...label.churned, ...label.retained].map((v) => JSON.stringify(v)).join(", ")} (or blank for a current customer)`;
  return (raw) => {
    const t = raw.trim();
    if (t === "") return { ok: true, value: "current" };
    if (churned.has(t)) return { ok: true, value: "churned" };
    if (retained.has(t)) return { ok: true, value: "retained" };
    return { ok: false, reason };
  };
}

interface HeaderPlan {
  id: Planned;
  label: { column: string; index: number } | undefined;
  cells: Planned[];
  extraColumns: string[];
  simulated: string[];
  warnWhenPositive: Array<{ column: string; other: string }>;
}

function planHeader(contract: DatasetContract, file: string, columns: string[], canSimulate: boolean): HeaderPlan {
  const name = JSON.stringify(file);
  const seen = new Map<string, number>();
  const duplicates = new Set<string>();
  columns.forEach((c, i) => {
    if (c !== "" && seen.has(c)) duplicates.add(c);
    else seen.set(c, i);
  });
  if (duplicates.size > 0)
    throw new DataFileError("duplicate-columns", file, `duplicate column names in ${name}: ${[...duplicates].map((c) => JSON.stringify(c)).join(", ")}`, { line: 1 });
  const fillable = new Set(canSimulate ? (contract.simulate?.columns ?? []) : []);
  const required = [contract.id.column, ...contract.features.map((f) => f.column)];
  const missing = required.filter((c) => !seen.has(c) && !fillable.has(c));
  if (missing.length > 0)
    throw new DataFileError(
      "missing-columns",
      file,
      `missing columns in ${name} that contract ${JSON.stringify(contract.name)} requires: ${missing.join(", ")}`,
      { line: 1 },
    );
  const cells: Planned[] = [];
  const named = new Set<string>([contract.id.column]);
  for (const f of contract.features) {
    named.add(f.column);
    if (seen.has(f.column)) cells.push({ column: f.column, index: seen.get(f.column)!, parse: featureCellParser(f) });
  }
  const revenue = contract.revenue?.column;
  if (revenue !== undefined && !named.has(revenue) && seen.has(revenue)) {
    named.add(revenue);
    cells.push({ column: revenue, index: seen.get(revenue)!, parse: featureCellParser({ column: revenue, type: "number", min: 0 }) });
  }
  for (const column of [contract.owner?.column, contract.experiment?.column]) {
    if (column === undefined || named.has(column)) continue;
    named.add(column);
    if (!seen.has(column)) continue;
    const arms = column === contract.experiment?.column ? contract.experiment.arms : undefined;
    cells.push({
      column,
      index: seen.get(column)!,
      parse: arms
        ? featureCellParser({ column, type: "category", values: arms })
        : (raw) => ({ ok: true, value: raw.trim() === "" ? null : raw.trim() }),
    });
  }
  const label = contract.label && seen.has(contract.label.column) ? { column: contract.label.column, index: seen.get(contract.label.column)! } : undefined;
  if (contract.label) named.add(contract.label.column);
  for (const e of contract.exclude) named.add(e.column);
  const extraColumns = columns.map((c, i) => (c === "" ? `(unnamed column ${i + 1})` : c)).filter((c) => !named.has(c));
  const simulated = [...fillable].filter((c) => !seen.has(c));
  const warnWhenPositive = contract.features.flatMap((f) =>
    f.missing?.warnWhenPositive ? [{ column: f.column, other: f.missing.warnWhenPositive }] : [],
  );
  return {
    id: { column: contract.id.column, index: seen.get(contract.id.column)!, parse: idCellParser(contract) },
    label,
    cells,
    extraColumns,
    simulated,
    warnWhenPositive,
  };
}

function makeError(file: string, line: number, column: string | null, value: string, reason: string, what = "invalid"): RowError {
  return { file, line, column, value, reason, message: rowErrorMessage({ what, line, column, value, reason }) };
}
