/**
 * `engagetrack data validate <csv> [--json] [--quarantine <path> | --no-quarantine]`: loads a
 * customer file as the product would, reports every rejected row and warning, and writes the
 * rejected rows to a quarantine CSV. Exit 0: all rows valid; 1: rows were rejected; 2: the file
 * itself is unusable (missing, not UTF-8, missing columns, ...).
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import {
  DataFileError,
  displaySafe,
  quarantinePathFor,
  readCustomerRows,
  writeQuarantine,
  type RejectedRow,
  type RowError,
} from "../../data/index.ts";
import { CliError, ExitCode } from "../cli-error.ts";
import { progressFor } from "../progress.ts";

interface ValidateOptions {
  json?: boolean;
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
}

/** How many problems and warnings the human summary lists before "... and N more". */
const SHOWN = 20;

export function registerDataValidate(data: Command): void {
  data
    .command("validate")
    .description("Validate a customer CSV: report rejected rows and warnings, quarantine the rejected rows.")
    .argument("<csv>", "customer file (IBM Telco columns, optionally enrichment columns)")
    .option("--json", "print a JSON report instead of a summary")
    .option(
      "--quarantine <path>",
      "where to write rejected rows (file or directory; default: beside the input)",
    )
    .option("--no-quarantine", "do not write rejected rows anywhere")
    .action(async (csv: string, options: ValidateOptions) => {
      const { report, problems } = await validate(csv, options);
      process.stdout.write(
        options.json ? `${JSON.stringify(report, null, 2)}\n` : humanSummary(report, problems),
      );
      process.exitCode = report.rejected > 0 ? ExitCode.dataProblems : ExitCode.ok;
    });
}

async function validate(
  csv: string,
  options: ValidateOptions,
): Promise<{ report: ValidateReport; problems: string[] }> {
  const progress = progressFor(process.stderr, options.json === true);
  const rejected: RejectedRow[] = [];
  const errors: RowError[] = [];
  const warnings: string[] = [];
  let accepted = 0;
  let columns: string[] = [];
  let started = false;
  try {
    // The bar counts KiB: rows are unknown until the end, bytes are known from the start.
    const onBytes = (done: number, total: number) => {
      if (!started) progress.start(Math.ceil(total / 1024), "validating (KiB)");
      started = true;
      progress.update(Math.ceil(done / 1024));
    };
    // Streamed, not loadCustomers: valid customers are counted and dropped, so a million rows fit.
    for await (const event of readCustomerRows(csv, { onBytes })) {
      if (event.kind === "header") columns = event.columns;
      else if (event.kind === "accepted") accepted++;
      else if (event.kind === "warning") warnings.push(event.message);
      else {
        rejected.push(event.row);
        errors.push(...event.errors);
      }
    }
  } catch (err) {
    if (err instanceof DataFileError) {
      throw new CliError(err.code, displaySafe(err.message), { exitCode: ExitCode.unusable, cause: err });
    }
    throw err;
  } finally {
    progress.stop();
  }
  const report: ValidateReport = {
    file: csv,
    accepted,
    rejected: rejected.length,
    errors: errors.map(({ line, column, value, reason }) => ({ line, column, value, reason })),
    warnings,
  };
  if (rejected.length > 0 && options.quarantine !== false) {
    const target = await quarantineTarget(csv, options.quarantine);
    if (resolve(target) === resolve(csv)) {
      throw new CliError(
        "quarantine_is_input",
        `refusing to write the quarantine over the input ${JSON.stringify(csv)}`,
      );
    }
    try {
      await writeQuarantine(target, rejected, columns);
    } catch (cause) {
      const why = (cause as NodeJS.ErrnoException).code ?? String(cause);
      throw new CliError(
        "quarantine_unwritable",
        `cannot write quarantine file ${JSON.stringify(target)}: ${why} (use --quarantine <dir> or --no-quarantine)`,
        { exitCode: ExitCode.unusable, cause },
      );
    }
    report.quarantine = target;
  }
  return { report, problems: errors.map((e) => e.message) };
}

async function quarantineTarget(csv: string, option: string | boolean): Promise<string> {
  if (typeof option !== "string") return quarantinePathFor(csv);
  const isDir = await stat(option).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return isDir ? quarantinePathFor(csv, option) : option;
}

function humanSummary(report: ValidateReport, problems: string[]): string {
  const out: string[] = [];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  out.push(
    `${report.file}: ${plural(report.accepted, "row")} accepted, ${report.rejected} rejected, ${plural(report.warnings.length, "warning")}`,
  );
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
