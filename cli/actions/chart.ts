/**
 * `engagetrack chart <name> [--customer <id>] [--column <name>] [--snapshots <dir>] [--model <dir>]
 *   --out <file> [--width 800] [--height 450] [--scale 2] [--json]`: renders one chart from the
 * newest snapshot. `--out` ending in .png writes the image (refused by the blank-chart guard → the
 * text table is printed instead, exit 1), .svg the SVG, .txt the text table. The SHAP waterfall
 * explains one customer (`--customer`) with the model (default models/demo). `segment --column`
 * charts churn risk by any segment column of the snapshot's data set (by name or label); the demo's
 * named segment charts refuse other data sets, naming what they can chart instead (exit 2).
 */
import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import type { CliIo } from "../cli-io.ts";
import {
  availableCharts,
  CHART_NAMES,
  chartFromSnapshot,
  chartUnavailable,
  formatTable,
  isChartName,
  segmentChartFromSnapshot,
  segmentChoices,
  segmentColumnFor,
  type ChartSources,
  type ChartSpec,
} from "../../core/src/charts/index.ts";
import { createChartRenderer } from "../../core/src/charts/server.ts";
import { displaySafe } from "../../core/src/data/index.ts";
import {
  analyzeDeclaredExperiment,
  declaredExperiment,
  DEFAULT_EXPERIMENTS_FILE,
  isOutcomesUnknown,
  readExperimentConfig,
  type ExperimentReport,
} from "../../core/src/experiments/index.ts";
import { explainCustomer } from "../../core/src/score/index.ts";
import { openSnapshotStore, type Snapshot } from "../../core/src/snapshot/index.ts";
import { CliError, ExitCode } from "../cli-error.ts";
import { openModelForCli } from "../model-input.ts";
import { SEGMENT_CHART } from "../commands/chart.ts";

interface ChartOptions {
  customer?: string;
  column?: string;
  snapshots: string;
  model: string;
  out: string;
  width: string;
  height: string;
  scale: string;
  json?: boolean;
}

/** `chart --json` */
export interface ChartReport {
  chart: string;
  /** The column charted by (the segment chart). */
  column?: string;
  snapshot: string;
  out: string;
  format: "png" | "svg" | "txt";
  /** Image size in device pixels (PNG only). */
  width?: number;
  height?: number;
  bytes: number;
  alt: string;
  /** Why the PNG was refused, when the text table was written instead. */
  refused?: string;
}

