/** Every chart, by the name `engagetrack chart <name>` and chart URLs use. */
export const CHART_NAMES = [
  "shap-waterfall",
  "risk-distribution",
  "engagement-levels",
  "plan-segmentation",
  "contract-segmentation",
  "usage-frequency",
  "payment-delay",
  "support-calls",
  "ab-variants",
  "global-importance",
  "risk-trend",
  "calibration-curve",
] as const;

export type ChartName = (typeof CHART_NAMES)[number];
