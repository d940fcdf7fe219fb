import { InsightError } from "../../core/src/report/index.ts";
import { HttpError } from "./http-error.ts";
import type { Route } from "./route.ts";
import { sendChart } from "./send-chart.ts";

/**
 * `GET /charts/<token>.png`: a chart image behind a signed, expiring link (`services.links`). The
 * signature is the authorisation, so chat clients and card renderers can fetch it. A token that is
 * not ours → 400; an altered one → 403; an expired one → 410 (as on every link route); a customer
 * not in the snapshot → 404; an image refused by the blank-chart guard → 422 with the chart's text
 * table.
 */
export function chartsRoute(): Route {
  return {
    method: "GET",
    path: "/charts/:token.png",
    audit: "chart",
    async handle(ctx) {
      ctx.audit({ actor: "chart-link" });
      const check = ctx.services.links.verify(ctx.params.token);
      if (!check.ok) {
        if (check.reason === "expired")
          throw new HttpError("expired-chart-link", "this chart link has expired: ask for the chart again");
        if (check.reason === "bad-signature")
          throw new HttpError("bad-chart-link", "this chart link is not valid");
        throw new HttpError("malformed-chart-link", "this is not a chart link");
      }
      const { request } = check;
      ctx.audit({ customerID: request.customerID, shown: { chart: request.chart } });
      const lease = ctx.services.serving.acquire();
      try {
        let rendered;
        try {
          rendered = await ctx.services.charts.render(lease, request);
        } catch (err) {
          if (err instanceof InsightError) throw err;
          throw new HttpError(
            "chart-unavailable",
            `cannot draw ${request.chart} from snapshot ${lease.snapshot.manifest.id}: ${(err as Error).message}`,
            { cause: err },
          );
        }
        // Drawn from the serving snapshot, which a reload may replace: cache for an hour at most.
        sendChart(ctx, rendered, { expiresAt: check.expiresAt, maxAgeSeconds: 3600 });
      } finally {
        lease.release();
      }
    },
  };
}
