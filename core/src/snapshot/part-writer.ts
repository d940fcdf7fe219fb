import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { DatasetContract } from "../data/dataset-contract.ts";
import {
  canonicalCustomerLayout,
  customerLayoutOf,
  customerLayoutShape,
  type SnapshotContract,
} from "./customer-layout.ts";
import type { ScoredBatch } from "./scored-batch.ts";
import { createScoredFileWriter } from "./scored-file-writer.ts";
import { shardOf } from "./shard-of.ts";
import { SNAPSHOT_SCHEMA_VERSION, type SnapshotColumn } from "./snapshot-columns.ts";
import { syncDir } from "./sync-dir.ts";

/** What a finished part is, in `part-<i>-of-<N>.json` beside `part-<i>-of-<N>.arrow`. */
export interface PartInfo {
  schemaVersion: number;
  shard: number;
  of: number;
  model: { name: string; hash: string };
  dataHash: string;
  rows: number;
  sources: string[];
  file: { name: string; bytes: number; sha256: string };
  /** As in the manifest: the contract (null: legacy layout) and the customer columns. */
  contract: SnapshotContract | null;
  columns: SnapshotColumn[];
  /** As in the manifest: the whole dataset contract, or null. */
  dataset?: DatasetContract | null;
}

const count = z.number().int().nonnegative();
export const partInfoSchema = z.object({
  schemaVersion: z.number().int().positive(),
  shard: count,
  of: z.number().int().positive(),
  model: z.object({ name: z.string(), hash: z.string() }),
  dataHash: z.string(),
  rows: count,
  sources: z.array(z.string()),
  file: z.object({
    name: z.string().regex(/^[^/\\]+$/),
    bytes: count,
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  ...customerLayoutShape,
}) satisfies z.ZodType<PartInfo>;

/**
 * Rows per record batch in a part file. Smaller than a snapshot's: the commit step holds one
 * decoded record batch per part while it merges, so this bounds its memory for many shards.
 */
export const PART_BATCH_ROWS = 8_192;

/** `part-2-of-7` */
export const partName = (shard: number, of: number): string => `part-${shard}-of-${of}`;
export const PART_JSON = /^part-(\d+)-of-(\d+)\.json$/;

export interface PartWriterOptions {
  partsDir: string;
  /** This part's shard index, 0 … of−1. */
  shard: number;
  /** Number of shards. */
  of: number;
  model: { name: string; hash: string };
  /** The input data's hash; a function when it is known only once every row is read (a database source). */
  dataHash: string | (() => string);
  /** The contract the customers come from; without one, the legacy Telco layout. */
  contract?: DatasetContract;
}

/** Writes one shard's part. Await each call before the next. */
export interface PartWriter {
  /** Appends scored rows of this shard (`shardOf(customerID, of) === shard`), in inputRow order. */
  append(batch: ScoredBatch): Promise<void>;
  /** Publishes the part: the `.arrow` file, then the `.json` that vouches for it. */
  finish(): Promise<PartInfo>;
  abort(): Promise<void>;
}

/**
 * Starts the part of one scoring shard. Both files are written under temporary dot-names and
 * renamed; the `.json` comes last and carries the `.arrow` file's size and SHA-256, so the commit
 * step trusts a part only when both are complete. Re-running a shard replaces its part.
 *
 * @example
 * const part = await createPartWriter({ partsDir, shard: 2, of: 7, model, dataHash });
 * for (const batch of myShardsBatches) await part.append(batch);
 * await part.finish(); // parts/part-2-of-7.arrow + parts/part-2-of-7.json
 */
export async function createPartWriter(options: PartWriterOptions): Promise<PartWriter> {
  const { partsDir, shard, of } = options;
  shardOf("", of); // validates `of`
  if (!Number.isInteger(shard) || shard < 0 || shard >= of)
    throw new Error(`invalid shard: ${shard} (of ${of})`);
  await mkdir(partsDir, { recursive: true });
  const name = partName(shard, of);
  const tmp = join(partsDir, `.tmp-${name}-${process.pid}-${randomBytes(4).toString("hex")}`);
  const customers = canonicalCustomerLayout(customerLayoutOf(options));
  const rows = await createScoredFileWriter(`${tmp}.arrow`, {
    customers,
    batchRows: PART_BATCH_ROWS,
    checkRow: (id) => {
      const belongs = shardOf(id, of);
      return belongs === shard
        ? undefined
        : `customer ${JSON.stringify(id)} belongs to shard ${belongs}, not ${shard}`;
    },
  });
  const abort = async (): Promise<void> => {
    await rows.abort();
    await rm(`${tmp}.json`, { force: true });
  };
  return {
    append: (batch) => rows.append(batch),
    async finish() {
      try {
        const summary = await rows.finish();
        const info: PartInfo = {
          schemaVersion: SNAPSHOT_SCHEMA_VERSION,
          shard,
          of,
          model: { name: options.model.name, hash: options.model.hash },
          dataHash: typeof options.dataHash === "function" ? options.dataHash() : options.dataHash,
          rows: summary.rows,
          sources: summary.sources,
          file: { name: `${name}.arrow`, bytes: summary.bytes, sha256: summary.sha256 },
          contract: customers.contract,
          columns: [...customers.columns],
          dataset: customers.dataset ?? null,
        };
        await rename(`${tmp}.arrow`, join(partsDir, `${name}.arrow`));
        await writeFile(`${tmp}.json`, `${JSON.stringify(info, null, 2)}\n`, { flush: true });
        await rename(`${tmp}.json`, join(partsDir, `${name}.json`));
        await syncDir(partsDir);
        return info;
      } catch (err) {
        await abort();
        throw err;
      }
    },
    abort,
  };
}
