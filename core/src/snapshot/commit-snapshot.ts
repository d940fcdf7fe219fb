import { join } from "node:path";
import { checkParts } from "./check-parts.ts";
import { idColumnOf, type CustomerLayout } from "./customer-layout.ts";
import type { Manifest } from "./manifest.ts";
import { mergeByInputRow } from "./merge-by-input-row.ts";
import { partName, type PartInfo } from "./part-writer.ts";
import { readScoredBatches } from "./read-scored-batches.ts";
import type { CustomerRecord, ScoredBatch } from "./scored-batch.ts";
import { shardOf } from "./shard-of.ts";
import type { Clock } from "./snapshot-id.ts";
import { createSnapshotWriter } from "./snapshot-writer.ts";

export interface CommitOptions {
  partsDir: string;
  snapshotsDir: string;
  clock: Clock;
  /** Rows per Arrow record batch of the snapshot (default 65 536, as `createSnapshotWriter`). */
  batchRows?: number;
}

/**
 * Publishes the snapshot made of all parts in `partsDir`, once every part `0 … N−1` is there and
 * they agree on N, model, data hash, customer columns (contract) and sources, each `.arrow`
 * matches its `.json`, and each row is in its own shard. Parts are merged by inputRow, so the snapshot is byte for byte the one a
 * single process would write with the same clock. Parts are left in place.
 *
 * @example
 * const manifest = await commitSnapshot({ partsDir: "data/parts/run-42", snapshotsDir: "data/snapshots", clock: () => new Date() });
 */
export async function commitSnapshot(options: CommitOptions): Promise<Manifest> {
  const parts = await checkParts(options.partsDir);
  const first = parts[0];
  const sources = parts.find((p) => p.rows > 0)?.sources ?? [];
  const customers: CustomerLayout = {
    contract: first.contract,
    columns: first.columns,
    dataset: first.dataset ?? null,
  };
  const writer = await createSnapshotWriter({
    customers,
    dir: options.snapshotsDir,
    model: first.model,
    dataHash: first.dataHash,
    clock: options.clock,
    sources,
    batchRows: options.batchRows,
  });
  try {
    for await (const batch of mergeByInputRow(parts.map((p) => shardRows(options.partsDir, p)))) {
      await writer.append(batch);
    }
  } catch (err) {
    await writer.abort();
    throw err;
  }
  return writer.finish();
}

/**
 * A part's rows, checking that each belongs to the part's shard and that the file holds the
 * columns its json says.
 */
async function* shardRows(partsDir: string, part: PartInfo): AsyncGenerator<ScoredBatch> {
  let rows = 0;
  const path = join(partsDir, part.file.name);
  const idColumn = idColumnOf(part);
  for await (const batch of readScoredBatches<CustomerRecord>(path, part)) {
    for (const c of batch.customers) {
      const id = c[idColumn] as string;
      const shard = shardOf(id, part.of);
      if (shard !== part.shard) {
        throw new Error(
          `customer ${JSON.stringify(id)} in ${partName(part.shard, part.of)} belongs to shard ${shard}`,
        );
      }
    }
    rows += batch.customers.length;
    yield batch;
  }
  if (rows !== part.rows)
    throw new Error(`part ${partName(part.shard, part.of)} has ${rows} rows, its json says ${part.rows}`);
}
