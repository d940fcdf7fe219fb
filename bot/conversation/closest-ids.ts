import type { ColumnTable } from "arquero";
import { editDistance } from "./edit-distance.ts";

export interface ClosestId {
  customerID: string;
  /** Edits from the asked-for ID, ignoring case (0: the same ID in another case). */
  distance: number;
}

export interface ClosestIdsOptions {
  /** Most suggestions returned (default 3). */
  limit?: number;
  /** Farthest suggestion, in edits (default 40% of the asked ID's length, at least 2). */
  maxDistance?: number;
  /** Snapshots up to this many customers are scanned whole; larger ones through the index (default 20,000). */
  scanAll?: number;
  /** Most IDs compared on a large snapshot (default 20,000). */
  maxCandidates?: number;
  /** The id column: the snapshot's `idColumn` (default "customerID", the legacy layout's). */
  idColumn?: string;
}

/** IDs bucketed by their first and last three characters (lowercase), built once per table and column. */
interface IdIndex {
  column: string;
  ids: readonly string[];
  heads: Map<string, number[]>;
  tails: Map<string, number[]>;
}

const KEY = 3;
const indexes = new WeakMap<ColumnTable, IdIndex>();

/**
 * The customer IDs of a snapshot closest to `query` (an ID that was not found), nearest first,
 * ties by ID. Any ID pattern: plain edit distance, ignoring case, over the id column (the
 * contract's: "account_id", "customerID", …). Small snapshots are scanned whole; on large ones (1M IDs) only IDs sharing the first
 * or the last three characters are compared — a typo rarely touches both ends — through an index
 * built on first use and kept for the snapshot's lifetime, so a lookup costs well under a
 * millisecond after that.
 *
 * @example
 * closestIds(snapshot.table, "7590-VHVGE"); // [{ customerID: "7590-VHVEG", distance: 1 }]
 * closestIds(snapshot.table, "AC10000", { idColumn: snapshot.idColumn }); // [{ customerID: "AC100000", distance: 1 }, …]
 */
export function closestIds(table: ColumnTable, query: string, options: ClosestIdsOptions = {}): ClosestId[] {
  const limit = options.limit ?? 3;
  const q = query.trim().toLowerCase();
  if (q === "" || limit < 1) return [];
  const max = options.maxDistance ?? Math.max(2, Math.ceil(q.length * 0.4));
  const column = options.idColumn ?? "customerID";
  const rows = table.numRows();
  let ids: readonly string[];
  let candidates: Iterable<number>;
  if (rows <= (options.scanAll ?? 20_000)) {
    ids = idsOf(table, column);
    candidates = ids.keys();
  } else {
    const index = indexFor(table, column);
    ids = index.ids;
    candidates = candidatesFor(index, q, options.maxCandidates ?? 20_000);
  }
  const found: ClosestId[] = [];
  let worst = max;
  for (const row of candidates) {
    const id = ids[row];
    if (typeof id !== "string") continue;
    // Once `limit` suggestions are in hand, only closer ones matter.
    const d = editDistance(q, id.toLowerCase(), worst);
    if (d > worst) continue;
    found.push({ customerID: id, distance: d });
    if (found.length > limit * 4) {
      found.sort(order);
      found.length = limit;
      worst = found[limit - 1].distance;
    }
  }
  return found.sort(order).slice(0, limit);
}

const order = (a: ClosestId, b: ClosestId) =>
  a.distance - b.distance || (a.customerID < b.customerID ? -1 : a.customerID > b.customerID ? 1 : 0);

/** The id column's values as strings (a numeric id column reads as its digits). */
function idsOf(table: ColumnTable, column: string): string[] {
  if (!table.columnNames().includes(column))
    throw new Error(`no id column ${JSON.stringify(column)} in the snapshot`);
  const values = table.array(column) as ArrayLike<unknown>;
  // The snapshot keeps its ids as a plain array of strings: use it as is (no copy per lookup).
  if (Array.isArray(values) && typeof values[0] === "string") return values as string[];
  return Array.from(values, (v) => (v === null || v === undefined ? "" : String(v)));
}

function indexFor(table: ColumnTable, column: string): IdIndex {
  let index = indexes.get(table);
  if (index?.column === column) return index;
  const ids = idsOf(table, column);
  const heads = new Map<string, number[]>();
  const tails = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, row: number) => {
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  };
  for (let row = 0; row < ids.length; row++) {
    const id = ids[row].toLowerCase();
    add(heads, id.slice(0, KEY), row);
    add(tails, id.slice(-KEY), row);
  }
  index = { column, ids, heads, tails };
  indexes.set(table, index);
  return index;
}

function candidatesFor(index: IdIndex, q: string, cap: number): number[] {
  const lists = [index.heads.get(q.slice(0, KEY)) ?? [], index.tails.get(q.slice(-KEY)) ?? []];
  // The smaller bucket first, so a capped scan keeps the more specific half.
  lists.sort((a, b) => a.length - b.length);
  const out: number[] = [];
  const seen = new Set<number>();
  for (const list of lists) {
    for (const row of list) {
      if (out.length >= cap) return out;
      if (!seen.has(row)) {
        seen.add(row);
        out.push(row);
      }
    }
  }
  return out;
}
