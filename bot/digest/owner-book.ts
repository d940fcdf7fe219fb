import { escape } from "arquero";
import type { DigestReport, DigestSnapshot } from "../../core/src/digest/index.ts";
import {
  actionableCustomers,
  riskSummary,
  segmentRisk,
  STATUS_COLUMN,
  topToAct,
} from "../../core/src/snapshot/index.ts";

/** Whose book a per-owner digest covers: the owner column's value and the column's words. */
export interface DigestBook {
  /** The owner, as spelled in the owner column. */
  owner: string;
  /** The contract's owner column. */
  column: string;
}

/** A digest report, with its owner's book when it is a per-owner digest. */
export type BookDigestReport = DigestReport & { book?: DigestBook };

/**
 * The owners of a snapshot's customers to act on (the contract's owner column; churned customers
 * are history and give nobody a book), sorted; empty when the contract declares no owner column
 * or the snapshot does not hold it.
 *
 * @example
 * bookOwners(snapshot); // ["Avery Chen", "Dana Whitfield"]
 */
export function bookOwners(snapshot: DigestSnapshot): string[] {
  const column = snapshot.dataset.owner?.column;
  if (!column || !snapshot.table.columnNames().includes(column)) return [];
  const values = snapshot.actionable.array(column) as ArrayLike<unknown>;
  const owners = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "string" && v.trim() !== "") owners.add(v);
  }
  return [...owners].sort((a, b) => a.localeCompare(b, "en"));
}

/**
 * A snapshot restricted to one owner's book: the same manifest, contract and revenue, over the rows
 * whose owner column is `owner` (history included, as in the whole snapshot), with the summary,
 * segments and call-first order computed by the same core functions every surface uses
 * (`riskSummary`, `segmentRisk`, `topToAct`) — one number, one definition, on fewer rows.
 *
 * @example
 * buildDigestReport({ ...input, current: ownerBook(now, "Dana Whitfield"), previous: ownerBook(before, "Dana Whitfield") });
 */
export function ownerBook(snapshot: DigestSnapshot, owner: string): DigestSnapshot {
  const column = snapshot.dataset.owner?.column;
  if (!column) throw new Error(`data set ${snapshot.dataset.name} declares no owner column`);
  const names = snapshot.table.columnNames();
  // reify: a table of its own rows, so row numbers mean the same to every reader.
  const table = names.includes(column)
    ? snapshot.table.filter(escape((d: Record<string, unknown>) => d[column] === owner)).reify()
    : snapshot.table.slice(0, 0).reify();
  const actionable = actionableCustomers(table);
  const { idColumn, revenue } = snapshot;
  const segmentColumns = names.filter((c) => c !== idColumn);
  let summary: ReturnType<typeof riskSummary> | undefined;
  return {
    manifest: snapshot.manifest,
    table,
    actionable,
    idColumn,
    dataset: snapshot.dataset,
    revenue,
    summary: () => (summary ??= Object.freeze(riskSummary(table, revenue))),
    segments: (c) =>
      segmentRisk(c === STATUS_COLUMN ? table : actionable, c, {
        columns: segmentColumns,
        revenue: revenue.column,
      }),
    topToAct: (limit) => topToAct(table, { idColumn, revenue, limit }),
  };
}
