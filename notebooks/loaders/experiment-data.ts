/**
 * The Experiments page's data: only where the snapshot's dataset contract declares a real
 * assignment (`experiment`: column, key, arms). Without one, `declared` is null and the page says
 * there is no experiment for this data set — no verdict, no charts of arms. With one, the
 * experiment core resolves for it (`declaredExperiment`: the contract's declaration, with what the
 * experiments file adds under the same key) analysed on the contract's own columns — the same
 * `ExperimentReport` and verdict the CLI, the bot and the digests give. When no arm has a customer
 * with a known outcome yet, `state` is "outcomes-unknown" and the arms' sizes are all there is.
 * Engagement only where the data set measures it; a simulated assignment (the demo) is marked
 * simulated.
 */
import { escape, op } from "arquero";
import { isSimulatedColumn, type ExperimentReport, type Snapshot } from "engagetrack";
import {
  analyzeDeclaredExperiment,
  armWords,
  criticalValue,
  declaredExperiment,
  DEFAULT_ENGAGEMENT_COLUMN,
  isOutcomesUnknown,
  verdict,
  type DeclaredExperiment,
  type EngagementStatus,
  type ExperimentConfig,
} from "engagetrack/experiments";

/** One arm as the page names it. */
export interface ExperimentArm {
  /** A (control) or B (treatment), as the report orders them. */
  variant: "A" | "B";
  role: "control" | "treatment";
  /** The arm's value in the arm column. */
  value: string;
  /** The arm in words, as the verdict names it ("discount"; the demo: "B (treatment)"). */
  words: string;
  /** Customers in the arm in this snapshot, whatever their outcome. */
  customers: number;
  /** Of those, customers with a known outcome (churned or retained). */
  labelled: number;
}

export interface ExperimentEntry {
  key: string;
  description: string;
  /** Null when the experiment cannot be analysed on this snapshot (the reason says why). */
  report: ExperimentReport | null;
  verdict: string | null;
  reason: string | null;
  /** The arms, control first. */
  arms: ExperimentArm[];
  /** "treatment − control" in words: what every difference on the page is. */
  difference: string;
  /** What happened to engagement; null when the experiment could not be analysed. */
  engagementStatus: EngagementStatus | null;
  /** Why engagement is not shown, in words; null when it is. */
  engagementNote: string | null;
  /** Per arm (A/B), the interval of its mean engagement score: mean ± z·sd/√n; only where measured. */
  engagementIntervals: Record<string, [number, number]>;
}

export interface ExperimentData {
  snapshotId: string;
  dataset: string;
  /** The contract's declared assignment; null: this data set has no experiment. */
  declared: { key: string; column: string; arms: string[]; control: string; simulated: boolean } | null;
  /**
   * none: no experiment declared; outcomes-unknown: no arm has a customer with a known outcome
   * yet; unusable: the declaration or the table cannot be analysed (the reason says why);
   * analysed: `experiments[0].report` holds the analysis.
   */
  state: "none" | "outcomes-unknown" | "unusable" | "analysed";
  /** Why there is nothing to analyse; null when the experiment was analysed. */
  reason: string | null;
  /** The declared experiment (one entry), empty when none is declared or it cannot be resolved. */
  experiments: ExperimentEntry[];
  /** Customers per arm value and engagement score bucket (width 5), where the data measures engagement. */
  engagement: { variant: string; from: number; customers: number }[];
}

