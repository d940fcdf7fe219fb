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
// Tables described by a dataset contract: the insight in the contract's words.
export {
  buildContractInsight,
  CONTRACT_INSIGHT_SCHEMA_VERSION,
  insightFacts,
  type BuildContractInsightOptions,
  type ContractInsight,
  type InsightFact,
} from "./contract-insight.ts";
export { renderContractInsightText } from "./render-contract-insight-text.ts";
export { wrapText, SUMMARY_WIDTH } from "./wrap-text.ts";
export { usesCustomerInsight } from "./uses-customer-insight.ts";
export { insightDataset, type InsightDataset } from "./insight-dataset.ts";
