// The report area's public face: the CustomerInsight every surface renders, and its TXT/JSON summaries.
export {
  buildCustomerInsight,
  INSIGHT_SCHEMA_VERSION,
  type BuildInsightOptions,
  type CustomerInsight,
  type InsightDriver,
} from "./customer-insight.ts";
export { InsightError, type InsightErrorCode } from "./insight-error.ts";
export { renderInsightText } from "./render-insight-text.ts";
export { renderInsightJson } from "./render-insight-json.ts";
