/**
 * The Experiments page's data: only where the snapshot's dataset contract declares a real
 * assignment (`experiment`: column, key, arms). Without one, `declared` is null and the page says
 * there is no experiment for this data set — no verdict, no charts of arms. With one, the
 * `ExperimentReport` of the matching configured experiment (the object the CLI, bot and digests
 * render) and its one-line verdict; a simulated assignment (the demo) is marked simulated.
 */
import { escape, op } from "arquero";
import {
  analyzeExperiment,
  isSimulatedColumn,
  verdict,
  type ExperimentReport,
  type Snapshot,
} from "engagetrack";
import { criticalValue, experimentColumns, type ExperimentConfig } from "engagetrack/experiments";
import { usesCustomerInsight } from "engagetrack/report";
import { statusCounts } from "./dataset-banner.ts";

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
  dataset: string;
  /** The contract's declared assignment; null: this data set has no experiment. */
  declared: { key: string; column: string; arms: string[]; control: string; simulated: boolean } | null;
  /** Why there is nothing to analyse (no declared experiment, or no outcomes yet); null otherwise. */
  reason: string | null;
  experiments: ExperimentEntry[];
  /** Customers per variant and engagement score bucket (width 5), where the data has that score. */
  engagement: { variant: string; from: number; customers: number }[];
}

export function experimentData(
  snapshot: Pick<Snapshot, "table" | "manifest" | "dataset">,
  config: ExperimentConfig,
): ExperimentData {
  const contract = snapshot.dataset;
  const base = { snapshotId: snapshot.manifest.id, dataset: contract.name };
  const declared = contract.experiment;
  if (!declared) {
    return {
      ...base,
      declared: null,
      reason: `the ${contract.name} data set declares no experiment (no assignment column in its contract), so there is no experiment to analyse`,
      experiments: [],
      engagement: [],
    };
  }
  const key = declared.key ?? declared.column;
  const outcomes = statusCounts(snapshot);
  const simulatorShaped = usesCustomerInsight(contract);
  const reason =
    outcomes.labelled === 0
      ? `no customer in this snapshot has a known outcome yet, so no arm's churn can be measured`
      : !simulatorShaped
        ? `the experiment analysis reads the demo's layout; it is not available for the ${contract.name} data set yet`
        : null;
  const t = snapshot.table;
  const experiments =
    reason !== null
      ? []
      : config.experiments
          .filter((e) => e.key === key)
          .map((experiment): ExperimentEntry => {
            try {
              // The contract's columns (arm, control, id): the same analysis as the CLI and the bot.
              const report = analyzeExperiment(t, experiment, { columns: experimentColumns(contract)! });
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
  // The demo's engagement score (a simulator column): only where the data has the demo's layout.
  const engagement =
    reason === null && simulatorShaped
      ? (
          t
            .derive({
              from: escape((d: { engagementScore: number }) =>
                Math.min(95, Math.floor(d.engagementScore / 5) * 5),
              ),
            })
            .groupby(declared.column, "from")
            .rollup({ customers: op.count() })
            .orderby(declared.column, "from")
            .objects() as Record<string, unknown>[]
        ).map((r) => ({
          variant: String(r[declared.column]),
          from: r.from as number,
          customers: r.customers as number,
        }))
      : [];
  return {
    ...base,
    declared: {
      key,
      column: declared.column,
      arms: [...declared.arms],
      control: declared.control,
      simulated: isSimulatedColumn(contract, declared.column),
    },
    reason: reason ?? (experiments.length === 0 ? `no configured experiment has the key ${key}` : null),
    experiments,
    engagement,
  };
}
