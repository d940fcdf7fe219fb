/** Fixed chart inputs with round numbers: the golden SVGs and PNG checks are drawn from these. */
import {
  abVariants,
  calibrationCurve,
  contractSegmentation,
  engagementLevels,
  globalImportance,
  paymentDelay,
  planSegmentation,
  riskDistribution,
  riskTrend,
  shapWaterfall,
  supportCalls,
  usageFrequency,
  type CalibrationBin,
  type ChartName,
  type ChartSpec,
  type ImportanceBar,
  type RiskBin,
  type SegmentBar,
  type TrendPoint,
  type VariantChurn,
  type WaterfallInput,
} from "../../src/charts/index.ts";

const drivers = [
  { label: "Contract = Month-to-month", value: 0.62 },
  { label: "Tenure (months) = 2", value: 0.48 },
  { label: "Payment delay (days) = 21", value: 0.35 },
  { label: "Online security = Yes", value: -0.3 },
  { label: "Support calls (90 days) = 6", value: 0.25 },
  { label: "Engagement score = 71.5", value: -0.2 },
  { label: "Monthly charges = 89.1", value: 0.12 },
  { label: "Paperless billing = Yes", value: 0.05 },
  { label: "Gender = Female", value: -0.01 },
];

/** A high-risk customer: base −1 (27%), nine drivers summing to +1.36 → margin 0.36 (59%). */
export const WATERFALL: WaterfallInput = {
  customerID: "7590-VHVEG",
  baseValue: -1,
  margin: -1 + drivers.reduce((s, d) => s + d.value, 0),
  drivers,
  probability: 0.57,
};

/** Band thresholds 0.3 / 0.6, 20 bins of 5 points; 1,000 customers. */
export const RISK_BINS: RiskBin[] = [
  150, 130, 110, 90, 75, 60, 55, 50, 45, 40, 35, 30, 28, 25, 22, 20, 15, 10, 6, 4,
].map((customers, i) => ({
  from: i / 20,
  to: (i + 1) / 20,
  band: i < 6 ? "Low" : i < 12 ? "Medium" : "High",
  customers,
}));

export const ENGAGEMENT: SegmentBar[] = [
  { segment: "Low engagement", customers: 320, meanProbability: 0.46, highRisk: 110 },
  { segment: "Medium engagement", customers: 450, meanProbability: 0.21, highRisk: 30 },
  { segment: "High engagement", customers: 230, meanProbability: 0.09, highRisk: 0 },
];

export const PLANS: SegmentBar[] = [
  { segment: "Free", customers: 240, meanProbability: 0.12, highRisk: 4 },
  { segment: "Standard", customers: 430, meanProbability: 0.37, highRisk: 96 },
  { segment: "Premium", customers: 330, meanProbability: 0.24, highRisk: 40 },
];

export const CONTRACTS: SegmentBar[] = [
  { segment: "Month-to-month", customers: 550, meanProbability: 0.42, highRisk: 140 },
  { segment: "One year", customers: 210, meanProbability: 0.12, highRisk: 0 },
  { segment: "Two year", customers: 240, meanProbability: 0.04, highRisk: 0 },
];

export const USAGE: SegmentBar[] = [
  { segment: "None", customers: 30, meanProbability: 0.45, highRisk: 10 },
  { segment: "1–4", customers: 100, meanProbability: 0.44, highRisk: 30 },
  { segment: "5–9", customers: 90, meanProbability: 0.35, highRisk: 20 },
  { segment: "10–19", customers: 300, meanProbability: 0.3, highRisk: 48 },
  { segment: "20–39", customers: 340, meanProbability: 0.21, highRisk: 22 },
  { segment: "40–79", customers: 120, meanProbability: 0.14, highRisk: 2 },
  { segment: "80 or more", customers: 20, meanProbability: 0.1, highRisk: 0 },
];

export const PAYMENT_DELAY: SegmentBar[] = [
  { segment: "On time", customers: 530, meanProbability: 0.21, highRisk: 40 },
  { segment: "1–7 days late", customers: 290, meanProbability: 0.29, highRisk: 42 },
  { segment: "8–14 days late", customers: 100, meanProbability: 0.38, highRisk: 22 },
  { segment: "15–30 days late", customers: 60, meanProbability: 0.46, highRisk: 20 },
  { segment: "31–60 days late", customers: 18, meanProbability: 0.55, highRisk: 8 },
  { segment: "Over 60 days late", customers: 2, meanProbability: 0.58, highRisk: 1 },
];

