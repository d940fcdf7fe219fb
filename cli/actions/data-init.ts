/**
 * `engagetrack data init <file> --out <contract.yaml> [--id COL] [--label COL] [--positive VALUE]
 * [--sample N] [--json] [--force]`: drafts a dataset contract from a sample of a customer file
 * (CSV or Parquet), prints every guess with its reason and what to check, and writes a commented
 * YAML file meant to be read and edited. Exit 0: written; 2: the file is unusable, a guess needs
 * the user's help (which id? which label?), the output exists (without --force) or cannot be written.
 */
import { stat, mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { CliIo } from "../cli-io.ts";
import { ContractError } from "../../core/src/data/contract-error.ts";
import { DataFileError } from "../../core/src/data/data-file-error.ts";
import { displaySafe } from "../../core/src/data/display-safe.ts";
import { DraftContractError, draftContract, type ContractDraft } from "../../core/src/data/draft-contract.ts";
import type { DatasetContractInput } from "../../core/src/data/dataset-contract.ts";
import { parseDatasetContractText } from "../../core/src/data/read-dataset-contract.ts";
import { renderContractYaml } from "../../core/src/data/render-contract-yaml.ts";
import { CliError, ExitCode } from "../cli-error.ts";
import { progressFor } from "../progress.ts";
import { openSourceRecords, sourceKind } from "../source-records.ts";

interface InitOptions {
  out: string;
  id?: string;
  label?: string;
  positive?: string;
  sample: string;
  json?: boolean;
  force?: boolean;
}

/** The machine-readable report printed by `--json`. */
export interface InitReport {
  file: string;
  out: string;
  sample: ContractDraft["sample"];
  contract: DatasetContractInput;
  notes: string[];
  warnings: string[];
  /** The command to run next. */
  next: string;
}

const MAX_SAMPLE = 10_000_000;

export async function action(io: CliIo, file: string, options: InitOptions): Promise<number | void> {
  const report = await init(file, options);
  io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : humanSummary(report));
  return ExitCode.ok;
}

async function init(file: string, options: InitOptions): Promise<InitReport> {
  const sampleRows = wholeNumber("--sample", options.sample, 1, MAX_SAMPLE);
  const { out } = options;
  if (sourceKind(file) === "postgres")
    throw new CliError(
      "bad-option",
      "data init drafts from a file (.csv or .parquet): export a sample of the table to a file first",
    );
  if (!options.force && (await exists(out)))
    throw new CliError(
      "output-exists",
      `${JSON.stringify(out)} already exists: pass --force to overwrite it`,
    );

  const progress = progressFor(process.stderr, options.json === true);
  let started = false;
  const onBytes = (done: number, total: number) => {
    if (!started) progress.start(total, "reading");
    started = true;
    progress.update(done);
  };
  let draft: ContractDraft;
  try {
    draft = await draftContract(openSourceRecords(file, { onBytes }), {
      file,
      id: options.id,
      label: options.label,
      positive: options.positive,
      sampleRows,
    });
  } catch (err) {
    if (err instanceof DataFileError || err instanceof DraftContractError)
      throw new CliError(err.code, displaySafe(err.message), { cause: err });
    throw err;
  } finally {
    progress.stop();
  }

  const text = renderContractYaml(draft, { contractPath: out });
  try {
    // A draft that does not read back would only fail later, far from its cause.
    parseDatasetContractText(text, out);
  } catch (err) {
    if (err instanceof ContractError)
      throw new CliError(
        "draft-invalid",
        `the drafted contract does not validate (${displaySafe(err.message)}): please report this`,
        { cause: err },
      );
    throw err;
  }
  try {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, text, { flag: options.force ? "w" : "wx" });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new CliError(
        "output-exists",
        `${JSON.stringify(out)} already exists: pass --force to overwrite it`,
        { cause },
      );
    throw new CliError(
      "output-unwritable",
      `cannot write ${JSON.stringify(out)}: ${code ?? (cause as Error).message}`,
      { cause },
    );
  }
  return {
    file,
    out,
    sample: draft.sample,
    contract: draft.contract,
    notes: draft.notes,
    warnings: draft.warnings,
    next: `engagetrack data validate ${shellWord(file)} --dataset ${shellWord(out)}`,
  };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function wholeNumber(option: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new CliError(
      "bad-option",
      `invalid ${option}: ${JSON.stringify(raw)} (a whole number from ${min} to ${max})`,
    );
  return value;
}

/** A path as a shell word: plain when safe, else single-quoted. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function humanSummary(report: InitReport): string {
  const lines = [
    `wrote ${report.out}: a draft contract for ${report.file}; check every guess before using it`,
    "guesses:",
  ];
  for (const n of report.notes) lines.push(`  ${n}`);
  if (report.warnings.length > 0) {
    lines.push("warnings:");
    for (const w of report.warnings) lines.push(`  ${w}`);
  }
  lines.push(`next: edit ${report.out}, then run`, `  ${report.next}`);
  return `${lines.map((l) => displaySafe(l, { singleLine: true })).join("\n")}\n`;
}
