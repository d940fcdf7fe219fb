import { subsetSnapshot, type Snapshot } from "../../core/src/snapshot/index.ts";
import { snapshotMemo } from "./snapshot-memo.ts";

/** The snapshot column that holds each account's owner (the contract's `owner:`), or null. */
export function ownerColumnOf(snapshot: Pick<Snapshot, "dataset" | "table">): string | null {
  const column = snapshot.dataset.owner?.column;
  return column !== undefined && snapshot.table.columnNames().includes(column) ? column : null;
}

/** Every owner value of the snapshot (blank and missing owners left out), once per snapshot. */
export function ownerValues(snapshot: Pick<Snapshot, "dataset" | "table">): readonly string[] {
  const column = ownerColumnOf(snapshot);
  if (column === null) return [];
  return snapshotMemo(snapshot.table, "owner-values", () =>
    (
      snapshot.table
        .rollup({ owners: `d => op.array_agg_distinct(d[${JSON.stringify(column)}])` })
        .object() as { owners: unknown[] }
    ).owners
      .filter((v): v is string => typeof v === "string" && v.trim() !== "")
      .sort(),
  );
}

/** The owner value of one account (null: nobody owns it), or undefined when the ID is unknown. */
export function accountOwner(snapshot: Snapshot, customerID: string): string | null | undefined {
  const found = snapshot.lookup(customerID);
  if (!found) return undefined;
  const column = ownerColumnOf(snapshot);
  const value = column === null ? null : (found.customer as Record<string, unknown>)[column];
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/**
 * The snapshot as one owner's book: the same manifest, contract and columns, its table filtered
 * (by Arquero) to the accounts whose owner column is `owner`, and every figure — summary, segments,
 * the call list, comparisons — computed by core's one definition over those rows (`subsetSnapshot`). Every answer
 * reads it as it reads a whole snapshot, so "my …" questions and access by ownership reuse them
 * all. Built once per snapshot and owner.
 *
 * @example
 * bookSnapshot(snapshot, "Dana Whitfield").summary().customers; // 42
 */
export function bookSnapshot(snapshot: Snapshot, owner: string): Snapshot {
  const column = ownerColumnOf(snapshot);
  if (column === null) throw new Error(`snapshot ${snapshot.manifest.id} has no owner column`);
  return snapshotMemo(snapshot.table, `book:${owner}`, () => {
    // The column is named literally; the owner travels as a param, never compiled into the expression.
    const table = snapshot.table
      .params({ bookOwner: owner })
      .filter(`(d, $) => d[${JSON.stringify(column)}] === $.bookOwner`);
    return subsetSnapshot(snapshot, table);
  });
}
