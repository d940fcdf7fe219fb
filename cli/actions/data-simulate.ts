/**
 * `engagetrack data simulate --rows N --seed S --out file.csv [--experiment-key K] [--json]`:
 * writes a simulated customer file (Telco columns, enrichment, an invented account owner,
 * simulation truth) with bounded memory. Exit 0 on success; 2 for bad options or an unwritable path.
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { CliIo } from "../cli-io.ts";
import { displaySafe, writeSimulatedCsv } from "../../core/src/data/index.ts";
import { CliError, ExitCode } from "../cli-error.ts";
import { progressFor } from "../progress.ts";

interface SimulateCliOptions {
  rows: string;
  seed: string;
  out: string;
  experimentKey: string;
  json?: boolean;
}

/** The machine-readable report printed by `--json`. */
export interface SimulateReport {
  path: string;
  rows: number;
  seed: number;
  experimentKey: string;
  churned: number;
  churnRate: number;
  meanTrueChurnProbability: number;
}

export async function action(io: CliIo, options: SimulateCliOptions): Promise<number | void> {
  const report = await simulate(options);
  io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : humanSummary(report));
  return ExitCode.ok;
}

async function simulate(options: SimulateCliOptions): Promise<SimulateReport> {
  const rows = wholeNumber("--rows", options.rows, 1, 100_000_000);
  const seed = wholeNumber("--seed", options.seed, 0, 0xffffffff);
  const experimentKey = options.experimentKey;
  const progress = progressFor(process.stderr, options.json === true);
  progress.start(rows, "simulating");
  try {
    // A fresh clone has no data/generated/: make the output's folder, as every command should.
    await mkdir(dirname(options.out), { recursive: true });
    const summary = await writeSimulatedCsv(options.out, {
      rows,
      seed,
      experimentKey,
      onProgress: (done) => progress.update(done),
    });
    return { ...summary, seed, experimentKey };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (typeof code === "string") {
      throw new CliError("output-unwritable", `cannot write ${JSON.stringify(options.out)}: ${code}`, {
        cause,
      });
    }
    throw cause;
  } finally {
    progress.stop();
  }
}

function wholeNumber(option: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliError(
      "bad-option",
      `invalid ${option}: ${JSON.stringify(raw)} (a whole number from ${min} to ${max})`,
      {},
    );
  }
  return value;
}

function humanSummary(report: SimulateReport): string {
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines =
    `wrote ${report.rows} simulated customers to ${report.path} (seed ${report.seed})\n` +
    `churn rate ${percent(report.churnRate)} (${report.churned} churned; true mean probability ${percent(report.meanTrueChurnProbability)})\n`;
  return displaySafe(lines);
}
