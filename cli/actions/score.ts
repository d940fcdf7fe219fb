/**
 * `engagetrack score --model <dir> --data <csv> [--out <file>] [--snapshots <dir>] [--shard i/N --parts <dir>] [--json]`:
 * probability (calibrated), band and margin per customer, to a CSV and/or a snapshot (or a shard's part).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { CliIo } from "../cli-io.ts";
import { stringify } from "csv-stringify/sync";
import { csvSafe } from "../../core/src/data/index.ts";
import { encodeColumns } from "../../core/src/features/index.ts";
import { scoreCustomers, type ChurnModel } from "../../core/src/score/index.ts";
import {
  createPartWriter,
  createSnapshotWriter,
  shardOf,
  type ScoredBatch,
} from "../../core/src/snapshot/index.ts";
import { CliError, ExitCode } from "../cli-error.ts";
import { inputProblems, readCustomerInput, sha256File } from "../customer-input.ts";
import { columnsSpec, inputLayout, openModelForCli, readNamedRows } from "../model-input.ts";
import { datasetOption, readContractInput, statusLine } from "../dataset-input.ts";
import type { Customer } from "../../core/src/data/index.ts";

interface ScoreOptions {
  model: string;
  data: string;
  dataset?: string;
  table?: string;
  query?: string;
  out?: string;
  snapshots?: string;
  shard?: string;
  parts?: string;
  json?: boolean;
}

export async function action(io: CliIo, options: ScoreOptions): Promise<number | void> {
  const report = await score(options);
  io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : report.text.join("\n") + "\n");
  return report.rejected > 0 ? ExitCode.dataProblems : ExitCode.ok;
}

function parseShard(raw: string): { shard: number; of: number } {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const shard = Number(m?.[1]);
  const of = Number(m?.[2]);
  if (!m || of < 1 || shard >= of)
    throw new CliError("bad-option", `invalid --shard: ${JSON.stringify(raw)} (expected i/N with 0 ≤ i < N)`);
  return { shard, of };
}

async function score(options: ScoreOptions) {
  if (!options.out && !options.snapshots && !options.shard) {
    throw new CliError(
      "bad-option",
      "nothing to write: give --out <file>, --snapshots <dir>, or --shard i/N --parts <dir>",
    );
  }
  if (options.shard && !options.parts) throw new CliError("bad-option", "--shard needs --parts <dir>");
  const model = await openModelForCli(options.model);
  try {
    if (model.contract) return await scoreContractSource(model, options);
    return (await inputLayout(model, options.data)) === "customers"
      ? await scoreCustomerFile(model, options)
      : await scoreColumnsFile(model, options);
  } finally {
    await model.release();
  }
}

async function scoreCustomerFile(model: ChurnModel, options: ScoreOptions) {
  const shard = options.shard ? parseShard(options.shard) : undefined;
  const dataHash = await sha256File(options.data);
  const modelRef = { name: model.card.name, hash: model.hash };
  const clock = () => new Date();
  const writer = shard
    ? await createPartWriter({ partsDir: options.parts!, ...shard, model: modelRef, dataHash })
    : options.snapshots
      ? await createSnapshotWriter({ dir: options.snapshots, model: modelRef, dataHash, clock })
      : undefined;
  const rows: unknown[][] = [];
  const bands = { Low: 0, Medium: 0, High: 0 };
  let scored = 0;
  const summary = await readCustomerInput(
    options.data,
    async (customers, firstRow) => {
      let batch: ScoredBatch;
      if (shard) {
        const keep: number[] = [];
        customers.forEach((c, i) => shardOf(c.customerID, shard.of) === shard.shard && keep.push(i));
        batch = await scoreCustomers(
          model,
          keep.map((i) => customers[i]),
          { inputRows: Int32Array.from(keep, (i) => firstRow + i) },
        );
      } else {
        batch = await scoreCustomers(model, customers, { firstRow });
      }
      await writer?.append(batch);
      batch.customers.forEach((c, i) => {
        bands[batch.band[i]]++;
        if (options.out) {
          rows.push([
            c.customerID,
            batch.probability[i].toFixed(6),
            batch.band[i],
            batch.margin[i].toFixed(6),
            batch.drivers[i][0]?.label ?? "",
          ]);
        }
      });
      scored += batch.customers.length;
    },
    { quiet: options.json, label: "scoring" },
  ).catch(async (err: unknown) => {
    await writer?.abort(); // leave no half-written snapshot or part behind
    throw err;
  });
  const published = writer ? await writer.finish() : undefined;
  if (options.out) await writeScores(options.out, rows);
  const where =
    published && "id" in published
      ? `snapshot ${published.id} in ${options.snapshots}`
      : shard
        ? `part ${shard.shard}/${shard.of} in ${options.parts}`
        : undefined;
  return {
    model: model.card.name,
    data: options.data,
    scored,
    rejected: summary.rejected,
    bands,
    out: options.out,
    snapshot: published && "id" in published ? published.id : undefined,
    text: [
      `scored ${scored} customers with ${model.card.name}: ${bands.High} High, ${bands.Medium} Medium, ${bands.Low} Low risk`,
      ...(options.out ? [`scores written to ${options.out}`] : []),
      ...(where ? [`published ${where}`] : []),
      ...inputProblems(summary),
    ],
  };
}

/**
 * Customers of a model trained under a dataset contract, from any source, read by that contract
 * (or --dataset): every row is scored and explained and keeps its status, so a snapshot holds
 * current customers and history apart. A file of current customers without a label column is the
 * normal production case.
 */
