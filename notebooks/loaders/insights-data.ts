/**
 * The User insights page's bundled customers. A page cannot ship a million insights, so it gets a
 * bounded set: the `limit` customers most at risk first (three quarters of the set), then customers
 * spread evenly over the rest of the risk ranking (so low- and medium-risk examples are there too).
 * For each: the `CustomerInsight` every surface renders, the waterfall input the bot's chart draws
 * (`waterfallInput(explainCustomer(…))`) and the TXT summary (`renderInsightText`). Any other
 * customer is looked up on the server (`GET /v1/customers/:id`) when the page is served by it.
 */
import {
  buildCustomerInsight,
  explainCustomer,
  renderInsightText,
  type ChurnModel,
  type CustomerInsight,
  type NudgeEngine,
  type Snapshot,
} from "engagetrack";
import { desc } from "arquero";
import { waterfallInput, type WaterfallInput } from "engagetrack/charts";

/** Default number of bundled customers. */
export const DEFAULT_INSIGHT_LIMIT = 500;

/** One row of the page's customer picker. */
export interface CustomerIndexRow {
  id: string;
  probability: number;
  band: string;
  persona: string;
  planTier: string;
  Contract: string;
  /** Rank by churn probability, 1 = riskiest of the whole snapshot. */
  rank: number;
}

export interface CustomerDetails {
  insight: CustomerInsight;
  waterfall: WaterfallInput;
  text: string;
}

export interface InsightsData {
  snapshotId: string;
  /** Customers in the snapshot, and how many are bundled here (at most `limit`). */
  total: number;
  limit: number;
  /** How the bundled customers were chosen, in words (the page shows it). */
  selection: string;
  customers: CustomerIndexRow[];
  details: Record<string, CustomerDetails>;
}

export interface InsightsOptions {
  model: ChurnModel;
  nudges: NudgeEngine;
  clock: () => Date;
  limit?: number;
}

/**
 * @example
 * const data = await insightsData(snapshot, { model, nudges: createRuleNudgeEngine(), clock: () => new Date() });
 * data.details[data.customers[0].id].text; // "EngageTrack customer summary: 5555-BGKAQ\n…"
 */
export async function insightsData(snapshot: Snapshot, options: InsightsOptions): Promise<InsightsData> {
  const limit = options.limit ?? DEFAULT_INSIGHT_LIMIT;
  if (!(Number.isInteger(limit) && limit >= 1)) throw new Error(`invalid insight limit: ${limit}`);
  // Rank by probability (ties by ID) without materialising a million row objects: sort once, then
  // read only the picked rows.
  const t = snapshot.table;
  const order = t.orderby(desc("probability"), "customerID").indices();
  const total = order.length;
  const picked = pickRanks(total, limit);
  const col = (name: string) => t.column(name) as unknown as { at(row: number): unknown };
  const [id, probability, band, persona, planTier, contract] = [
    "customerID",
    "probability",
    "band",
    "persona",
    "planTier",
    "Contract",
  ].map(col);
  const customers: CustomerIndexRow[] = picked.map((r) => {
    const row = order[r];
    return {
      id: String(id.at(row)),
      probability: probability.at(row) as number,
      band: String(band.at(row)),
      persona: String(persona.at(row)),
      planTier: String(planTier.at(row)),
      Contract: String(contract.at(row)),
      rank: r + 1,
    };
  });
  const details: Record<string, CustomerDetails> = {};
  for (const c of customers) {
    const insight = await buildCustomerInsight({
      model: options.model,
      snapshot,
      customerID: c.id,
      nudges: options.nudges,
      clock: options.clock,
    });
    // The waterfall the bot draws: every grouped source of the explanation, not only the top drivers.
    const explanation = await explainCustomer(options.model, snapshot.lookup(c.id)!.customer);
    details[c.id] = { insight, waterfall: waterfallInput(explanation), text: renderInsightText(insight) };
  }
  const top = Math.min(total, Math.ceil(limit * 0.75));
  return {
    snapshotId: snapshot.manifest.id,
    total: total,
    limit,
    selection:
      customers.length === total
        ? `all ${total} customers`
        : `the ${top} customers most at risk and ${customers.length - top} more spread evenly over the rest of the risk ranking (${customers.length} of ${total})`,
    customers,
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
