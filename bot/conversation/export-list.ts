import { isSimulatedColumn, type Snapshot } from "../../core/src/index.ts";
import { csvText } from "./csv-text.ts";
import { plural } from "./reply-format.ts";
import { describeFilter } from "./answer-top-at-risk.ts";
import {
  conversationCatalog,
  type ConversationCatalog,
  type ConversationColumn,
} from "./conversation-catalog.ts";
import { bookSnapshot } from "./owner-book.ts";
import { MAX_EXPORT, type ExportList } from "./intent.ts";
import { segmentChart } from "./segment-chart.ts";
import { topAtRisk } from "./top-at-risk.ts";

/** A list as a CSV file, and what it holds. */
export interface ExportedList {
  /** File-safe: letters, digits, "-", "_", "." ("at-risk-band-High-2026-11-21T09-00-00Z-convers1.csv"). */
  name: string;
  /** RFC 4180 CSV: CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled. */
  content: string;
  /** Data rows (the header not counted). */
  rows: number;
  /** How many matched before the `MAX_EXPORT` cap (customer lists), or the segment count. */
  matched: number;
  /** Headers, as written. */
  columns: string[];
  /** The list in words: "customers to act on (band=High), by revenue at risk". */
  description: string;
  /** Adjustments worth telling ("clamped to 50,000 rows"). */
  notes: string[];
  /** Columns shown, for the simulated note. */
  shown: ConversationColumn[];
}

/**
 * Writes a list as CSV with the contract's labels as headers: for customers, the id, calibrated
 * churn probability, risk band, status, monthly revenue and revenue at risk (headers name the
 * currency), the owner when the contract names one, then the contract's segment columns and any
 * filtered column; for a segment table, its rows as `answerSegment` counts them. A simulated
 * column says "(simulated)" in its header. Every text cell and header goes through `csvSafe`
 * (a cell starting with = + - @ tab or CR is prefixed with ', so a spreadsheet never runs it).
 * Customers are those to act on, ranked like the at-risk list (`topAtRisk`; churned only when a
 * status filter asks for history; `skip`: snoozed customers, left out as the list leaves them),
 * at most `MAX_EXPORT`.
 *
 * @example
 * exportList({ kind: "top-at-risk", limit: 50, filters: [], rankBy: "revenue" }, snapshot).content.split("\r\n")[0];
 * // "customerID,Churn probability (calibrated),Risk band,Status,Monthly charges (USD),Revenue at risk per month (USD),…"
 */
export function exportList(
  list: ExportList,
  snapshot: Snapshot,
  options: { skip?: ReadonlySet<string> } = {},
): ExportedList {
  // One owner's book ("export my accounts"): the same list over their accounts only (owner-book.ts).
  const rows = list.owner === undefined ? snapshot : bookSnapshot(snapshot, list.owner);
  const catalog = conversationCatalog(rows);
  return list.kind === "segment"
    ? exportSegment(list.column, rows, catalog)
    : exportCustomers(list, rows, catalog, options.skip);
}

