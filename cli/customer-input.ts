/**
 * Reading a customer file for a CLI command: streamed in batches with a progress bar, rejected rows
 * quarantined beside the input, file-level failures turned into one CliError (exit 2).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import {
  DataFileError,
  displaySafe,
  quarantinePathFor,
  readCustomerRows,
  writeQuarantine,
  type RejectedRow,
  type RowError,
} from "../core/src/data/index.ts";
import type { Customer } from "../core/src/data/schema.ts";
import { CliError } from "./cli-error.ts";
import { progressFor } from "./progress.ts";

export interface InputSummary {
  file: string;
  /** sha256 of the file's bytes: identifies the data in cards and snapshots ("" with `hash: false`). */
  sha256: string;
  accepted: number;
  rejected: number;
  errors: RowError[];
  warnings: string[];
  hasChurn: boolean;
  /** Where rejected rows were written, if any. */
  quarantine?: string;
}

export interface ReadInputOptions {
  /** Customers per batch handed to `onBatch` (default 20 000). */
  batchSize?: number;
  /** No progress bar (for --json). */
  quiet?: boolean;
  /** Where rejected rows go: beside the input (true, the default), this file, or nowhere (false). */
  quarantine?: boolean | string;
  /** Hash the file (default true). */
  hash?: boolean;
  label?: string;
}

/**
 * Streams a customer file, handing accepted customers to `onBatch` in order together with the
 * 0-based position of the batch's first customer among accepted rows.
 */
export async function readCustomerInput(
  path: string,
  onBatch: (customers: Customer[], firstRow: number) => Promise<void> | void,
  options: ReadInputOptions = {},
): Promise<InputSummary> {
  const batchSize = options.batchSize ?? 20_000;
  const progress = progressFor(process.stderr, options.quiet === true);
  const rejected: RejectedRow[] = [];
  const errors: RowError[] = [];
  const warnings: string[] = [];
  let columns: string[] = [];
  let hasChurn = false;
  let accepted = 0;
  let batch: Customer[] = [];
  let started = false;
  const flush = async () => {
    if (batch.length === 0) return;
    const b = batch;
    batch = [];
    await onBatch(b, accepted - b.length);
  };
  const hashing = options.hash === false ? Promise.resolve("") : sha256File(path);
  // A missing or unreadable file is reported once, by the reader below; the hash's own failure must
  // not surface later as an unhandled rejection (a stack trace after the message, exit 1).
  hashing.catch(() => {});
  try {
    const onBytes = (done: number, total: number) => {
      if (!started) progress.start(total, options.label ?? "reading");
      started = true;
      progress.update(done);
    };
    for await (const event of readCustomerRows(path, { onBytes })) {
      if (event.kind === "header") {
        columns = event.columns;
        hasChurn = event.hasChurn;
      } else if (event.kind === "accepted") {
        batch.push(event.customer);
        accepted++;
        if (batch.length === batchSize) await flush();
      } else if (event.kind === "warning") warnings.push(event.message);
      else {
        rejected.push(event.row);
        errors.push(...event.errors);
      }
    }
    await flush();
  } catch (err) {
    if (err instanceof DataFileError) {
      throw new CliError(err.code, displaySafe(err.message), { cause: err });
    }
    throw err;
  } finally {
    progress.stop();
  }
  const summary: InputSummary = {
    file: path,
    sha256: await hashing,
    accepted,
    rejected: rejected.length,
    errors,
    warnings,
    hasChurn,
  };
  if (rejected.length > 0 && options.quarantine !== false) {
    summary.quarantine = await quarantineRejected(path, options.quarantine, rejected, columns);
  }
  return summary;
}

/**
 * Writes rejected rows to the quarantine (beside the input unless `where` names a file) and
 * returns its path; a CliError (exit 2) when it would overwrite the input or cannot be written.
 */
export async function quarantineRejected(
  input: string,
  where: string | true | undefined,
  rejected: readonly RejectedRow[],
  columns: readonly string[],
): Promise<string> {
  const target = typeof where === "string" ? where : quarantinePathFor(input);
  if (resolve(target) === resolve(input))
    throw new CliError(
      "quarantine-is-input",
      `refusing to write the quarantine over the input ${JSON.stringify(input)}`,
    );
  try {
    await writeQuarantine(target, [...rejected], [...columns]);
  } catch (cause) {
    const why = (cause as NodeJS.ErrnoException).code ?? String(cause);
    throw new CliError(
      "quarantine-unwritable",
      `cannot write quarantine file ${JSON.stringify(target)}: ${why} (use --quarantine <dir> or --no-quarantine)`,
      { cause },
    );
  }
  return target;
}

/** Reads a whole customer file into memory (training, evaluation). */
export async function loadCustomerInput(
  path: string,
  options: ReadInputOptions = {},
): Promise<{ customers: Customer[]; summary: InputSummary }> {
  const customers: Customer[] = [];
  const summary = await readCustomerInput(path, (b) => void customers.push(...b), options);
  return { customers, summary };
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(path)
      .on("data", (d) => h.update(d))
      .on("error", reject)
      .on("end", () => resolve(h.digest("hex")));
  });
}

/** One line per input problem, for human summaries. */
export function inputProblems(summary: InputSummary, shown = 10): string[] {
  const out: string[] = [];
  if (summary.rejected > 0) {
    out.push(
      `${summary.rejected} rejected row(s)${summary.quarantine ? `, written to ${summary.quarantine}` : ""}:`,
    );
    for (const e of summary.errors.slice(0, shown)) out.push(`  ${displaySafe(e.message)}`);
    if (summary.errors.length > shown) out.push(`  ... and ${summary.errors.length - shown} more`);
  }
  for (const w of summary.warnings.slice(0, shown)) out.push(`warning: ${displaySafe(w)}`);
  return out;
}