const ENGAGEMENT_NOTES: Record<EngagementStatus, string | null> = {
  tested: null,
  "not-measured": "engagement was not measured in this data set",
  "not-declared":
    "engagement is not a metric of this experiment (its entry in the experiments file leaves it out)",
  untestable:
    "engagement could not be tested (an arm has fewer than two customers with a score, or no spread)",
};

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
      state: "none",
      reason: `the ${contract.name} data set declares no experiment (no assignment column in its contract), so there is no experiment to analyse`,
      experiments: [],
      engagement: [],
    };
  }
  const key = declared.key ?? declared.column;
  const about = {
    key,
    column: declared.column,
    arms: [...declared.arms],
    control: declared.control,
    simulated: contract.simulated === true || isSimulatedColumn(contract, declared.column),
  };
  let resolved: DeclaredExperiment;
  try {
    resolved = declaredExperiment(contract, config)!;
  } catch (err) {
    return {
      ...base,
      declared: about,
      state: "unusable",
      reason: (err as Error).message,
      experiments: [],
      engagement: [],
    };
  }
  const { experiment, columns } = resolved;
  const t = snapshot.table;
  const treatment = columns.arms.find((a) => a !== columns.control)!;
  const sizes = armSizes(snapshot, columns.arm);
  const arms = (["A", "B"] as const).map((variant): ExperimentArm => {
    const value = variant === "A" ? columns.control : treatment;
    const name = experiment.variants[variant].name;
    return {
      variant,
      role: variant === "A" ? "control" : "treatment",
      value,
      words: armWords(
        {
          assignment: {
            column: columns.arm,
            arms: { A: columns.control, B: treatment },
            unassigned: 0,
            split: "configured",
          },
        },
        { variant, name },
      ),
      customers: sizes.get(value)?.customers ?? 0,
      labelled: sizes.get(value)?.labelled ?? 0,
    };
  });
  const entry: ExperimentEntry = {
    key: experiment.key,
    description: experiment.description ?? "",
    report: null,
    verdict: null,
    reason: null,
    arms,
    difference: `${arms[1].words} − ${arms[0].words}`,
    engagementStatus: null,
    engagementNote: null,
    engagementIntervals: {},
  };
  let report: ExperimentReport;
  try {
    report = analyzeDeclaredExperiment(t, resolved);
  } catch (err) {
    const waiting = isOutcomesUnknown(err);
    return {
      ...base,
      declared: about,
      state: waiting ? "outcomes-unknown" : "unusable",
      reason: (err as Error).message,
      experiments: [{ ...entry, reason: (err as Error).message }],
      engagement: [],
    };
  }
  const measured = report.engagementStatus !== "not-measured";
  const z = criticalValue(report.confidence);
  const engagementIntervals = measured
    ? Object.fromEntries(
        report.variants
          .filter(
            (v) => v.customers > 1 && Number.isFinite(v.meanEngagement) && Number.isFinite(v.engagementSd),
          )
          .map((v) => {
            const half = (z * v.engagementSd) / Math.sqrt(v.customers);
            return [v.variant, [v.meanEngagement - half, v.meanEngagement + half] as [number, number]];
          }),
      )
    : {};
  const engagementColumn = experiment.engagementColumn ?? DEFAULT_ENGAGEMENT_COLUMN;
  // The distribution of the engagement score by arm: only where the data set measures it.
  const engagement =
    measured && t.columnNames().includes(engagementColumn)
      ? (
          t
            .filter(escape((d: Record<string, unknown>) => !!d[columns.arm] && d[engagementColumn] != null))
            .derive({
              from: escape((d: Record<string, unknown>) =>
                Math.min(95, Math.floor(Number(d[engagementColumn]) / 5) * 5),
              ),
            })
            .filter(escape((d: { from: number }) => Number.isFinite(d.from)))
            .groupby(columns.arm, "from")
            .rollup({ customers: op.count() })
            .orderby(columns.arm, "from")
            .objects() as Record<string, unknown>[]
        ).map((r) => ({
          variant: String(r[columns.arm]),
          from: r.from as number,
          customers: r.customers as number,
        }))
      : [];
  return {
    ...base,
    declared: about,
    state: "analysed",
    reason: null,
    experiments: [
      {
        ...entry,
        report,
        verdict: verdict(report),
        engagementStatus: report.engagementStatus,
        engagementNote: ENGAGEMENT_NOTES[report.engagementStatus],
        engagementIntervals,
      },
    ],
    engagement,
  };
}

/** Customers per arm value, and how many of them have a known outcome. */
function armSizes(
  snapshot: Pick<Snapshot, "table">,
  column: string,
): Map<string, { customers: number; labelled: number }> {
  const rows = snapshot.table
    .select({ [column]: "arm", status: "status" })
    // Truthiness, not `!= null`: Arquero's inequality shortcut drops every row of an Arrow dictionary column.
    .filter((d: { arm: unknown }) => !!d.arm)
    .groupby("arm")
    .rollup({
      customers: op.count(),
      labelled: (d: { status: string }) => op.sum(d.status === "current" ? 0 : 1),
    })
    .objects() as { arm: unknown; customers: number; labelled: number }[];
  return new Map(rows.map((r) => [String(r.arm), { customers: r.customers, labelled: r.labelled }]));
}
