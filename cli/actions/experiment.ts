/**
 * `engagetrack experiment [key] [--data <csv> | --snapshots <dir>] [--config <file>] [--effect <points>] [--json]`:
 * the A/B report of an experiment on the newest snapshot or a labelled customer file. On a
 * snapshot, the experiment is the one its data set's contract declares (`experiment`: the arm
 * column, arms and control), with what the experiments file adds for that key; a data set that
 * declares none has no experiment. `--data` reads the demo's simulator-shaped file (its `variant`,
 * nudge-strategy-2026 by default). Prints a table and a one-line verdict, or the ExperimentReport
 * as JSON. Exit 0: done; 1: the report is untrustworthy (sample ratio mismatch, assignment
 * differs) or rows were rejected; 2: unusable input (no experiment declared, unknown experiment,
 * no known outcomes yet, no snapshot, bad config).
 */
import type { CliIo } from "../cli-io.ts";
import type { ColumnTable } from "arquero";
import {
  analyzeExperiment,
  analyzeExposedExperiment,
  armWords,
  EXPOSED_POPULATION_WORDS,
  declaredExperiment,
  DEFAULT_EXPERIMENTS_FILE,
  experimentTable,
  findExperiment,
  isOutcomesUnknown,
  readExperimentConfig,
  verdict,
  type AnalyzeOptions,
  type Experiment,
  type ExperimentConfig,
  type ExperimentReport,
} from "../../core/src/experiments/index.ts";
import { displaySafe } from "../../core/src/data/index.ts";
import { parseSettings, STORE_SETTINGS } from "../../core/src/settings/index.ts";
import { openSnapshotStore, type Snapshot } from "../../core/src/snapshot/index.ts";
import { STATUS_COLUMN } from "../../core/src/snapshot/snapshot-columns.ts";
import { CliError, ExitCode } from "../cli-error.ts";
import { inputProblems, loadCustomerInput } from "../customer-input.ts";
import { cliExposures, type CliExposures } from "../experiment-exposures.ts";

interface ExperimentOptions {
  data?: string;
  snapshots: string;
  config?: string;
  effect?: string;
  json?: boolean;
  store?: string;
}

