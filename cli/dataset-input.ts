/**
 * Customers described by a dataset contract, for the CLI: which contract (`--dataset <preset|file>`,
 * `ENGAGETRACK_DATASET`, or the preset a file's header matches), and the rows of any source (CSV,
 * Parquet, PostgreSQL) validated against it — streamed in batches with a progress bar, rejected
 * rows quarantined, file-level failures turned into one CliError (exit 2).
 */
import { createHash } from "node:crypto";
import { contractSimulator } from "../core/src/data/contract-simulation.ts";
import {
  ContractError,
  DataFileError,
  displaySafe,
  isPresetName,
  presetContract,
  presetForHeader,
  readContractRows,
  readDatasetContract,
  type ContractRow,
  type CustomerStatus,
  type DatasetContract,
  type RejectedRow,
  type RowError,
} from "../core/src/data/index.ts";
import { DATA_SETTINGS, parseSettings } from "../core/src/settings/index.ts";
import { CliError } from "./cli-error.ts";
import type { InputSummary, ReadInputOptions } from "./customer-input.ts";
import { quarantineRejected, sha256File } from "./customer-input.ts";
import { progressFor } from "./progress.ts";
import { openSourceRecords, sourceKind, type SourceOptions } from "./source-records.ts";

/** A contract and how it was chosen (shown to the user: "dataset telco (recognised from the header)"). */
export interface ChosenDataset {
  contract: DatasetContract;
  how: string;
}

/** `--dataset`: a preset name or a contract file (YAML or JSON). */
export async function datasetOption(option: string): Promise<ChosenDataset> {
  try {
    if (isPresetName(option)) return { contract: presetContract(option), how: `preset ${option}` };
    return { contract: await readDatasetContract(option), how: `contract ${option}` };
  } catch (cause) {
    if (cause instanceof ContractError) throw new CliError(cause.code, displaySafe(cause.message), { cause });
    throw cause;
  }
}

/**
 * The contract for a source: the option (or `ENGAGETRACK_DATASET`) when given, else the shipped
 * preset whose columns the header has, else a CliError pointing to `engagetrack data init`.
 */
export async function chooseDataset(
  location: string,
  option: string | undefined,
  source: SourceOptions = {},
  env: NodeJS.ProcessEnv = {},
): Promise<ChosenDataset> {
  const given =
    option ??
    parseSettings(env, { ENGAGETRACK_DATASET: DATA_SETTINGS.settings.ENGAGETRACK_DATASET })
      .ENGAGETRACK_DATASET;
  if (given !== undefined) return datasetOption(given);
  const columns = await headerOf(location, source);
  const preset = presetForHeader(columns);
  if (preset)
    return { contract: presetContract(preset), how: `preset ${preset} (recognised from the header)` };
  throw new CliError(
    "no-dataset-contract",
    `${displaySafe(location)} does not match a shipped preset (telco, simulated): describe its columns with ` +
      `\`engagetrack data init ${displaySafe(location)} --out contract.yaml\`, then pass --dataset contract.yaml`,
  );
}

async function headerOf(location: string, source: SourceOptions): Promise<string[]> {
  const records = openSourceRecords(location, source);
  try {
    const first = await records.next();
    return first.done ? [] : first.value.cells.map((c) => c.trim());
  } catch (err) {
    throw dataFileCliError(err);
  } finally {
    await records.return(undefined);
  }
}

/** What a contract read gives besides the rows. */
export interface ContractInputSummary extends InputSummary {
  contract: DatasetContract;
  /** Rows by status: current (no outcome yet), churned, retained. */
  statuses: Record<CustomerStatus, number>;
  /** Contract columns the simulator filled in because the source lacked them. */
  simulatedColumns: string[];
}

/**
 * Streams a source validated by `contract`, handing accepted rows to `onBatch` with their statuses
 * and the 0-based position of the batch's first row among accepted rows.
 */
