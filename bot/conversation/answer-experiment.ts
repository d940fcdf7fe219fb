import { variantChurnFromReport } from "../../core/src/charts/index.ts";
import {
  analyzeExperiment,
  findExperiment,
  verdict,
  type Experiment,
  type ExperimentConfig,
  type ExperimentReport,
} from "../../core/src/experiments/index.ts";
import { displaySafe, type Snapshot } from "../../core/src/index.ts";
import { chartRequest } from "./chart-request.ts";
import { errorReply } from "./error-reply.ts";
import { snapshotMemo } from "./snapshot-memo.ts";
import { count, pct } from "./reply-format.ts";
import { emptyReply, type Reply } from "./reply.ts";

const ACTION = "ask.experiment";

/**
 * An experiment's verdict on the snapshot's labelled customers — the same analysis and one-line
 * verdict as `engagetrack experiment` — with churn by variant as the A/B chart.
 */
export function answerExperiment(key: string | null, config: ExperimentConfig, snapshot: Snapshot): Reply {
  let experiment: Experiment;
  try {
    experiment = findExperiment(
      config,
      key === null
        ? undefined
        : (config.experiments.find((e) => e.key.toLowerCase() === key.toLowerCase())?.key ?? key),
    );
  } catch {
    const known = config.experiments.map((e) => e.key);
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
    report = snapshotMemo(snapshot.table, `experiment:${JSON.stringify(experiment)}`, () =>
      analyzeExperiment(snapshot.table, experiment),
    );
  } catch (err) {
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
    { label: "Customers with churn labels", value: count(report.customers) },
    { label: "Started", value: experiment.startDate },
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
  reply.charts = [
    chartRequest(
      {
        chart: "ab-variants",
        input: { arms: variantChurnFromReport(report), confidence: report.confidence },
      },
      `ab-variants-${experiment.key}`,
    ),
  ];
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  reply.text = [
    `Experiment ${experiment.key} (since ${experiment.startDate}), ${count(report.customers)} customers with churn labels:`,
    ...report.variants.map(
      (v) =>
        `  ${v.variant} (${v.name}): ${count(v.customers)} customers, churn ${pct(v.churnRate, 1)} (${ci} ${pct(v.churnRateInterval[0], 1)}–${pct(v.churnRateInterval[1], 1)})`,
    ),
    `Verdict: ${line}`,
    ...report.problems.map((p) => `Warning: ${p}`),
  ].join("\n");
  return reply;
}
