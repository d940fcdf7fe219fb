import { desc, type ColumnTable } from "arquero";
import type { RiskBand } from "../../core/src/index.ts";
import { CONVERSATION_COLUMNS } from "./conversation-columns.ts";
import type { CustomerFilter, RankBy } from "./intent.ts";
import type { RankedCustomer } from "./reply.ts";
import { snapshotMemo } from "./snapshot-memo.ts";

/** The ranked list and the population it was drawn from. */
export interface TopAtRisk {
  ranked: RankedCustomer[];
  /** The customers matching the filters (all of them, for the distribution chart). */
  matching: ColumnTable;
  /** How many match, and their monthly revenue at risk in all. */
  matched: number;
  revenueAtRisk: number;
}

const KNOWN = new Set(CONVERSATION_COLUMNS.map((c) => c.column));

/**
 * The customers of a snapshot's table most at risk, by Arquero: the filters applied, and the
 * matching customers taken in rank order — revenue at risk (MonthlyCharges × probability) or
 * probability, ties broken by the other and then by ID, so the list is the same on every run. The
 * rank order of the whole table is sorted once per snapshot (Arquero `orderby`) and kept; a
 * question then costs one filter pass.
 *
 * @example
 * topAtRisk(snapshot.table, [{ column: "Contract", op: "in", values: ["Month-to-month"] }], { limit: 5, rankBy: "revenue" });
 */
export function topAtRisk(
  table: ColumnTable,
  filters: readonly CustomerFilter[],
  options: { limit: number; rankBy: RankBy },
): TopAtRisk {
  const matching = filterCustomers(table, filters);
  const matched = matching.numRows();
  if (matched === 0) return { ranked: [], matching, matched, revenueAtRisk: 0 };
  const totals = matching
    .rollup({ revenueAtRisk: "d => op.sum(d.MonthlyCharges * d.probability)" })
    .object() as { revenueAtRisk: number };
  const order = rankOrder(table, options.rankBy);
  const rows: number[] = [];
  if (filters.length === 0) {
    for (let k = 0; k < order.length && rows.length < options.limit; k++) rows.push(order[k]);
  } else {
    const mask = new Uint8Array(table.totalRows());
    for (const row of matching.indices()) mask[row] = 1;
    for (let k = 0; k < order.length && rows.length < options.limit; k++) {
      if (mask[order[k]]) rows.push(order[k]);
    }
  }
  const at = (name: string) =>
    (table.column(name) as unknown as { at(row: number): unknown }).at.bind(table.column(name));
  const [id, probability, band, charges, contract, persona] = [
    "customerID",
    "probability",
    "band",
    "MonthlyCharges",
    "Contract",
    "persona",
  ].map(at);
  return {
    ranked: rows.map((row, i) => ({
      rank: i + 1,
      customerID: id(row) as string,
      probability: probability(row) as number,
      band: band(row) as RiskBand,
      monthlyCharges: charges(row) as number,
      revenueAtRisk: (charges(row) as number) * (probability(row) as number),
      contract: contract(row) as string,
      persona: persona(row) as string,
    })),
    matching,
    matched,
    revenueAtRisk: totals.revenueAtRisk,
  };
}

/** Every row of the table in rank order (Arquero's orderby), sorted once per snapshot. */
function rankOrder(table: ColumnTable, rankBy: RankBy): Uint32Array {
  return snapshotMemo(table, `rank-order:${rankBy}`, () => {
    const keys =
      rankBy === "revenue"
        ? [desc("revenueAtRisk"), desc("probability"), "customerID"]
        : [desc("probability"), desc("revenueAtRisk"), "customerID"];
    return Uint32Array.from(
      table
        .select("customerID", "probability", "MonthlyCharges")
        .derive({ revenueAtRisk: "d => d.MonthlyCharges * d.probability" })
        .orderby(...keys)
        .indices(),
    );
  });
}

/**
 * The rows of `table` that pass every filter. Column names come from the conversation catalogue
 * only (checked here again), values travel as Arquero params, so no text of a message is ever
 * compiled into an expression.
 */
export function filterCustomers(table: ColumnTable, filters: readonly CustomerFilter[]): ColumnTable {
  if (filters.length === 0) return table;
  const params: Record<string, unknown> = {};
  const terms = filters.map((f, i) => {
    if (!KNOWN.has(f.column) || !/^[A-Za-z][A-Za-z0-9]*$/.test(f.column)) {
      throw new Error(`unknown filter column: ${JSON.stringify(f.column)}`);
    }
    const p = `f${i}`;
    const col = `d.${f.column}`;
    if ("values" in f) {
      // SeniorCitizen is stored as 0/1; people filter it by yes/no.
      params[p] = f.column === "SeniorCitizen" ? f.values.map((v) => (v === "Yes" ? 1 : 0)) : f.values;
      return `${f.op === "not-in" ? "!" : ""}op.includes($.${p}, ${col})`;
    }
    params[p] = f.value;
    return `(${col} != null && ${col} ${f.op === "=" ? "===" : f.op} $.${p})`;
  });
  return table.params(params).filter(`(d, $) => ${terms.join(" && ")}`);
}
