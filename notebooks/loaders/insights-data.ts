/**
 * The User insights page's bundled customers. A page cannot ship a million insights, so it gets a
 * bounded set of customers to act on (`snapshot.actionable`; churned customers are history): the
 * `limit` most at risk first (three quarters of the set), then customers spread evenly over the
 * rest of the risk ranking. History is reachable on purpose: a few churned customers ride along in
 * `history`, labelled so by the page. For each customer: the insight every surface renders (the
 * `CustomerInsight` for data with the demo's columns, else the `ContractInsight` in the table's
 * own words), the bot's waterfall input and the TXT summary. Any other customer is looked up on
 * the server (`GET /v1/customers/:id`) when the page is served by it.
 */
import {
  buildContractInsight,
  buildCustomerInsight,
  explainCustomer,
  renderContractInsightText,
  renderInsightText,
  type ChurnModel,
  type ContractInsight,
  type ContractRow,
  type CustomerInsight,
  type NudgeEngine,
  type Snapshot,
} from "engagetrack";
import { desc, type ColumnTable } from "arquero";
import { waterfallInput, type WaterfallInput } from "engagetrack/charts";
import type { ContractNudgeEngine } from "engagetrack/nudges";
import { usesCustomerInsight } from "engagetrack/report";
import { contractFeature } from "engagetrack/data";
import { DEFAULT_NOTEBOOK_CUSTOMERS } from "engagetrack/settings";
import { featureBuckets } from "./feature-buckets.ts";

/** Default number of bundled customers. */
export const DEFAULT_INSIGHT_LIMIT = DEFAULT_NOTEBOOK_CUSTOMERS;
/** Churned customers bundled as history. */
export const HISTORY_LIMIT = 10;
/** Segment columns shown in the picker (the contract's first ones). */
const FACETS = 3;

/** One row of the page's customer picker: `s0`, `s1`, … hold the `facets`' values as shown. */
export interface CustomerIndexRow {
  id: string;
  probability: number;
  band: string;
  status: string;
  /** Rank by churn probability among the customers to act on (1 = riskiest); null for history. */
  rank: number | null;
  [facet: `s${number}`]: string;
}

export interface CustomerDetails {
  insight: CustomerInsight | ContractInsight;
  waterfall: WaterfallInput;
  text: string;
}

export interface InsightsData {
  snapshotId: string;
  /** The data set's id column label ("account_id"). */
  idColumn: string;
  /** Customers to act on, and how many are bundled here (at most `limit`). */
  total: number;
  limit: number;
  /** How the bundled customers were chosen, in words (the page shows it). */
  selection: string;
  /** Picker columns after id, probability and band: key ("s0") and the contract's label. */
  facets: { key: string; label: string }[];
  customers: CustomerIndexRow[];
  /** History: churned customers (the model's riskiest), never to act on. */
  history: CustomerIndexRow[];
  details: Record<string, CustomerDetails>;
}

export interface InsightsOptions {
  model: ChurnModel;
  /** The nudge engine of `CustomerInsight`s (data with the demo's columns). */
  nudges: NudgeEngine;
  /** The nudge engine of `ContractInsight`s (any other table). */
  contractNudges: ContractNudgeEngine;
  clock: () => Date;
  limit?: number;
}

/**
 * @example
 * const data = await insightsData(snapshot, { model, nudges, contractNudges, clock: () => new Date() });
 * data.details[data.customers[0].id].text; // "EngageTrack customer summary: …"
 */
export async function insightsData(snapshot: Snapshot, options: InsightsOptions): Promise<InsightsData> {
  const limit = options.limit ?? DEFAULT_INSIGHT_LIMIT;
  if (!(Number.isInteger(limit) && limit >= 1)) throw new Error(`invalid insight limit: ${limit}`);
  const contract = snapshot.dataset;
  const idColumn = snapshot.idColumn;
  const facetBuckets = contract.segments
    .map((c) => contractFeature(contract, c))
    .filter((f) => f !== undefined)
    .slice(0, FACETS)
    .map((f) => featureBuckets(contract, f!, snapshot.table));
  const facets = facetBuckets.map((b, i) => ({ key: `s${i}`, label: b.label }));
  // Rank by probability (ties by ID) without materialising a million row objects: sort once, then
  // read only the picked rows.
  const rows = (table: ColumnTable, picked: (total: number) => number[], ranked: boolean) => {
    const order = table.orderby(desc("probability"), idColumn).indices();
    const ranks = picked(order.length);
    const col = (name: string) => table.column(name) as unknown as { at(row: number): unknown };
    const [id, probability, band, status] = [idColumn, "probability", "band", "status"].map(col);
    const facetColumns = facetBuckets.map((b) => col(b.column));
    return ranks.map((r): CustomerIndexRow => {
      const at = order[r];
      const row: CustomerIndexRow = {
        id: String(id.at(at)),
        probability: probability.at(at) as number,
        band: String(band.at(at)),
        status: String(status.at(at)),
        rank: ranked ? r + 1 : null,
      };
      facetBuckets.forEach((b, i) => (row[`s${i}`] = b.segments[b.indexOf(facetColumns[i].at(at))]));
      return row;
    });
  };
  const total = snapshot.actionable.numRows();
  const customers = rows(snapshot.actionable, (n) => pickRanks(n, limit), true);
  const history = rows(
    snapshot.table.filter("d => d.status === 'churned'"),
    (n) => Array.from({ length: Math.min(n, HISTORY_LIMIT) }, (_, i) => i),
    false,
  );
  const legacy = usesCustomerInsight(contract);
  const details: Record<string, CustomerDetails> = {};
  for (const c of [...customers, ...history]) {
    const explanation = await explainCustomer(options.model, snapshot.lookup(c.id)!.customer);
    // The waterfall the bot draws: every grouped source of the explanation, not only the top drivers.
    const waterfall = waterfallInput(explanation);
    if (legacy) {
      const insight = await buildCustomerInsight({
        model: options.model,
        snapshot,
        customerID: c.id,
        nudges: options.nudges,
        clock: options.clock,
      });
      details[c.id] = { insight, waterfall, text: renderInsightText(insight) };
    } else {
      const insight = await buildContractInsight({
        model: options.model,
        snapshot: snapshot as unknown as Snapshot<ContractRow>,
        customerID: c.id,
        nudges: options.contractNudges,
        clock: options.clock,
      });
      details[c.id] = { insight, waterfall, text: renderContractInsightText(insight) };
    }
  }
  const top = Math.min(total, Math.ceil(limit * 0.75));
  return {
    snapshotId: snapshot.manifest.id,
    idColumn,
    total,
    limit,
    selection:
      customers.length === total
        ? `all ${total} customers to act on`
        : `the ${top} customers to act on most at risk and ${customers.length - top} more spread evenly over the rest of the risk ranking (${customers.length} of ${total})`,
    facets,
    customers,
    history,
    details,
  };
}

/** Ranks (0 = riskiest) of the bundled customers: the top three quarters of `limit`, then evenly spaced. */
export function pickRanks(total: number, limit: number): number[] {
  if (total <= limit) return Array.from({ length: total }, (_, i) => i);
  const top = Math.ceil(limit * 0.75);
  const rest = limit - top;
  const out = Array.from({ length: top }, (_, i) => i);
  // Evenly spaced over [top, total): the last pick is the lowest-risk customer.
  for (let k = 1; k <= rest; k++) out.push(top - 1 + Math.round((k * (total - top)) / rest));
  return out;
}