export const SUPPORT_CALLS: SegmentBar[] = [
  { segment: "No calls", customers: 370, meanProbability: 0.17, highRisk: 18 },
  { segment: "1 call", customers: 240, meanProbability: 0.23, highRisk: 20 },
  { segment: "2 calls", customers: 150, meanProbability: 0.29, highRisk: 20 },
  { segment: "3–4 calls", customers: 140, meanProbability: 0.39, highRisk: 31 },
  { segment: "5–9 calls", customers: 85, meanProbability: 0.53, highRisk: 36 },
  { segment: "10 or more", customers: 15, meanProbability: 0.65, highRisk: 9 },
];

export const VARIANTS: VariantChurn[] = [
  { variant: "A", n: 2510, churnRate: 0.27, ci: [0.253, 0.288] },
  { variant: "B", n: 2490, churnRate: 0.242, ci: [0.226, 0.259] },
];

export const IMPORTANCE: ImportanceBar[] = [
  ["Contract", 0.54],
  ["Lifecycle stage", 0.28],
  ["Tenure (months)", 0.25],
  ["Internet service", 0.23],
  ["Monthly charges", 0.23],
  ["Engagement score", 0.16],
  ["Support calls (90 days)", 0.14],
  ["Paperless billing", 0.12],
  ["Payment method", 0.11],
  ["Online security", 0.11],
  ["Payment delay (days)", 0.09],
  ["Total charges", 0.09],
  ["Tech support", 0.05],
  ["Gender", 0.01],
].map(([label, value]) => ({ label: label as string, value: value as number }));

/** Five weekly snapshots, given out of order (the chart sorts them). */
export const TREND: TrendPoint[] = [
  { createdAt: "2026-11-14T06:00:00Z", bands: { Low: 3050, Medium: 1300, High: 650 } },
  { createdAt: "2026-10-24T06:00:00Z", bands: { Low: 3200, Medium: 1250, High: 550 } },
  { createdAt: "2026-10-31T06:00:00Z", bands: { Low: 3150, Medium: 1270, High: 580 } },
  { createdAt: "2026-11-07T06:00:00Z", bands: { Low: 3100, Medium: 1280, High: 620 } },
  { createdAt: "2026-11-21T06:00:00Z", bands: { Low: 3000, Medium: 1290, High: 710 } },
];

export const CALIBRATION: CalibrationBin[] = [
  [0.04, 0.02, 1840, 0.015, 0.029],
  [0.15, 0.14, 680, 0.117, 0.168],
  [0.25, 0.24, 530, 0.206, 0.278],
  [0.35, 0.32, 490, 0.28, 0.363],
  [0.45, 0.5, 450, 0.454, 0.546],
  [0.55, 0.56, 340, 0.507, 0.612],
  [0.65, 0.71, 280, 0.654, 0.76],
  [0.75, 0.8, 240, 0.745, 0.846],
  [0.84, 0.92, 130, 0.86, 0.955],
  [0.91, 1, 15, 0.796, 1],
].map(([predicted, observed, n, lo, hi], b) => ({
  from: b / 10,
  to: (b + 1) / 10,
  n,
  predicted,
  observed,
  ci: [lo, hi],
}));

/** Every chart drawn from its fixture at the default size (800×450). */
export const FIXTURE_CHARTS: Record<ChartName, () => ChartSpec> = {
  "shap-waterfall": () => shapWaterfall(WATERFALL),
  "risk-distribution": () => riskDistribution(RISK_BINS),
  "engagement-levels": () => engagementLevels(ENGAGEMENT),
  "plan-segmentation": () => planSegmentation(PLANS),
  "contract-segmentation": () => contractSegmentation(CONTRACTS),
  "usage-frequency": () => usageFrequency(USAGE),
  "payment-delay": () => paymentDelay(PAYMENT_DELAY),
  "support-calls": () => supportCalls(SUPPORT_CALLS),
  "ab-variants": () => abVariants(VARIANTS),
  "global-importance": () => globalImportance(IMPORTANCE),
  "risk-trend": () => riskTrend(TREND),
  "calibration-curve": () => calibrationCurve(CALIBRATION),
};