function exportCustomers(
  list: Extract<ExportList, { kind: "top-at-risk" }>,
  snapshot: Snapshot,
  catalog: ConversationCatalog,
  skip: ReadonlySet<string> | undefined,
): ExportedList {
  const notes: string[] = [];
  let limit = list.limit ?? MAX_EXPORT;
  if (limit > MAX_EXPORT) {
    notes.push(
      `clamped to ${MAX_EXPORT.toLocaleString("en-US")} rows, the most one export holds (asked for ${limit.toLocaleString("en-US")})`,
    );
    limit = MAX_EXPORT;
  }
  const owner = snapshot.dataset.owner?.column;
  const ownerShown = owner !== undefined && snapshot.table.columnNames().includes(owner) ? owner : null;
  const apart = new Set([snapshot.idColumn, snapshot.revenue.column, ownerShown, "band", "status"]);
  const shown: ConversationColumn[] = [];
  for (const c of [
    ...catalog.segments,
    ...list.filters.flatMap((f) => catalog.columns.filter((c) => c.column === f.column)),
  ])
    if (!apart.has(c.column) && !shown.includes(c)) shown.push(c);
  const { ranked, matched, rankBy, history, skipped } = topAtRisk(snapshot, list.filters, {
    limit,
    rankBy: list.rankBy,
    catalog,
    shown,
    skip,
  });
  if (skipped) notes.push(`${plural(skipped, "snoozed customer")} left out, as in the at-risk list`);
  const currency = snapshot.revenue.currency;
  const revenue = snapshot.revenue.column;
  const revenueInfo = revenue === null ? undefined : catalog.columns.find((c) => c.column === revenue);
  const marked = (label: string, c?: ConversationColumn) =>
    (c?.simulated ?? catalog.simulated) ? `${label} (simulated)` : label;
  const columns = [
    snapshot.idColumn,
    "Churn probability (calibrated)",
    "Risk band",
    "Status",
    ...(revenue === null
      ? []
      : [
          marked(`${revenueInfo?.label ?? "Monthly revenue"} (${currency})`, revenueInfo),
          marked(`Revenue at risk per month (${currency})`, revenueInfo),
        ]),
    // The demo's owners are invented: marked like every simulated column.
    ...(ownerShown
      ? [
          isSimulatedColumn(snapshot.dataset, ownerShown)
            ? `${ownerLabel(snapshot, ownerShown)} (simulated)`
            : ownerLabel(snapshot, ownerShown),
        ]
      : []),
    ...shown.map((c) => marked(c.label, c)),
  ];
  const ownerOf = ownerShown ? ownerLookup(snapshot, ownerShown) : null;
  const records = ranked.map((r) => [
    r.customerID,
    round(r.probability, 6),
    r.band,
    r.status,
    ...(revenue === null
      ? []
      : [r.monthlyRevenue === null ? "" : round(r.monthlyRevenue, 2), round(r.revenueAtRisk ?? 0, 2)]),
    ...(ownerOf ? [ownerOf(r.customerID)] : []),
    ...r.segments.map((s) => s.value),
  ]);
  const where = list.filters.map((f) => describeFilter(f, catalog)).join(", ");
  const by = rankBy === "revenue" ? "revenue at risk" : "churn probability";
  return {
    name: fileName(`${history ? "history" : "at-risk"}${where ? `-${where}` : ""}-${snapshot.manifest.id}`),
    content: csvText(columns, records),
    rows: records.length,
    matched,
    columns,
    description: `${history ? "customers (history)" : "customers to act on"}${where ? ` (${where})` : ""}, by ${by}`,
    notes,
    shown: [...shown, ...(revenueInfo ? [revenueInfo] : [])],
  };
}

function exportSegment(column: string, snapshot: Snapshot, catalog: ConversationCatalog): ExportedList {
  const info = catalog.columns.find((c) => c.column === column) ?? catalog.column(column);
  if (!info) throw new Error(`unknown segment column: ${JSON.stringify(column)}`);
  const { bars, revenueAtRisk, label } = segmentChart(snapshot, info);
  const revenueInfo = catalog.columns.find((c) => c.column === snapshot.revenue.column);
  const revenueHeader = (h: string) => (catalog.simulated || revenueInfo?.simulated ? `${h} (simulated)` : h);
  const currency = snapshot.revenue.currency;
  const total = bars.reduce((s, b) => s + b.customers, 0);
  const columns = [
    catalog.simulated || info.simulated ? `${label} (simulated)` : label,
    "Customers",
    "Share",
    "Mean churn probability (calibrated)",
    "High risk customers",
    ...(revenueAtRisk ? [revenueHeader(`Revenue at risk per month (${currency})`)] : []),
  ];
  const records = bars.map((b, i) => [
    b.segment,
    b.customers,
    total ? round(b.customers / total, 6) : "",
    Number.isFinite(b.meanProbability) ? round(b.meanProbability, 6) : "",
    b.highRisk,
    ...(revenueAtRisk ? [round(revenueAtRisk[i], 2)] : []),
  ]);
  return {
    name: fileName(`segment-${info.name}-${snapshot.manifest.id}`),
    content: csvText(columns, records),
    rows: records.length,
    matched: records.length,
    columns,
    description: `churn by ${info.name}`,
    notes: [],
    shown: [info],
  };
}

/** The owner column's label ("Account owner"), or its name. */
function ownerLabel(snapshot: Snapshot, column: string): string {
  const f = snapshot.dataset.features.find((x) => x.column === column);
  return f?.label ?? column;
}

/** Each customer's owner, by id: one pass over the table (a CSV lists up to MAX_EXPORT). */
function ownerLookup(snapshot: Snapshot, column: string): (id: string) => string {
  const ids = snapshot.table.array(snapshot.idColumn) as ArrayLike<string>;
  const owners = snapshot.table.array(column) as ArrayLike<unknown>;
  const map = new Map<string, string>();
  for (let i = 0; i < ids.length; i++) map.set(ids[i], owners[i] == null ? "" : String(owners[i]));
  return (id) => map.get(id) ?? "";
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** Letters, digits, "-", "_" and "." only; at most 120 characters, ending in ".csv". */
function fileName(stem: string): string {
  const safe = stem
    .replace(/[^A-Za-z0-9_.-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+/, "")
    .slice(0, 116);
  return `${safe || "export"}.csv`;
}
