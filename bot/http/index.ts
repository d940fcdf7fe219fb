// The HTTP API listener: health, readiness, metrics, the nudge API, customer insights and signed
// chart images. `register(app)` mounts it on the one server, like every other listener.
import type { ServerApp } from "../server-app.ts";
import { createApiGuard } from "./api-guard.ts";
import { memoryRateLimiters, storeRateLimiters } from "./rate-limiter.ts";
import { createNotebookGuard } from "./notebook-guard.ts";
import { chartsRoute } from "./charts-route.ts";
import { replyChartsRoute } from "./reply-charts-route.ts";
import { summariesRoute } from "./summaries-route.ts";
import { exportsRoute } from "./exports-route.ts";
import { customersRoute } from "./customers-route.ts";
import { healthzRoute, readyzRoute } from "./health-routes.ts";
import { metricsRoute } from "./metrics-route.ts";
import { nudgesRoute } from "./nudges-route.ts";
import { notebooksRoute } from "./notebooks-route.ts";

export function register(app: ServerApp): void {
  const { config, clock, metrics } = app.services;
  // Buckets in the shared store on PostgreSQL: a limit holds for all replicas together. The embedded
  // store is held by this one process, so its buckets live in memory (no store query per request).
  const limiters =
    app.services.store.engine === "postgres"
      ? storeRateLimiters(app.services.store, clock)
      : memoryRateLimiters(clock);
  const guard = createApiGuard({
    keys: config.apiKeys,
    perMinute: config.rateLimitPerMinute,
    trustedProxies: config.notebooks.trustedProxies,
    clock,
    rateLimited: metrics.rateLimited,
    limiters,
  });
  app.route(healthzRoute());
  app.route(readyzRoute(app));
  app.route(metricsRoute());
  app.route(nudgesRoute(guard));
  app.route(customersRoute(guard));
  app.route(chartsRoute());
  app.route(replyChartsRoute());
  app.route(summariesRoute());
  app.route(exportsRoute());
  // Before the site's wildcard route: the first match wins.
  app.route(
    customersRoute(
      createNotebookGuard({
        access: config.notebooks,
        perMinute: config.rateLimitPerMinute,
        clock,
        rateLimited: metrics.rateLimited,
        publicUrl: config.publicUrl,
        limiters,
      }),
      "/notebooks/api/customers/:id",
    ),
  );
  app.route(notebooksRoute(config.notebooks.dist));
}

export type { Route, RouteContext, HttpMethod, AuditDetails } from "./route.ts";
export { HttpError, type HttpErrorCode } from "./http-error.ts";
export { createRouter, type Router, type RouteMatch } from "./router.ts";
export { createRequestHandler, type RequestHandler } from "./request-handler.ts";
export { sendJson, sendText, sendError, send } from "./send.ts";
export { notebooksRoute } from "./notebooks-route.ts";
export { readJsonBody, MAX_JSON_BODY_BYTES } from "./read-json-body.ts";
export { createApiKeyAuth, type ApiKeyAuth } from "./api-key-auth.ts";
export {
  createRateLimiter,
  memoryRateLimiters,
  storeRateLimiters,
  type RateLimiter,
  type RateLimiterFactory,
  type RateDecision,
} from "./rate-limiter.ts";
export { parseCustomerID, CUSTOMER_ID_PATTERN } from "./customer-id.ts";
