import type { Route } from "./route.ts";
import { send } from "./send.ts";

/** `GET /metrics`: Prometheus text exposition of the shared registry. */
export function metricsRoute(): Route {
  return {
    method: "GET",
    path: "/metrics",
    async handle(ctx) {
      const { contentType, body } = await ctx.services.metrics.text();
      send(ctx.res, 200, contentType, body);
    },
  };
}
