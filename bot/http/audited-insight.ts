import {
  usesCustomerInsight,
  type ContractInsight,
  type CustomerInsight,
} from "../../core/src/report/index.ts";
import type { RouteContext } from "./route.ts";

/** A customer's insight: the demo's `CustomerInsight`, or a `ContractInsight` in its table's own words. */
export type AnyInsight = CustomerInsight | ContractInsight;

/**
 * One customer's insight from a lease of the serving model and snapshot, with what it showed
 * (nudge engine, snapshot, model, band, nudge, status) added to the request's audit event — what
 * every route that answers with a customer's insight (JSON, TXT, summary download) records. A
 * model trained under a table's own dataset contract gives its `ContractInsight` (see
 * `usesCustomerInsight`). Throws `InsightError` for a customer not in the snapshot, as
 * `services.insight` does.
 */
export async function auditedInsight(ctx: RouteContext, customerID: string): Promise<AnyInsight> {
  const lease = ctx.services.serving.acquire();
  try {
    if (!usesCustomerInsight(lease.model.contract)) {
      const insight = await ctx.services.contractInsight(lease, customerID);
      ctx.audit({
        engine: insight.nudge?.engine ?? null,
        snapshotId: insight.snapshot.id,
        modelHash: insight.model.hash,
        shown: { band: insight.risk.band, nudge: insight.nudge?.actionId ?? null, status: insight.status },
      });
      return insight;
    }
    const insight = await ctx.services.insight(lease, customerID);
    ctx.audit({
      engine: insight.nudge.engine,
      snapshotId: insight.snapshot.id,
      modelHash: insight.model.hash,
      shown: { band: insight.risk.band, nudge: insight.nudge.actionId },
    });
    return insight;
  } finally {
    lease.release();
  }
}