export async function action(io: CliIo, name: string, options: ChartOptions): Promise<number | void> {
  if (name !== SEGMENT_CHART && !isChartName(name)) {
    throw new CliError(
      "unknown-chart",
      `unknown chart: ${JSON.stringify(displaySafe(name))} (one of ${SEGMENT_CHART}, ${CHART_NAMES.join(", ")})`,
    );
  }
  const format = extname(options.out).slice(1).toLowerCase();
  if (format !== "png" && format !== "svg" && format !== "txt") {
    throw new CliError("bad-output", `unsupported output file: ${options.out} (use .png, .svg or .txt)`);
  }
  const size = { width: dimension("width", options.width), height: dimension("height", options.height) };
  const scale = Number(options.scale);
  if (!(scale > 0 && scale <= 8))
    throw new CliError("bad-scale", `invalid --scale: ${options.scale} (0 < scale ≤ 8)`);
  if (name === "shap-waterfall" && !options.customer) {
    throw new CliError("missing-customer", "the shap-waterfall chart needs --customer <id>");
  }

  const store = openSnapshotStore(options.snapshots);
  let snapshot: Snapshot | undefined;
  try {
    snapshot = await store.latest();
  } catch (err) {
    throw new CliError("snapshot-unreadable", (err as Error).message, { cause: err });
  }
  if (!snapshot)
    throw new CliError("no-snapshot", `no snapshots in ${options.snapshots} (run npm start first)`);
  let spec: ChartSpec;
  let column: string | undefined;
  try {
    if (name === SEGMENT_CHART) {
      column = segmentColumn(snapshot, options.column);
      spec = segmentChartFromSnapshot(snapshot, column, size);
    } else if (isChartName(name)) {
      const unavailable = chartUnavailable(name, snapshot.table);
      if (unavailable) {
        throw new CliError(
          "chart-unavailable",
          `${unavailable} (the ${snapshot.dataset.name} data set): chart its own columns with \`${SEGMENT_CHART} --column <name>\` (${choicesText(snapshot)}), or one of ${availableCharts(snapshot.table).join(", ")}`,
        );
      }
      const sources: ChartSources = { snapshot };
      if (name === "risk-trend") sources.history = await store.list();
      if (name === "shap-waterfall") sources.explanation = await explain(io, snapshot, options);
      if (name === "ab-variants") sources.experiment = await experimentOf(snapshot);
      spec = chartFromSnapshot(name, sources, size);
    } else {
      throw new Error(`unknown chart ${name}`);
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError("chart-failed", `cannot draw ${name}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const report: ChartReport = {
    chart: name,
    ...(column === undefined ? {} : { column }),
    snapshot: snapshot.manifest.id,
    out: options.out,
    format,
    bytes: 0,
    alt: spec.alt,
  };
  let body: string | Buffer;
  if (format === "png") {
    const renderer = createChartRenderer({
      scale,
      warn: (message, details) => io.stderr.write(`engagetrack: ${message} (${details.reason})\n`),
    });
    const rendered = await renderer.png(spec);
    if (rendered.kind === "text") {
      report.refused = rendered.reason;
      io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${rendered.text}\n`);
      return ExitCode.dataProblems;
    }
    body = rendered.png;
    report.width = rendered.width;
    report.height = rendered.height;
  } else if (format === "svg") {
    body = createChartRenderer().svg(spec);
  } else {
    body = `${formatTable(spec.title, spec.table)}\n`;
  }
  try {
    await writeFile(options.out, body);
  } catch (err) {
    throw new CliError("write-failed", `cannot write ${options.out}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  report.bytes = Buffer.byteLength(body);
  io.stdout.write(
    options.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : `wrote ${options.out}${report.width ? ` (${report.width}×${report.height})` : ""} from snapshot ${report.snapshot}\n${spec.alt}\n`,
  );
}

/** "state (State), international_plan (International plan), …": the data set's segment columns. */
function choicesText(snapshot: Snapshot): string {
  const choices = segmentChoices(snapshot.dataset);
  if (choices.length === 0) return "its contract lists no segments; any feature column works";
  return choices
    .map((c) => (c.label === c.column ? c.column : `${c.column} (${displaySafe(c.label)})`))
    .join(", ");
}

/** The column `--column` names, by name or label; a missing or unknown one lists the choices. */
function segmentColumn(snapshot: Snapshot, wanted: string | undefined): string {
  if (wanted === undefined || wanted.trim() === "") {
    throw new CliError(
      "missing-column",
      `the ${SEGMENT_CHART} chart needs --column <name or label>: one of the ${snapshot.dataset.name} data set's segment columns: ${choicesText(snapshot)}`,
    );
  }
  const column = segmentColumnFor(snapshot.dataset, snapshot.segmentColumns, wanted);
  if (column === undefined) {
    throw new CliError(
      "unknown-column",
      `no column ${JSON.stringify(displaySafe(wanted))} to chart by in the ${snapshot.dataset.name} data set: its segment columns are ${choicesText(snapshot)}`,
    );
  }
  return column;
}

/**
 * The same analysis as `engagetrack experiment` on this snapshot, so the chart agrees with the
 * verdict: the experiment the data set's contract declares, with what the experiments file adds.
 * No declaration: there is no experiment, so no chart of arms.
 */
async function experimentOf(snapshot: Snapshot): Promise<ExperimentReport> {
  let declared;
  try {
    const config = await readExperimentConfig(DEFAULT_EXPERIMENTS_FILE, { missing: "default" });
    declared = declaredExperiment(snapshot.dataset, config);
  } catch (err) {
    throw new CliError("bad-experiments-file", (err as Error).message, { cause: err });
  }
  if (!declared) {
    throw new CliError(
      "no-experiment",
      `the ${snapshot.dataset.name} data set declares no experiment (its dataset contract names no assignment column): there are no arms to chart`,
    );
  }
  try {
    return analyzeDeclaredExperiment(snapshot.table, declared);
  } catch (err) {
    const known = isOutcomesUnknown(err);
    throw new CliError(
      known ? "outcomes-unknown" : "experiment-failed",
      known
        ? `experiment ${declared.experiment.key}: ${(err as Error).message}`
        : `cannot analyse the experiment: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

async function explain(io: CliIo, snapshot: Snapshot, options: ChartOptions) {
  const id = options.customer!;
  const scored = snapshot.lookup(id);
  if (!scored) {
    throw new CliError(
      "unknown-customer",
      `no customer ${JSON.stringify(displaySafe(id))} in snapshot ${snapshot.manifest.id}`,
    );
  }
  const model = await openModelForCli(options.model);
  try {
    if (model.hash !== snapshot.manifest.model.hash) {
      io.stderr.write(
        `engagetrack: warning: snapshot ${snapshot.manifest.id} was scored by model ${snapshot.manifest.model.name}, not ${options.model}\n`,
      );
    }
    return await explainCustomer(model, scored.customer);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError("explain-failed", `cannot explain ${displaySafe(id)}: ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    await model.release();
  }
}

function dimension(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 200 || n > 4000) {
    throw new CliError("bad-size", `invalid --${name}: ${value} (a whole number of pixels, 200 to 4000)`);
  }
  return n;
}
