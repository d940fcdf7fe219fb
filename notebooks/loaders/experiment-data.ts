/**
 * The Experiments page's data: the `ExperimentReport` of every declared experiment on the newest
 * snapshot (the object the CLI, bot and digests render), its one-line verdict, and the engagement
 * score distribution per variant.
 */
import { escape, op } from "arquero";
import { analyzeExperiment, verdict, type ExperimentReport, type Snapshot } from "engagetrack";
import { criticalValue, type ExperimentConfig } from "engagetrack/experiments";

export interface ExperimentEntry {
  key: string;
  description: string;
  /** Null when the experiment cannot be analysed on this snapshot (the reason says why). */
  report: ExperimentReport | null;
  verdict: string | null;
  reason: string | null;
  /** Per variant, the interval of its mean engagement score: mean ± z·sd/√n at the report's confidence. */
  engagementIntervals: Record<string, [number, number]>;
}

export interface ExperimentData {
  snapshotId: string;
  experiments: ExperimentEntry[];
  /** Customers per variant and engagement score bucket (width 5), all customers. */
  engagement: { variant: string; from: number; customers: number }[];
}

export function experimentData(
  snapshot: Pick<Snapshot, "table" | "manifest">,
  config: ExperimentConfig,
): ExperimentData {
  const t = snapshot.table;
  const experiments = config.experiments.map((experiment): ExperimentEntry => {
    try {
      const report = analyzeExperiment(t, experiment);
      const z = criticalValue(report.confidence);
      const engagementIntervals = Object.fromEntries(
        report.variants.map((v) => {
          const half = v.customers > 1 ? (z * v.engagementSd) / Math.sqrt(v.customers) : NaN;
          return [v.variant, [v.meanEngagement - half, v.meanEngagement + half] as [number, number]];
        }),
      );
      return {
        key: experiment.key,
        description: experiment.description ?? "",
        report,
        verdict: verdict(report),
        reason: null,
        engagementIntervals,
      };
    } catch (err) {
      return {
        key: experiment.key,
        description: experiment.description ?? "",
        report: null,
        verdict: null,
        reason: (err as Error).message,
        engagementIntervals: {},
      };
    }
  });
  const engagement = t
    .derive({
      from: escape((d: { engagementScore: number }) => Math.min(95, Math.floor(d.engagementScore / 5) * 5)),
    })
    .groupby("variant", "from")
    .rollup({ customers: op.count() })
    .orderby("variant", "from")
    .objects() as { variant: string; from: number; customers: number }[];
  return {
    snapshotId: snapshot.manifest.id,
    experiments,
    engagement: engagement.map((r) => ({ variant: String(r.variant), from: r.from, customers: r.customers })),
  };
}
