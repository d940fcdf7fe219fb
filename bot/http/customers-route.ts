import type { ApiGuard } from "./api-guard.ts";
import { parseCustomerID } from "./customer-id.ts";
import type { Route } from "./route.ts";
import { sendJson } from "./send.ts";

/**
 * `GET /v1/customers/:id` → the customer's `CustomerInsight` (the object behind the bot card, the
 * TXT summary and the CLI's `report --format json`), from the serving snapshot.
 */
export function customersRoute(guard: ApiGuard): Route {
  return {
    method: "GET",
    path: "/v1/customers/:id",
    audit: "report",
    async handle(ctx) {
      guard.check(ctx);
      const customerID = parseCustomerID(ctx.params.id);
      ctx.audit({ customerID, shown: { format: "json" } });
      const lease = ctx.services.serving.acquire();
      try {
        const insight = await ctx.services.insight(lease, customerID);
        ctx.audit({
          engine: insight.nudge.engine,
          snapshotId: insight.snapshot.id,
          modelHash: insight.model.hash,
          shown: { band: insight.risk.band, nudge: insight.nudge.actionId },
        });
        sendJson(ctx.res, 200, insight);
      } finally {
        lease.release();
      }
    },
  };
}
