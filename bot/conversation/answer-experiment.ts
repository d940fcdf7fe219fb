import { variantChurnFromReport } from "../../core/src/charts/index.ts";
import {
  analyzeDeclaredExperiment,
  analyzeExposedExperiment,
  declaredExperiment,
  populationWords,
  type Exposure,
  isOutcomesUnknown,
  verdict,
  type Experiment,
  type ExperimentConfig,
  type ExperimentReport,
} from "../../core/src/experiments/index.ts";
import { displaySafe, isSimulatedColumn, type Snapshot } from "../../core/src/index.ts";
import { chartRequest } from "./chart-request.ts";
import { errorReply } from "./error-reply.ts";
import { snapshotMemo } from "./snapshot-memo.ts";
import { count, pct } from "./reply-format.ts";
import { emptyReply, type Reply } from "./reply.ts";

const ACTION = "ask.experiment";

/**
 * An experiment's verdict on the snapshot's labelled customers — the same analysis and one-line
 * verdict as `engagetrack experiment` — with churn by variant as the A/B chart. Only when the data
 * set's contract declares an experiment (a real assignment column); otherwise the reply says there
 * is none, with no verdict and no chart. A simulated assignment is said to be simulated.
 */
export function answerExperiment(
  key: string | null,
  config: ExperimentConfig,
  snapshot: Snapshot,
  /** Recorded nudge exposures of the experiment: where there are any, the exposed customers are analysed. */
  exposures: readonly Exposure[] = [],
): Reply {
  const declared = snapshot.dataset.experiment;
  if (!declared) return noExperiment(snapshot);
  const simulated =
    snapshot.dataset.simulated === true || isSimulatedColumn(snapshot.dataset, declared.column)
      ? "simulated data (the arms and outcomes of this experiment were made by the simulator, not measured)"
      : null;
  let experiment: Experiment;
  let resolved: NonNullable<ReturnType<typeof declaredExperiment>>;
  try {
    // The contract's declaration is the experiment; the experiments file adds to it by key.
    resolved = declaredExperiment(snapshot.dataset, config, key ?? undefined)!;
    experiment = resolved.experiment;
  } catch {
    const known = [declared.key ?? declared.column];
    const reply = errorReply(
      ACTION,
      "unknown-experiment",
      `no experiment ${displaySafe(key ?? "", { singleLine: true }).slice(0, 64)}; declared: ${known.join(", ")}`,
      "not-found",
    );
    reply.kind = "not-found";
    reply.menu = known.map((k) => ({ label: k, value: `experiment ${k}` }));
    return reply;
  }
  let report: ExperimentReport;
  try {
    // Once per snapshot and declared experiment: the analysis reads every labelled customer.
    report =
      exposures.length > 0
        ? analyzeExposedExperiment(snapshot.table, experiment, exposures, {
            columns: resolved.columns,
            split: resolved.configured ? "configured" : "assumed-equal",
            snapshot: { id: snapshot.manifest.id, createdAt: snapshot.manifest.createdAt },
          })
        : snapshotMemo(snapshot.table, `experiment:${JSON.stringify(resolved)}`, () =>
            analyzeDeclaredExperiment(snapshot.table, resolved),
          );
  } catch (err) {
    if (isOutcomesUnknown(err)) {
      const reply = emptyReply("experiment", `Experiment ${experiment.key}: ${(err as Error).message}`, {
        action: ACTION,
        customerID: null,
        outcome: "ok",
        errorCode: null,
        engine: null,
        shown: { experiment: experiment.key, significant: null, trustworthy: null, chart: null },
      });
      reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
      reply.text = `Experiment ${experiment.key}: ${(err as Error).message}.`;
      return reply;
    }
    return errorReply(
      ACTION,
      "experiment-unusable",
      `cannot analyse ${experiment.key} on snapshot ${snapshot.manifest.id}: ${(err as Error).message}`,
    );
  }
  const line = verdict(report);
  const reply = emptyReply("experiment", `Experiment ${experiment.key}: ${line}`, {
    action: ACTION,
    customerID: null,
    outcome: "ok",
    errorCode: null,
    engine: null,
    shown: {
      experiment: experiment.key,
      significant: report.churn.significant,
      trustworthy: report.trustworthy,
      chart: "ab-variants",
    },
  });
  const ci = `${Math.round(report.confidence * 100)}% CI`;
  reply.facts = [
    { label: "Population", value: populationWords(report) },
    { label: "Customers with churn labels", value: count(report.customers) },
    { label: "Started", value: experiment.startDate ?? "not recorded" },
    ...report.variants.map((v) => ({
      label: `Variant ${v.variant} (${v.name})`,
      value: `${count(v.customers)} customers, churn ${pct(v.churnRate, 1)} (${ci} ${pct(v.churnRateInterval[0], 1)}–${pct(v.churnRateInterval[1], 1)})`,
    })),
    {
      label: "P(B churns less)",
      value: pct(report.churn.probabilityBLower, 1),
    },
  ];
  reply.sections = [
    { title: "Verdict", lines: [line] },
    ...(report.problems.length ? [{ title: "Not trustworthy", lines: report.problems }] : []),
  ];
  if (simulated) reply.facts.push({ label: "Data", value: simulated });
  reply.charts = [
    chartRequest(
      {
        chart: "ab-variants",
        input: {
          arms: variantChurnFromReport(report),
          confidence: report.confidence,
          experiment: experiment.key,
        },
      },
      `ab-variants-${experiment.key}`,
    ),
  ];
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  reply.text = [
    `Experiment ${experiment.key}${experiment.startDate ? ` (since ${experiment.startDate})` : ""}, ${count(report.customers)} customers with churn labels:`,
    `Population: ${populationWords(report)}`,
    ...report.variants.map(
      (v) =>
        `  ${v.variant} (${v.name}): ${count(v.customers)} customers, churn ${pct(v.churnRate, 1)} (${ci} ${pct(v.churnRateInterval[0], 1)}–${pct(v.churnRateInterval[1], 1)})`,
    ),
    `Verdict: ${line}`,
    ...report.problems.map((p) => `Warning: ${p}`),
    ...(simulated ? [`Note: ${simulated}.`] : []),
  ].join("\n");
  return reply;
}

/** The answer for a data set whose contract declares no experiment: no verdict, no chart. */
function noExperiment(snapshot: Snapshot): Reply {
  const name = snapshot.dataset.name;
  const title = `This data set (${name}) declares no experiment: there is no A/B verdict to show`;
  const reply = emptyReply("experiment", title, {
    action: ACTION,
    customerID: null,
    outcome: "ok",
    errorCode: null,
    engine: null,
    shown: { experiment: null },
  });
  reply.facts = [{ label: "Experiment", value: "none declared in the dataset contract" }];
  reply.sections = [
    {
      title: "To analyse one",
      lines: [
        "declare the column holding each customer's randomised arm under `experiment` in the dataset contract (column, arms, control)",
      ],
    },
  ];
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  reply.text = `${title}. An experiment is analysed only when the dataset contract declares the column that holds each customer's randomised arm.`;
  return reply;
}
