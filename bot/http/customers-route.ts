import type { ApiGuard } from "./api-guard.ts";
import { auditedInsight } from "./audited-insight.ts";
import { renderAnyInsightText } from "./render-any-insight-text.ts";
import { parseCustomerID } from "./customer-id.ts";
import type { Route } from "./route.ts";
import { send, sendJson } from "./send.ts";

/**
 * `GET /v1/customers/:id` → the customer's `CustomerInsight` (the object behind the bot card, the
 * TXT summary and the CLI's `report --format json`), from the serving snapshot — a
 * `ContractInsight` for a table with its own dataset contract. Simulated values are marked for
 * machines: `dataset.simulated` (the whole table), `dataset.simulatedColumns`, and each contract
 * fact's `simulated`. With
 * `Accept: text/plain`, the TXT summary itself (the bot's and the CLI's export, byte for byte).
 * The notebooks site mounts the same route at `/notebooks/api/customers/:id` behind its own guard.
 */
export function customersRoute(guard: ApiGuard, path = "/v1/customers/:id"): Route {
  return {
    method: "GET",
    path,
    audit: "report",
    async handle(ctx) {
      await guard.check(ctx);
      const customerID = parseCustomerID(ctx.params.id);
      const asText = prefersText(ctx.req.headers.accept);
      ctx.audit({ customerID, shown: { format: asText ? "txt" : "json" } });
      const insight = await auditedInsight(ctx, customerID);
      if (asText) {
        send(ctx.res, 200, "text/plain; charset=utf-8", renderAnyInsightText(insight), {
          "content-disposition": `inline; filename="engagetrack-${customerID}.txt"`,
          vary: "accept",
        });
      } else {
        sendJson(ctx.res, 200, insight, { vary: "accept" });
      }
    },
  };
}

/** True when the client asks for plain text before JSON (`Accept: text/plain`). */
function prefersText(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(",").map((t) => t.split(";")[0]!.trim().toLowerCase());
  const text = types.indexOf("text/plain");
  const json = types.findIndex((t) => t === "application/json" || t === "*/*" || t === "application/*");
  return text >= 0 && (json < 0 || text < json);
}