async function scoreContractSource(model: ChurnModel, options: ScoreOptions) {
  const contract = options.dataset ? (await datasetOption(options.dataset)).contract : model.contract!;
  const idColumn = contract.id.column;
  const shard = options.shard ? parseShard(options.shard) : undefined;
  const modelRef = { name: model.card.name, hash: model.hash };
  const clock = () => new Date();
  // The data hash is known once every row is read: writers take it at the end (see below).
  const pending = { dataHash: "" };
  const writer = shard
    ? await createPartWriter({
        partsDir: options.parts!,
        ...shard,
        model: modelRef,
        dataHash: () => pending.dataHash,
        contract,
      })
    : options.snapshots
      ? await createSnapshotWriter({
          dir: options.snapshots,
          model: modelRef,
          dataHash: () => pending.dataHash,
          clock,
          contract,
        })
      : undefined;
  const rows: unknown[][] = [];
  const bands = { Low: 0, Medium: 0, High: 0 };
  let scored = 0;
  const source = { table: options.table, query: options.query };
  const summary = await readContractInput(
    options.data,
    contract,
    async (records, statuses, firstRow) => {
      const customers = records as unknown as Customer[];
      let batch: ScoredBatch;
      if (shard) {
        const keep: number[] = [];
        records.forEach((c, i) => shardOf(String(c[idColumn]), shard.of) === shard.shard && keep.push(i));
        batch = await scoreCustomers(
          model,
          keep.map((i) => customers[i]),
          { inputRows: Int32Array.from(keep, (i) => firstRow + i), status: keep.map((i) => statuses[i]) },
        );
      } else {
        batch = await scoreCustomers(model, customers, { firstRow, status: statuses });
      }
      await writer?.append(batch);
      batch.customers.forEach((c, i) => {
        bands[batch.band[i]]++;
        if (options.out) {
          rows.push([
            (c as unknown as Record<string, unknown>)[idColumn],
            batch.probability[i].toFixed(6),
            batch.band[i],
            batch.margin[i].toFixed(6),
            batch.drivers[i][0]?.label ?? "",
            batch.status[i],
          ]);
        }
      });
      scored += batch.customers.length;
    },
    { ...source, quiet: options.json, label: "scoring", contentHash: true },
  ).catch(async (err: unknown) => {
    await writer?.abort();
    throw err;
  });
  pending.dataHash = summary.sha256;
  const published = writer ? await writer.finish() : undefined;
  if (options.out)
    await writeScores(options.out, rows, [idColumn, "probability", "band", "margin", "top_driver", "status"]);
  const where =
    published && "id" in published
      ? `snapshot ${published.id} in ${options.snapshots}`
      : shard
        ? `part ${shard.shard}/${shard.of} in ${options.parts}`
        : undefined;
  return {
    model: model.card.name,
    data: options.data,
    dataset: contract.name,
    scored,
    rejected: summary.rejected,
    bands,
    statuses: summary.statuses,
    out: options.out,
    snapshot: published && "id" in published ? published.id : undefined,
    text: [
      `scored ${scored} customers with ${model.card.name} (dataset ${contract.name}): ${bands.High} High, ${bands.Medium} Medium, ${bands.Low} Low risk`,
      `  ${statusLine(summary)}: churned customers are history, kept in the snapshot with their status and never listed as at risk`,
      ...(options.out ? [`scores written to ${options.out}`] : []),
      ...(where ? [`published ${where}`] : []),
      ...inputProblems(summary),
    ],
  };
}

/** An imported model with its own named columns: the CSV carries exactly those features. */
async function scoreColumnsFile(model: ChurnModel, options: ScoreOptions) {
  if (options.snapshots || options.shard) {
    throw new CliError(
      "bad-option",
      `model ${model.card.name} reads named columns, not customers: snapshots need a customer model; use --out`,
    );
  }
  const { rows: records, lines } = await readNamedRows(options.data);
  let matrix;
  try {
    matrix = encodeColumns(columnsSpec(model), records, { file: options.data, lines });
  } catch (err) {
    throw new CliError("bad-input", (err as Error).message, { cause: err });
  }
  const { probability } = await model.score(matrix);
  const bands = { Low: 0, Medium: 0, High: 0 };
  const rows = records.map((r, i) => {
    const band = model.band(probability[i]);
    bands[band]++;
    const p = probability[i];
    return [
      r.customerID ?? String(lines[i]),
      p.toFixed(6),
      band,
      (Math.log(p) - Math.log1p(-p)).toFixed(6),
      "",
    ];
  });
  if (options.out) await writeScores(options.out, rows);
  return {
    model: model.card.name,
    data: options.data,
    scored: rows.length,
    rejected: 0,
    bands,
    out: options.out,
    snapshot: undefined,
    text: [
      `scored ${rows.length} rows with ${model.card.name}`,
      ...(options.out ? [`scores written to ${options.out}`] : []),
    ],
  };
}

async function writeScores(
  path: string,
  rows: unknown[][],
  header = ["customerID", "probability", "band", "margin", "top_driver"],
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const safe = rows.map((r) => r.map((v) => csvSafe(String(v))));
  await writeFile(path, stringify([header, ...safe]));
}
