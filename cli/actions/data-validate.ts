/**
 * `engagetrack data validate <csv> [--json] [--quarantine <path> | --no-quarantine]`: loads a
 * customer file as the product would, reports every rejected row and warning, and writes the
 * rejected rows to a quarantine CSV. Exit 0: all rows valid; 1: rows were rejected; 2: the file
 * itself is unusable (missing, not UTF-8, missing columns, ...).
 */
import { stat } from "node:fs/promises";
import type { CliIo } from "../cli-io.ts";
import { displaySafe, quarantinePathFor } from "../../core/src/data/index.ts";
import { ExitCode } from "../cli-error.ts";
import { chooseDataset, readContractInput, statusLine } from "../dataset-input.ts";
import { sourceKind } from "../source-records.ts";

interface ValidateOptions {
  /** Where ENGAGETRACK_DATASET is read (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
  json?: boolean;
  dataset?: string;
  table?: string;
  query?: string;
  /** A file or directory path; false with --no-quarantine; true (default) for beside the input. */
  quarantine: string | boolean;
}

/** The machine-readable report printed by `--json`. */
export interface ValidateReport {
  file: string;
  accepted: number;
  rejected: number;
  errors: Array<{ line: number; column: string | null; value: string; reason: string }>;
  warnings: string[];
  /** Where the rejected rows were written, when any were. */
  quarantine?: string;
  /** The dataset contract the rows were checked against (name), and how it was chosen. */
  dataset?: { name: string; how: string };
  /** Accepted rows by status: current (no outcome yet), churned and retained (history). */
  statuses?: { current: number; churned: number; retained: number };
  /** Contract columns the simulator filled in (never real data). */
  simulatedColumns?: string[];
}

/** How many problems and warnings the human summary lists before "... and N more". */
const SHOWN = 20;

export async function action(io: CliIo, csv: string, options: ValidateOptions): Promise<number | void> {
  const { report, problems, status } = await validate(csv, { ...options, env: io.env });
  io.stdout.write(
    options.json ? `${JSON.stringify(report, null, 2)}\n` : humanSummary(report, problems, status),
  );
  return report.rejected > 0 ? ExitCode.dataProblems : ExitCode.ok;
}

async function validate(
  csv: string,
  options: ValidateOptions,
): Promise<{ report: ValidateReport; problems: string[]; status?: string }> {
  const quarantine = options.quarantine === false ? false : await quarantineTarget(csv, options.quarantine);
  // Every table through its dataset contract: --dataset, ENGAGETRACK_DATASET, or the preset the
  // header matches. Valid customers are counted and dropped, so a million rows fit in memory.
  const source = { table: options.table, query: options.query };
  const chosen = await chooseDataset(csv, options.dataset, source, options.env);
  const summary = await readContractInput(csv, chosen.contract, () => {}, {
    ...source,
    quiet: options.json === true,
    label: "validating",
    quarantine: sourceKind(csv) === "postgres" && options.quarantine === true ? true : quarantine,
    hash: false,
  });
  const report: ValidateReport = {
    file: csv,
    accepted: summary.accepted,
    rejected: summary.rejected,
    errors: summary.errors.map(({ line, column, value, reason }) => ({ line, column, value, reason })),
    warnings: summary.warnings,
    ...(summary.quarantine ? { quarantine: summary.quarantine } : {}),
    dataset: { name: chosen.contract.name, how: chosen.how },
    statuses: summary.statuses,
    simulatedColumns: summary.simulatedColumns,
  };
  return { report, problems: summary.errors.map((e) => e.message), status: statusLine(summary) };
}

async function quarantineTarget(csv: string, option: string | boolean): Promise<string> {
  if (typeof option !== "string") return quarantinePathFor(csv);
  const isDir = await stat(option).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return isDir ? quarantinePathFor(csv, option) : option;
}

function humanSummary(report: ValidateReport, problems: string[], status?: string): string {
  const out: string[] = [];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  out.push(
    `${report.file}: ${plural(report.accepted, "row")} accepted, ${report.rejected} rejected, ${plural(report.warnings.length, "warning")}`,
  );
  if (report.dataset) out.push(`dataset ${report.dataset.name} (${report.dataset.how})`);
  if (status) out.push(status);
  if (report.simulatedColumns?.length)
    out.push(`simulated (not your data): ${report.simulatedColumns.join(", ")}`);
  if (report.quarantine) out.push(`rejected rows written to ${report.quarantine}`);
  const list = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push(`${title}:`);
    for (const line of lines.slice(0, SHOWN)) out.push(`  ${line}`);
    if (lines.length > SHOWN) out.push(`  ... and ${lines.length - SHOWN} more (use --json for all)`);
  };
  list("problems", problems);
  list("warnings", report.warnings);
  return `${out.map((line) => displaySafe(line, { singleLine: true })).join("\n")}\n`;
}