export async function action(
  io: CliIo,
  key: string | undefined,
  options: ExperimentOptions,
): Promise<number | void> {
  const configured = await config(options.config);
  const statedEffect = effectOption(options.effect);
  const input = await experimentInput(options, configured, key);
  const { experiment } = input;
  // On a snapshot, exposed customers by arm from first exposure where exposures are recorded.
  const exposed = input.snapshot
    ? await cliExposures(experiment.key, {
        databaseUrl: parseSettings(io.env, { DATABASE_URL: STORE_SETTINGS.settings.DATABASE_URL })
          .DATABASE_URL,
        storeDir: options.store,
      })
    : undefined;
  let report: ExperimentReport;
  try {
    report =
      exposed && input.snapshot
        ? analyzeExposedExperiment(input.table, experiment, exposed.exposures, {
            ...input.analyze,
            statedEffect,
            snapshot: { id: input.snapshot.manifest.id, createdAt: input.snapshot.manifest.createdAt },
          })
        : analyzeExperiment(input.table, experiment, { ...input.analyze, statedEffect });
  } catch (cause) {
    if (isOutcomesUnknown(cause)) {
      throw new CliError("outcomes-unknown", `experiment ${experiment.key}: ${(cause as Error).message}`, {
        cause,
      });
    }
    throw new CliError(
      "experiment-unusable",
      `cannot analyse ${experiment.key}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  if (options.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    for (const line of input.problems) io.stderr.write(`engagetrack: ${line}\n`);
    io.stdout.write(reportText(report, input.source, exposed));
  }
  return report.trustworthy && input.rejected === 0 ? ExitCode.ok : ExitCode.dataProblems;
}

async function config(path: string | undefined): Promise<ExperimentConfig> {
  try {
    // Only the default file may be absent (then the built-in experiment applies); a named one must exist.
    return await readExperimentConfig(path ?? DEFAULT_EXPERIMENTS_FILE, {
      missing: path === undefined ? "default" : "error",
    });
  } catch (cause) {
    throw new CliError("bad-experiments-file", (cause as Error).message, { cause });
  }
}

function findIn(config: ExperimentConfig, key: string | undefined): Experiment {
  try {
    return findExperiment(config, key);
  } catch (cause) {
    throw new CliError("unknown-experiment", displaySafe((cause as Error).message), { cause });
  }
}

function effectOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const points = Number(text);
  if (!(Number.isFinite(points) && points > 0 && points < 100)) {
    throw new CliError("bad-option", `invalid --effect: ${JSON.stringify(text)} (percentage points, e.g. 2)`);
  }
  return points / 100;
}

interface ExperimentInput {
  table: ColumnTable;
  experiment: Experiment;
  /** Where the arms are and how the split is planned. */
  analyze: Pick<AnalyzeOptions, "columns" | "split">;
  /** What was analysed, in words. */
  source: string;
  rejected: number;
  problems: string[];
  /** The snapshot analysed (none for --data). */
  snapshot?: Snapshot;
}

async function experimentInput(
  options: ExperimentOptions,
  configured: ExperimentConfig,
  key: string | undefined,
): Promise<ExperimentInput> {
  if (options.data !== undefined) {
    // The demo's simulator-shaped file: `variant` under a configured experiment (legacy columns).
    const experiment = findIn(configured, key);
    const { customers, summary } = await loadCustomerInput(options.data, {
      quiet: options.json,
      label: "loading",
    });
    if (!summary.hasChurn) {
      throw new CliError(
        "no-labels",
        `${options.data} has no Churn column: an experiment report needs churn labels`,
      );
    }
    return {
      table: experimentTable(customers),
      experiment,
      analyze: {},
      source: `file ${options.data}`,
      rejected: summary.rejected,
      problems: inputProblems(summary),
    };
  }
  const store = openSnapshotStore(options.snapshots);
  const snapshot = await store.latest().catch((cause: unknown) => {
    throw new CliError("snapshot-unreadable", (cause as Error).message, { cause });
  });
  if (!snapshot) {
    throw new CliError(
      "no-snapshot",
      `no snapshots in ${options.snapshots}: pass --data <csv>, or run \`engagetrack run\` first`,
    );
  }
  const declared = declaredIn(snapshot, configured, key);
  const known = snapshot.table
    .filter(`d => d.${STATUS_COLUMN} === 'churned' || d.${STATUS_COLUMN} === 'retained'`)
    .numRows();
  if (known === 0) {
    throw new CliError(
      "no-labels",
      `snapshot ${snapshot.manifest.id} has no churn labels: no customer has churned or been retained yet, so no arm's churn can be measured`,
    );
  }
  return {
    table: snapshot.table,
    experiment: declared.experiment,
    analyze: { columns: declared.columns, split: declared.configured ? "configured" : "assumed-equal" },
    source: `snapshot ${snapshot.manifest.id}`,
    rejected: 0,
    problems: [],
    snapshot,
  };
}

/** The experiment the snapshot's data set declares; a CliError when it declares none or another key. */
function declaredIn(snapshot: Snapshot, configured: ExperimentConfig, key: string | undefined) {
  let declared;
  try {
    declared = declaredExperiment(snapshot.dataset, configured, key);
  } catch (cause) {
    throw new CliError("unknown-experiment", displaySafe((cause as Error).message), { cause });
  }
  if (!declared) {
    throw new CliError(
      "no-experiment",
      `the ${snapshot.dataset.name} data set declares no experiment (its dataset contract names no assignment column), so there is no experiment to analyse`,
    );
  }
  return declared;
}

