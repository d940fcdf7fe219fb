import { desc, escape, type ColumnTable } from "arquero";
import { riskSummary, type RiskBand, type RiskSummary, type Snapshot } from "../../core/src/index.ts";
import { revenueAtRiskTerm } from "../../core/src/snapshot/index.ts";
import type { ConversationCatalog, ConversationColumn } from "./conversation-catalog.ts";
import type { CustomerFilter, RankBy } from "./intent.ts";
import type { RankedCustomer } from "./reply.ts";
import { snapshotMemo } from "./snapshot-memo.ts";

/** The ranked list and the population it was drawn from. */
export interface TopAtRisk {
  ranked: RankedCustomer[];
  /** The customers matching the filters (all of them, for the distribution chart). */
  matching: ColumnTable;
  /** How many match. */
  matched: number;
  /** `riskSummary` of the matching customers: the count, bands and revenue at risk every surface shows. */
  summary: RiskSummary;
  /** How the list was ranked (probability when the data has no revenue column). */
  rankBy: RankBy;
  /** The list is of history (a status filter that leaves out current customers), not customers to act on. */
  history: boolean;
  /** Customers of `options.skip` (snoozed) passed over while the list was filled. */
  skipped?: number;
}

/** What a list needs of a snapshot. */
export type RankSource = Pick<Snapshot, "table" | "actionable" | "idColumn" | "revenue" | "summary">;

/**
 * The customers most at risk among those to act on (`snapshot.actionable`: churned customers are
 * history and never listed), by Arquero: the filters applied and the matching customers taken in
 * rank order — revenue at risk (monthly revenue × probability) or probability, ties broken by the
 * other and then by ID, so the list is the same on every run. A filter on `status` that lets
 * churned customers in (`status=churned`) asks for history on purpose: the whole table is read.
 * The rank order is sorted once per snapshot and kept; a question then costs one filter pass.
 *
 * @example
 * topAtRisk(snapshot, [{ column: "state", op: "in", values: ["CA"] }], { limit: 5, rankBy: "revenue", catalog, shown });
 */
export function topAtRisk(
  snapshot: RankSource,
  filters: readonly CustomerFilter[],
  options: {
    limit: number;
    rankBy: RankBy;
    catalog: ConversationCatalog;
    shown?: readonly ConversationColumn[];
    /** Customers to leave out of the list (snoozed); how many were passed over is `skipped`. */
    skip?: ReadonlySet<string>;
  },
): TopAtRisk {
  const statuses = allowedStatuses(filters);
  const history = statuses !== null && !statuses.has("current");
  const base = statuses?.has("churned") ? snapshot.table : snapshot.actionable;
  const matching = filterCustomers(base, filters, options.catalog);
  const matched = matching.numRows();
  // No filter: the snapshot's own summary (computed once per snapshot), the same figures.
  const summary = filters.length === 0 ? snapshot.summary() : riskSummary(matching, snapshot.revenue);
  const rankBy: RankBy = snapshot.revenue.column === null ? "probability" : options.rankBy;
  if (matched === 0) return { ranked: [], matching, matched, summary, rankBy, history };
  const { table } = snapshot;
  const order = rankOrder(snapshot, rankBy);
  const mask = new Uint8Array(table.totalRows());
  for (const row of matching.indices()) mask[row] = 1;
  const rows: number[] = [];
  // History lists (churned customers) are not call lists: nothing is snoozed there.
  const skip = !history && options.skip?.size ? options.skip : undefined;
  const idOf = skip && (table.column(snapshot.idColumn) as unknown as { at(row: number): unknown });
  let skipped = 0;
  for (let k = 0; k < order.length && rows.length < options.limit; k++)
    if (mask[order[k]]) {
      if (skip && skip.has(idOf!.at(order[k]) as string)) skipped++;
      else rows.push(order[k]);
    }

  const at = (name: string) => {
    const column = table.column(name) as unknown as { at(row: number): unknown };
    return (row: number) => column.at(row);
  };
  const [id, probability, band, status] = [snapshot.idColumn, "probability", "band", "status"].map(at);
  const revenue = snapshot.revenue.column === null ? null : at(snapshot.revenue.column);
  const shown = (options.shown ?? []).map((c) => ({ c, value: at(c.column) }));
  return {
    ranked: rows.map((row, i) => {
      const p = probability(row) as number;
      const monthly = revenue ? ((revenue(row) as number | null) ?? null) : null;
      return {
        rank: i + 1,
        customerID: id(row) as string,
        status: (status(row) ?? "current") as RankedCustomer["status"],
        probability: p,
        band: band(row) as RiskBand,
        monthlyRevenue: monthly,
        revenueAtRisk: revenue ? (monthly ?? 0) * p : null,
        currency: snapshot.revenue.currency,
        segments: shown.map(({ c, value }) => ({
          column: c.column,
          label: c.label,
          value: options.catalog.display(c, value(row)),
        })),
      };
    }),
    matching,
    matched,
    summary,
    rankBy,
    history,
    ...(skip && { skipped }),
  };
}

/** The statuses a filter on `status` lets through, or null when there is none. */
function allowedStatuses(filters: readonly CustomerFilter[]): Set<string> | null {
  let allowed: Set<string> | null = null;
  for (const f of filters) {
    if (f.column !== "status" || !("values" in f)) continue;
    const values = new Set(f.values.map(String));
    const these = ["current", "churned", "retained"].filter((s) => (f.op === "in") === values.has(s));
    allowed = new Set(allowed ? these.filter((s) => allowed!.has(s)) : these);
  }
  return allowed;
}

/** Every row of the table in rank order (Arquero's orderby), sorted once per snapshot. */
function rankOrder(snapshot: RankSource, rankBy: RankBy): Uint32Array {
  const { table, idColumn } = snapshot;
  const revenue = snapshot.revenue.column;
  return snapshotMemo(table, `rank-order:${rankBy}`, () => {
    const keys =
      rankBy === "revenue"
        ? [desc("revenueAtRisk"), desc("probability"), idColumn]
        : [desc("probability"), desc("revenueAtRisk"), idColumn];
    return Uint32Array.from(
      table
        .select([idColumn, "probability", ...(revenue === null ? [] : [revenue])])
        .derive({ revenueAtRisk: revenue === null ? escape(() => 0) : revenueAtRiskTerm(revenue) })
        .orderby(...keys)
        .indices(),
    );
  });
}

/**
 * The rows of `table` that pass every filter. Column names must be the catalogue's (checked here
 * again) and are written as string literals; values travel as Arquero params, so no text of a
 * message is ever compiled into an expression.
 */
export function filterCustomers(
  table: ColumnTable,
  filters: readonly CustomerFilter[],
  catalog: ConversationCatalog,
): ColumnTable {
  if (filters.length === 0) return table;
  const params: Record<string, unknown> = {};
  const terms = filters.map((f, i) => {
    if (!catalog.columns.some((c) => c.column === f.column)) {
      throw new Error(`unknown filter column: ${JSON.stringify(f.column)}`);
    }
    const p = `f${i}`;
    const col = `d[${JSON.stringify(f.column)}]`;
    if ("values" in f) {
      params[p] = f.values;
      return `${f.op === "not-in" ? "!" : ""}op.includes($.${p}, ${col})`;
    }
    params[p] = f.value;
    return `(${col} != null && ${col} ${f.op === "=" ? "===" : f.op} $.${p})`;
  });
  return table.params(params).filter(`(d, $) => ${terms.join(" && ")}`);
}
