import { open, rm, type FileHandle } from "node:fs/promises";
import { openArrowFileOutput, type ArrowFileOutput, type ArrowFileSummary } from "./arrow-file-output.ts";
import { CUSTOMER_STATUSES } from "../data/read-contract-rows.ts";
import { idColumnOf, LEGACY_CUSTOMER_LAYOUT, type CustomerLayout } from "./customer-layout.ts";
import { encodeRecordBatch, type Pick } from "./encode-record-batch.ts";
import type { RiskBand, ScoredBatch } from "./scored-batch.ts";
import { snapshotLayout, type SnapshotLayout } from "./snapshot-layout.ts";

/** Rows per Arrow record batch. Every writer uses the same size, so equal content gives equal bytes. */
export const BATCH_ROWS = 65_536;

export interface ScoredFileSummary extends ArrowFileSummary {
  rows: number;
  bands: Record<RiskBand, number>;
  sources: string[];
}

/** Writes scored rows, in inputRow order, to one Arrow file. Await each call before the next. */
export interface ScoredFileWriter {
  append(batch: ScoredBatch): Promise<void>;
  finish(): Promise<ScoredFileSummary>;
  /** Closes and deletes the file (after a failure, or to give up). Safe to call more than once. */
  abort(): Promise<void>;
}

export interface ScoredFileOptions {
  /** The customer columns (default: the legacy Telco layout). */
  customers?: CustomerLayout;
  /** SHAP sources when known up front; otherwise the first batch's (none if no batch comes). */
  sources?: readonly string[];
  /** Rows per record batch (default {@link BATCH_ROWS}). */
  batchRows?: number;
  /** Returns why a row does not belong in this file, or undefined (a part checks the row's shard). */
  checkRow?: (customerID: string, inputRow: number) => string | undefined;
}

/**
 * Creates `path` (which must not exist) and returns a writer for it. Rows must arrive in
 * increasing inputRow order across appends (within a batch any order: the writer sorts it); a
 * repeated inputRow or customerID is refused. Memory holds at most one record batch of rows plus
 * the set of customer IDs seen.
 */
