import type { CustomerInsight } from "../../core/src/report/index.ts";
import type { RouteContext } from "./route.ts";

/**
 * One customer's insight from a lease of the serving model and snapshot, with what it showed
 * (nudge engine, snapshot, model, band, nudge) added to the request's audit event — what every
 * route that answers with a customer's insight (JSON, TXT, summary download) records. Throws
 * `InsightError` for a customer not in the snapshot, as `services.insight` does.
 */
export async function auditedInsight(ctx: RouteContext, customerID: string): Promise<CustomerInsight> {
  const lease = ctx.services.serving.acquire();
  try {
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
