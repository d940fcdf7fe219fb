// The services every listener shares (bot/server.ts builds them once): serving state, nudges,
// charts and chart links, metrics, audit.
export { createServices, type ServerServices, type ServiceEffects } from "./create-services.ts";
export {
  createServingState,
  type ServingLease,
  type ServingState,
  type ServingStateOptions,
  type ServingStatus,
  type ReloadOutcome,
} from "./serving-state.ts";
export { NotReadyError } from "./not-ready-error.ts";
export { createChartLinks, type ChartLinks, type ChartLinksOptions } from "./chart-links.ts";
export {
  createReplyChartLinks,
  REPLY_CHART_NAMES,
  MAX_REPLY_CHART_TOKEN_LENGTH,
  type ReplyChartLinks,
  type ReplyChartLinksOptions,
  type ReplyChartTokenCheck,
} from "./reply-chart-links.ts";
export {
  createSummaryLinks,
  MAX_SUMMARY_TOKEN_LENGTH,
  type SummaryLinks,
  type SummaryLinksOptions,
  type SummaryTokenCheck,
} from "./summary-links.ts";
export {
  signChartToken,
  verifyChartToken,
  MAX_CHART_TOKEN_LENGTH,
  type ChartRequest,
  type ChartTokenCheck,
} from "./chart-token.ts";
export {
  createChartImages,
  type ChartImages,
  type ChartImagesOptions,
  type ChartOutcome,
} from "./chart-images.ts";
export { createLruCache, type LruCache, type LruOptions } from "./lru-cache.ts";
export {
  createServerMetrics,
  LATENCY_BUCKETS,
  EVENT_LOOP_RESOLUTION_MS,
  type ServerMetrics,
  type ServerMetricsOptions,
} from "./server-metrics.ts";
export { countFallbacks } from "./counted-nudge-engine.ts";