export async function createScoredFileWriter(
  path: string,
  options: ScoredFileOptions = {},
): Promise<ScoredFileWriter> {
  const batchRows = options.batchRows ?? BATCH_ROWS;
  if (!Number.isInteger(batchRows) || batchRows < 1) throw new Error(`invalid batchRows: ${batchRows}`);
  const customers = options.customers ?? LEGACY_CUSTOMER_LAYOUT;
  // Built (so checked) before the file is created: a bad layout leaves nothing behind.
  const checked = snapshotLayout(customers, options.sources ?? []);
  let layout: SnapshotLayout | undefined = options.sources ? checked : undefined;
  const idColumn = idColumnOf(customers);
  const file: FileHandle = await open(path, "wx");
  let output: ArrowFileOutput | undefined;
  let state: "open" | "busy" | "failed" | "finished" | "aborted" = "open";
  let failure: unknown;
  let lastInputRow = -1;
  let rows = 0;
  const ids = new Set<string>();
  const bands: Record<RiskBand, number> = { Low: 0, Medium: 0, High: 0 };
  let pending: Pick[] = [];
  let pendingRows = 0;

  const start = async (sources: readonly string[]): Promise<void> => {
    layout ??= snapshotLayout(customers, sources);
    output ??= await openArrowFileOutput(file, layout.schema);
  };
  const flush = async (): Promise<void> => {
    const batch = encodeRecordBatch(layout!, pending);
    pending = [];
    pendingRows = 0;
    await output!.write(batch);
  };
  const guard = async <T>(what: string, body: () => Promise<T>): Promise<T> => {
    if (state === "failed")
      throw new Error(`writer failed earlier: ${String((failure as Error)?.message ?? failure)}`);
    if (state === "busy") throw new Error(`${what} called before the previous call finished`);
    if (state !== "open") throw new Error(`writer is ${state}`);
    state = "busy";
    try {
      const result = await body();
      if (state === "busy") state = "open";
      return result;
    } catch (err) {
      state = "failed";
      failure = err;
      throw err;
    }
  };

  return {
    append: (batch) =>
      guard("append", async () => {
        checkShape(batch, layout?.sources);
        await start(batch.sources);
        const order = inputOrder(batch.inputRow);
        for (const i of order) {
          const inputRow = batch.inputRow[i];
          const id = batch.customers[i][idColumn];
          const band = batch.band[i];
          if (typeof id !== "string")
            throw new Error(`invalid ${idColumn}: ${JSON.stringify(id)} (inputRow ${inputRow})`);
          if (inputRow < 0) throw new Error(`invalid inputRow: ${inputRow} (customer ${JSON.stringify(id)})`);
          if (!Object.hasOwn(bands, band))
            throw new Error(`invalid band: ${JSON.stringify(band)} (customer ${JSON.stringify(id)})`);
          if (!CUSTOMER_STATUSES.includes(batch.status[i]))
            throw new Error(
              `invalid status: ${JSON.stringify(batch.status[i])} (customer ${JSON.stringify(id)})`,
            );
          if (inputRow <= lastInputRow) {
            throw new Error(
              inputRow === lastInputRow
                ? `duplicate inputRow: ${inputRow}`
                : `rows out of order: inputRow ${inputRow} after ${lastInputRow} (append batches in input order)`,
            );
          }
          if (ids.has(id))
            throw new Error(`duplicate customerID: ${JSON.stringify(id)} (inputRow ${inputRow})`);
          const why = options.checkRow?.(id, inputRow);
          if (why) throw new Error(why);
          ids.add(id);
          lastInputRow = inputRow;
          // Bands count customers to act on (see `riskSummary`): a churned customer is history.
          if (batch.status[i] !== "churned") bands[band]++;
        }
        rows += order.length;
        for (let at = 0; at < order.length;) {
          const take = Math.min(order.length - at, batchRows - pendingRows);
          pending.push({ batch, rows: order.subarray(at, at + take) });
          pendingRows += take;
          at += take;
          if (pendingRows === batchRows) await flush();
        }
      }),
    finish: () =>
      guard("finish", async () => {
        await start(layout?.sources ?? []);
        // An empty snapshot still gets one (empty) record batch: readers expect a batch per column.
        if (pendingRows > 0 || rows === 0) await flush();
        const summary = await output!.close();
        state = "finished";
        return { ...summary, rows, bands: { ...bands }, sources: [...layout!.sources] };
      }),
    async abort() {
      if (state === "aborted") return;
      const wasFinished = state === "finished";
      state = "aborted";
      if (!wasFinished) await file.close().catch(() => undefined);
      await rm(path, { force: true });
    },
  };
}

function checkShape(batch: ScoredBatch, sources: readonly string[] | undefined): void {
  const n = batch.customers.length;
  if (!batch.status) throw new Error("batch has no status (one per customer)");
  const lengths: [string, number][] = [
    ["status", batch.status.length],
    ["inputRow", batch.inputRow.length],
    ["probability", batch.probability.length],
    ["margin", batch.margin.length],
    ["band", batch.band.length],
    ["drivers", batch.drivers.length],
  ];
  for (const [name, length] of lengths) {
    if (length !== n) throw new Error(`batch length mismatch: ${name} has ${length} rows, customers ${n}`);
  }
  if (batch.contributions.length !== n * batch.sources.length) {
    throw new Error(
      `batch length mismatch: contributions has ${batch.contributions.length} values, expected ${n} × ${batch.sources.length}`,
    );
  }
  if (
    sources &&
    (sources.length !== batch.sources.length || sources.some((s, i) => s !== batch.sources[i]))
  ) {
    throw new Error(`sources differ from the first batch's: ${JSON.stringify(batch.sources)}`);
  }
}

/** Row indices of a batch sorted by inputRow (the identity when it already is). */
function inputOrder(inputRow: Int32Array): Int32Array {
  const order = new Int32Array(inputRow.length);
  let sorted = true;
  for (let i = 0; i < order.length; i++) {
    order[i] = i;
    if (i > 0 && inputRow[i] < inputRow[i - 1]) sorted = false;
  }
  if (!sorted) order.sort((a, b) => inputRow[a] - inputRow[b]);
  return order;
}