/** The report as a short table and a few lines of words, ending with the verdict. */
export function reportText(r: ExperimentReport, source: string, exposures?: CliExposures): string {
  const e = r.experiment;
  const ci = `${Math.round(r.confidence * 100)}% CI`;
  const lines: string[] = [];
  const since = e.startDate ? ` (since ${e.startDate})` : "";
  lines.push(`Experiment ${e.key}${since}: ${count(r.customers)} customers with churn labels, ${source}`);
  if (r.unlabelled > 0) lines.push(`(${count(r.unlabelled)} customers without a churn label left out)`);
  const a = r.assignment;
  // Said only where it is not the demo's plain A/B `variant`.
  if (a.arms.A !== "A" || a.arms.B !== "B" || a.unassigned > 0) {
    const outside = a.unassigned > 0 ? `; ${count(a.unassigned)} customers in no arm left out` : "";
    lines.push(`Arms from column ${a.column}: ${a.arms.A} is A (the control), ${a.arms.B} is B${outside}`);
  }
  if (r.simulated) lines.push("Simulated data: the arms were made by the simulator, not recorded");
  if (exposures !== undefined)
    lines.push(
      r.population
        ? `Population: ${EXPOSED_POPULATION_WORDS} (${exposures.source})`
        : `Population: customers by assigned arm (${exposures.read ? `no nudge exposures recorded; ${exposures.source}` : exposures.source})`,
    );
  lines.push("");
  const measured = r.engagementStatus !== "not-measured";
  const rows = [
    ["variant", "arm", "customers", "churned", "churn rate", ci, ...(measured ? ["engagement"] : [])],
    ...r.variants.map((v) => [
      v.variant,
      v.name,
      count(v.customers),
      count(v.churned),
      percent(v.churnRate),
      `${percent(v.churnRateInterval[0])}–${percent(v.churnRateInterval[1])}`,
      ...(measured ? [v.meanEngagement.toFixed(1)] : []),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows)
    lines.push(
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    );
  lines.push("");
  const c = r.churn;
  // The arms by name ("discount − control"; the demo's "B (treatment) − A (control)").
  const [armA, armB] = r.variants.map((v) => armWords(r, v));
  const holm = r.testedMetrics.length > 1 ? ` (Holm ${p(c.adjustedPValue)})` : "";
  const relative =
    c.relativeDifference === null ? "" : `, relative ${signed(c.relativeDifference * 100, 1)}%`;
  lines.push(
    `Churn ${armB} − ${armA}: ${points(c.difference)} points (${ci} ${points(c.interval[0])} to ${points(c.interval[1])})${relative}; ` +
      `z = ${c.z.toFixed(2)}, p = ${p(c.pValue)}${holm}; P(${armB} churns less) = ${(c.probabilityBLower * 100).toFixed(1)}%`,
  );
  if (r.engagement) {
    const g = r.engagement;
    lines.push(
      `Engagement ${armB} − ${armA}: ${signed(g.difference, 2)} (${ci} ${signed(g.interval[0], 2)} to ${signed(g.interval[1], 2)}); ` +
        `Welch t = ${g.t.toFixed(2)}, df = ${g.df.toFixed(1)}, p = ${p(g.pValue)} (Holm ${p(g.adjustedPValue)})`,
    );
  } else if (r.engagementStatus === "not-measured") {
    lines.push("Engagement: not measured in this data set");
  } else if (r.engagementStatus === "untestable") {
    lines.push("Engagement: cannot be tested (an arm below two customers, or no spread)");
  }
  const s = r.srm;
  const share = (v: "A" | "B") =>
    Math.round((e.variants[v].weight / (e.variants.A.weight + e.variants.B.weight)) * 100);
  lines.push(
    `Sample ratio: A ${count(s.observed.A)} / B ${count(s.observed.B)} against ${share("A")}/${share("B")} ${a.split === "assumed-equal" ? "assumed" : "planned"}; ` +
      `chi-square ${s.chiSquare.toFixed(2)}, p = ${p(s.pValue)}: ${s.mismatch ? "MISMATCH" : "healthy"}` +
      (a.split === "assumed-equal" ? " (no weights configured: an equal split assumed)" : ""),
  );
  const w = r.power;
  const target = `${Math.round(w.targetPower * 100)}% power`;
  const mde =
    w.minimumDetectableEffect === null ? "none" : `${points(w.minimumDetectableEffect, false)} points`;
  const needed = w.sampleSizeForStatedEffect
    ? `${count(w.sampleSizeForStatedEffect.total)} customers (A ${count(w.sampleSizeForStatedEffect.A)}, B ${count(w.sampleSizeForStatedEffect.B)})`
    : "out of reach";
  lines.push(
    `Power: detectable fall at ${target}: ${mde}; power for a ${points(w.statedEffect, false)}-point fall: ` +
      `${percent(w.powerForStatedEffect, 0)}; customers needed for it at ${target}: ${needed}`,
  );
  for (const problem of r.problems) lines.push(`Problem: ${problem}`);
  lines.push("", `Verdict: ${verdict(r)}`);
  return `${lines.join("\n")}\n`;
}

const count = (n: number): string => n.toLocaleString("en-US");
const percent = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)}%`;
const signed = (x: number, digits: number): string => (x > 0 ? "+" : "") + x.toFixed(digits);
const points = (x: number, sign = true): string => (sign ? signed(x * 100, 2) : (x * 100).toFixed(2));
const p = (x: number): string => (x < 0.0001 ? x.toExponential(1) : x.toPrecision(2));
