/** Hand-built experiment tables with exact arm counts, for checking the analysis against known values. */
import { table, type ColumnTable } from "arquero";
import { assignVariant } from "../../src/data/variant.ts";
import type { Variant } from "../../src/data/schema.ts";

export interface ArmSpec {
  /** Labelled customers in the arm. */
  n: number;
  churned: number;
  /** Engagement score of each customer (default: 50 + (i mod 7), for a little spread). */
  engagement?: readonly number[];
}

/**
 * A table with `customerID`, `variant`, `status` and `engagementScore` whose arms have exactly the
 * given counts, and whose IDs are ones the experiment's hash really assigns to those arms (so no
 * assignment mismatch unless a test makes one). The first `churned` customers of each arm churn;
 * the rest are retained.
 */
export function armTable(
  arms: Record<Variant, ArmSpec>,
  experimentKey = "nudge-strategy-2026",
  weights = { A: 0.5, B: 0.5 },
): ColumnTable {
  const ids: string[] = [];
  const variant: string[] = [];
  const status: string[] = [];
  const engagement: number[] = [];
  const taken = { A: 0, B: 0 };
  for (let i = 0; taken.A < arms.A.n || taken.B < arms.B.n; i++) {
    const id = `T${String(i).padStart(7, "0")}`;
    const v = assignVariant(id, experimentKey, weights);
    const spec = arms[v];
    const k = taken[v];
    if (k >= spec.n) continue;
    ids.push(id);
    variant.push(v);
    status.push(k < spec.churned ? "churned" : "retained");
    engagement.push(spec.engagement ? spec.engagement[k] : 50 + (k % 7));
    taken[v]++;
  }
  return table({ customerID: ids, variant, status, engagementScore: Float64Array.from(engagement) });
}