export async function readContractInput(
  location: string,
  contract: DatasetContract,
  onBatch: (rows: ContractRow[], statuses: CustomerStatus[], firstRow: number) => Promise<void> | void,
  options: ReadInputOptions & SourceOptions & { contentHash?: boolean } = {},
): Promise<ContractInputSummary> {
  const batchSize = options.batchSize ?? 20_000;
  const progress = progressFor(process.stderr, options.quiet === true);
  const rejected: RejectedRow[] = [];
  const errors: RowError[] = [];
  const warnings: string[] = [];
  const statuses: Record<CustomerStatus, number> = { current: 0, churned: 0, retained: 0 };
  let columns: string[] = [];
  let hasLabel = false;
  let simulatedColumns: string[] = [];
  let accepted = 0;
  let batch: ContractRow[] = [];
  let batchStatus: CustomerStatus[] = [];
  let started = false;
  const flush = async () => {
    if (batch.length === 0) return;
    const b = batch;
    const s = batchStatus;
    batch = [];
    batchStatus = [];
    await onBatch(b, s, accepted - b.length);
  };
  const kind = sourceKind(location);
  // A file is identified by its bytes; a database source by its content: every accepted row's
  // validated values in contract order and every rejected row's raw cells. The same customers give
  // the same content hash from CSV, Parquet or PostgreSQL however each spells its cells ("yes" or
  // true, "180.0" or 180), so `score` and `run` record one data hash for them.
  const contentHash =
    options.hash !== false && (kind === "postgres" || options.contentHash === true)
      ? createHash("sha256")
      : undefined;
  const hashing = options.hash === false || contentHash ? Promise.resolve("") : sha256File(location);
  hashing.catch(() => {}); // a missing file is reported by the reader below
  try {
    const onBytes = (done: number, total: number) => {
      if (!started) progress.start(total, options.label ?? "reading");
      started = true;
      progress.update(done);
    };
    const opened = openSourceRecords(location, { ...options, onBytes });
    const records = opened;
    const contentColumns = contentHash ? contractColumns(contract) : [];
    const simulate = contractSimulator(contract);
    for await (const event of readContractRows(records, contract, {
      file: displayName(location, options),
      simulate,
    })) {
      if (event.kind === "header") {
        columns = event.columns;
        hasLabel = event.hasLabel;
        simulatedColumns = event.simulatedColumns;
      } else if (event.kind === "accepted") {
        if (contentHash) {
          const c = event.customer;
          contentHash.update(
            JSON.stringify([event.line, event.status, ...contentColumns.map((k) => c[k] ?? null)]),
          );
          contentHash.update("\n");
        }
        batch.push(event.customer);
        batchStatus.push(event.status);
        statuses[event.status]++;
        accepted++;
        if (batch.length === batchSize) await flush();
      } else if (event.kind === "warning") warnings.push(event.message);
      else {
        contentHash?.update(JSON.stringify([event.row.line, "rejected", ...event.row.cells]));
        contentHash?.update("\n");
        rejected.push(event.row);
        errors.push(...event.errors);
      }
    }
    await flush();
  } catch (err) {
    throw dataFileCliError(err);
  } finally {
    progress.stop();
  }
  const summary: ContractInputSummary = {
    file: location,
    sha256: contentHash ? contentHash.digest("hex") : await hashing.catch(() => ""),
    accepted,
    rejected: rejected.length,
    errors,
    warnings,
    hasChurn: hasLabel,
    contract,
    statuses,
    simulatedColumns,
  };
  if (rejected.length > 0 && options.quarantine !== false) {
    if (kind === "postgres" && typeof options.quarantine !== "string")
      throw new CliError(
        "quarantine-needs-path",
        `rows were rejected from ${displayName(location, options)}: give --quarantine <file> to keep them, or --no-quarantine`,
      );
    summary.quarantine = await quarantineRejected(location, options.quarantine, rejected, columns);
  }
  return summary;
}

/** Reads every accepted row of a source into memory (training, evaluation). */
export async function loadContractInput(
  location: string,
  contract: DatasetContract,
  options: ReadInputOptions & SourceOptions & { contentHash?: boolean } = {},
): Promise<{ rows: ContractRow[]; statuses: CustomerStatus[]; summary: ContractInputSummary }> {
  const rows: ContractRow[] = [];
  const statuses: CustomerStatus[] = [];
  const summary = await readContractInput(
    location,
    contract,
    (b, s) => {
      for (let i = 0; i < b.length; i++) {
        rows.push(b[i]);
        statuses.push(s[i]);
      }
    },
    options,
  );
  return { rows, statuses, summary };
}

/** One line on where the customers stand: "5,000 customers: 4,200 retained, 556 churned (history), 244 current". */
export function statusLine(summary: ContractInputSummary): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const s = summary.statuses;
  return `${n(summary.accepted)} customers: ${n(s.current)} current, ${n(s.retained)} retained, ${n(s.churned)} churned (history)`;
}

/**
 * Every column a contract reads, in a fixed order (id, features, revenue, owner, experiment); the
 * label is hashed as the row's status, so "yes" and true count the same.
 */
function contractColumns(contract: DatasetContract): string[] {
  const names = [
    contract.id.column,
    ...contract.features.map((f) => f.column),
    contract.revenue?.column,
    contract.owner?.column,
    contract.experiment?.column,
  ].filter((c): c is string => c !== undefined);
  return [...new Set(names)];
}

function displayName(location: string, options: SourceOptions): string {
  return sourceKind(location) === "postgres" ? openSourceRecords.describe(location, options) : location;
}

function dataFileCliError(err: unknown): unknown {
  if (err instanceof ContractError) return new CliError(err.code, displaySafe(err.message), { cause: err });
  if (err instanceof DataFileError) return new CliError(err.code, displaySafe(err.message), { cause: err });
  return err;
}
