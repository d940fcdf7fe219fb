import { HttpError } from "./http-error.ts";
import type { Route } from "./route.ts";
import { sendChart } from "./send-chart.ts";

/**
 * `GET /charts/r/<token>.png`: a chart of a chat reply (Teams cards link their images; they may
 * not inline them). The token carries the chart's data, signed and expiring
 * (`services.replyCharts`), so any replica can draw it. A token that is not ours → 400; an
 * altered one → 403; an expired one → 410; an image refused by the blank-chart guard → 422 with
 * the chart's text table.
 */
export function replyChartsRoute(): Route {
  return {
    method: "GET",
    path: "/charts/r/:token.png",
    audit: "chart",
    async handle(ctx) {
      ctx.audit({ actor: "chart-link" });
      const check = ctx.services.replyCharts.verify(ctx.params.token);
      if (!check.ok) {
        if (check.reason === "expired")
          throw new HttpError("expired-chart-link", "this chart link has expired: ask for the chart again");
        if (check.reason === "bad-signature")
          throw new HttpError("bad-chart-link", "this chart link is not valid");
        throw new HttpError("malformed-chart-link", "this is not a chart link");
      }
      const { chart } = check;
      ctx.audit({ shown: { chart: chart.chart, reply: true } });
      let rendered;
      try {
        rendered = await ctx.services.charts.renderReply(chart);
      } catch (err) {
        throw new HttpError("chart-unavailable", `cannot draw ${chart.chart}: ${(err as Error).message}`, {
          cause: err,
        });
      }
      // The data is in the link, so the image never changes: cache it until the link expires.
      sendChart(ctx, rendered, { expiresAt: check.expiresAt, maxAgeSeconds: 86_400 });
    },
  };
}
