/**
 * The Overview page's numbers: headline figures and the aggregates behind its charts, all from one
 * snapshot (a few kilobytes whatever the number of customers).
 */
import { op } from "arquero";
import type { Manifest, Snapshot } from "engagetrack";
import {
  engagementLevelSegments,
  planSegments,
  riskBins,
  variantChurn,
  type RiskBin,
  type SegmentBar,
  type TrendPoint,
  type VariantChurn,
} from "engagetrack/charts";

export interface OverviewData {
  snapshot: { id: string; createdAt: string; rows: number; model: string };
  kpis: {
    customers: number;
    /** Customers with a known outcome (Churn label), and how many of them churned. */
    labelled: number;
    churned: number;
    /** Observed churn rate among labelled customers; null without labels. */
    churnRate: number | null;
    /** Mean predicted (calibrated) churn probability. */
    meanProbability: number;
    highRisk: number;
    /** Σ MonthlyCharges × probability: monthly revenue expected to churn. */
    revenueAtRisk: number;
    /** The same sum over the High band only. */
    highRiskRevenueAtRisk: number;
    monthlyRevenue: number;
  };
  bands: Record<"Low" | "Medium" | "High", number>;
  riskBins: RiskBin[];
  engagement: SegmentBar[];
  plans: SegmentBar[];
  /** Observed churn per A/B variant (95% Wilson intervals); empty without labels. */
  variants: VariantChurn[];
  /** Customers per variant (labelled or not). */
  variantSizes: { variant: string; customers: number }[];
  /** Band counts of every published snapshot, oldest first (the risk trend). */
  trend: TrendPoint[];
}

/**
 * @example
 * overviewData(snapshot, await openSnapshotStore(dir).list()).kpis.highRisk; // 661
 */
export function overviewData(snapshot: Snapshot, history: readonly Manifest[]): OverviewData {
  const m = snapshot.manifest;
  const t = snapshot.table;
  const totals = t
    .rollup({
      labelled: "d => op.sum(d.Churn === 'Yes' || d.Churn === 'No' ? 1 : 0)",
      churned: "d => op.sum(d.Churn === 'Yes' ? 1 : 0)",
      meanProbability: op.mean("probability"),
      revenueAtRisk: "d => op.sum(d.MonthlyCharges * d.probability)",
      highRiskRevenueAtRisk: "d => op.sum(d.band === 'High' ? d.MonthlyCharges * d.probability : 0)",
      monthlyRevenue: op.sum("MonthlyCharges"),
    })
    .object() as Record<string, number>;
  const bands = snapshot.summary().bands;
  const labelled = totals.labelled ?? 0;
  const variantSizes = (
    t.groupby("variant").count({ as: "customers" }).orderby("variant").objects() as {
      variant: string;
      customers: number;
    }[]
  ).map((r) => ({ variant: String(r.variant), customers: r.customers }));
  return {
    snapshot: { id: m.id, createdAt: m.createdAt, rows: m.rows, model: m.model.name },
    kpis: {
      customers: snapshot.size,
      labelled,
      churned: totals.churned ?? 0,
      churnRate: labelled > 0 ? totals.churned / labelled : null,
      meanProbability: totals.meanProbability ?? NaN,
      highRisk: bands.High,
      revenueAtRisk: totals.revenueAtRisk ?? 0,
      highRiskRevenueAtRisk: totals.highRiskRevenueAtRisk ?? 0,
      monthlyRevenue: totals.monthlyRevenue ?? 0,
    },
    bands,
    riskBins: riskBins(t),
    engagement: engagementLevelSegments(snapshot),
    plans: planSegments(snapshot),
    variants: labelled > 0 ? variantChurn(t) : [],
    variantSizes,
    trend: [...history]
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
      .map((h) => ({ createdAt: h.createdAt, bands: { ...h.bands } })),
  };
}
