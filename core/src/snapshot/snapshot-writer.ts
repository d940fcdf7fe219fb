import { CodedError } from "../errors/index.ts";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DatasetContract } from "../data/dataset-contract.ts";
import { canonicalCustomerLayout, customerLayoutOf, type CustomerLayout } from "./customer-layout.ts";
import type { Manifest } from "./manifest.ts";
import type { ScoredBatch } from "./scored-batch.ts";
import {
  DEFAULT_STALE_TEMP_MS,
  removeStaleTemps,
  SNAPSHOT_TEMP_PREFIX,
  type StaleTemp,
} from "./remove-stale-temps.ts";
import { createScoredFileWriter } from "./scored-file-writer.ts";
import { SNAPSHOT_SCHEMA_VERSION } from "./snapshot-columns.ts";
import { checkSnapshotId, snapshotId, type Clock } from "./snapshot-id.ts";
import { syncDir } from "./sync-dir.ts";

/** The columnar file and the manifest inside a snapshot directory. */
export const CUSTOMERS_FILE = "customers.arrow";
export const MANIFEST_FILE = "manifest.json";

export interface SnapshotWriterOptions {
  /** The snapshots directory; the snapshot becomes `<dir>/<id>/`. Created if missing. */
  dir: string;
  /** Fixed ID; by default the creation time and the content hash (see `snapshotId`). */
  id?: string;
  model: { name: string; hash: string };
  /** The input data's hash; a function when it is known only once every row is read (a database source). */
  dataHash: string | (() => string);
  clock: Clock;
  /** SHAP sources when known before the first batch (otherwise the first batch's). */
  sources?: readonly string[];
  /** Rows per Arrow record batch (default 65 536); equal content gives equal bytes only at equal sizes. */
  batchRows?: number;
  /** Temporary directories of other writers untouched this long are removed (ms; default 1 h). */
  staleTempMs?: number;
  /**
   * Told of each stale temporary directory removed (or that could not be); default one line on
   * stderr: `engagetrack: removed stale snapshot temp folder … (untouched 2.0 h)`.
   */
  onStaleTemp?: (temp: StaleTemp) => void;
  /**
   * The contract the customers come from: the snapshot's customer columns are the contract's
   * (`snapshotColumnsFromContract`). Without it (and without `customers`), the legacy Telco layout.
   */
  contract?: DatasetContract;
  /** The customer columns as a manifest or part records them (instead of `contract`: re-writing, merging). */
  customers?: CustomerLayout;
}

/** Writes one snapshot. Await each call before the next; `finish` publishes it. */
export interface SnapshotWriter {
  /** Appends scored rows; rows must come in increasing inputRow order across calls. */
  append(batch: ScoredBatch): Promise<void>;
  /** Writes the manifest and renames the snapshot into place: readers see all of it or nothing. */
  finish(): Promise<Manifest>;
  /** Gives up: removes the temporary directory. */
  abort(): Promise<void>;
}

/**
 * Starts a snapshot in a temporary dot-directory of `dir` (readers ignore dot-directories, so a
 * crash leaves nothing visible; such leftovers untouched for `staleTempMs`, default an hour, are
 * removed when a writer starts and again when it publishes, and reported through `onStaleTemp`). Rows are streamed to an Arrow IPC file in record batches of 64k
 * rows, so memory does not grow with the number of rows (beyond the set of customer IDs).
 *
 * @example
 * const writer = await createSnapshotWriter({ dir: "data/snapshots", model, dataHash, clock: () => new Date() });
 * for (const batch of batches) await writer.append(batch);
 * const manifest = await writer.finish(); // data/snapshots/2026-11-21T13-15-00Z-1a2b3c4d/
 */
export async function createSnapshotWriter(options: SnapshotWriterOptions): Promise<SnapshotWriter> {
  if (options.id !== undefined) checkSnapshotId(options.id);
  const customers = canonicalCustomerLayout(customerLayoutOf(options));
  await mkdir(options.dir, { recursive: true });
  const tmp = join(options.dir, `${SNAPSHOT_TEMP_PREFIX}${process.pid}-${randomBytes(4).toString("hex")}`);
  await mkdir(tmp);
  // Before writing (frees the space) and again after publishing (a writer may have died meanwhile).
  const sweep = (own: string) => sweepStaleTemps(options, own);
  await sweep(tmp);
  let rows;
  try {
    rows = await createScoredFileWriter(join(tmp, CUSTOMERS_FILE), {
      customers,
      sources: options.sources,
      batchRows: options.batchRows,
    });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  const abort = async (): Promise<void> => {
    await rows.abort();
    await rm(tmp, { recursive: true, force: true });
  };
  return {
    append: (batch) => rows.append(batch),
    async finish() {
      try {
        const summary = await rows.finish();
        const created = options.clock();
        const id = options.id ?? snapshotId(created, summary.sha256);
        const manifest: Manifest = {
          schemaVersion: SNAPSHOT_SCHEMA_VERSION,
          id,
          createdAt: created.toISOString(),
          model: { name: options.model.name, hash: options.model.hash },
          dataHash: typeof options.dataHash === "function" ? options.dataHash() : options.dataHash,
          rows: summary.rows,
          bands: summary.bands,
          sources: summary.sources,
          file: { name: CUSTOMERS_FILE, bytes: summary.bytes, sha256: summary.sha256 },
          contract: customers.contract,
          columns: [...customers.columns],
          dataset: customers.dataset ?? null,
        };
        await writeFile(join(tmp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { flush: true });
        const target = join(options.dir, id);
        if (!(await publish(tmp, target))) {
          // The ID is taken. The same customers scored by the same model from the same data in the
          // same second (two runs in a row) make the same snapshot: that one is the answer.
          const existing = await readPublishedManifest(target);
          if (options.id === undefined && existing && sameSnapshot(existing, manifest)) {
            await rm(tmp, { recursive: true, force: true });
            return existing;
          }
          throw new SnapshotExistsError(id, options.dir, options.id === undefined);
        }
        await syncDir(options.dir);
        // Its manifest was just written: the published directory's time is the filesystem's now.
        await sweep(join(options.dir, id));
        return manifest;
      } catch (err) {
        await abort();
        throw err;
      }
    },
    abort,
  };
}

/**
 * Removes other writers' temporary directories untouched for `staleTempMs` and reports each. Best
 * effort: a failed clean-up never fails a publish.
 */
async function sweepStaleTemps(options: SnapshotWriterOptions, own: string): Promise<void> {
  const report = options.onStaleTemp ?? reportStaleTemp;
  let swept: StaleTemp[];
  try {
    swept = await removeStaleTemps(options.dir, own, options.staleTempMs ?? DEFAULT_STALE_TEMP_MS);
  } catch (err) {
    swept = [{ name: options.dir, untouchedMs: 0, error: (err as Error).message }];
  }
  for (const temp of swept) report(temp);
}

function reportStaleTemp(temp: StaleTemp): void {
  const hours = (temp.untouchedMs / 3600_000).toFixed(1);
  process.stderr.write(
    temp.error === undefined
      ? `engagetrack: removed stale snapshot temp folder ${temp.name} (untouched ${hours} h)\n`
      : `engagetrack: could not remove stale snapshot temp folder ${temp.name}: ${temp.error}\n`,
  );
}

/**
 * Renames the finished directory into place; never replaces an existing snapshot. False when the
 * ID is taken.
 */
async function publish(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOTEMPTY" || code === "EEXIST") return false;
    throw err;
  }
}

async function readPublishedManifest(dir: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(join(dir, MANIFEST_FILE), "utf8")) as Manifest;
  } catch {
    return null;
  }
}

/** Equal in everything but the creation time's milliseconds (the ID already holds its second). */
function sameSnapshot(a: Manifest, b: Manifest): boolean {
  const rest = (m: Manifest) => JSON.stringify({ ...m, createdAt: m.createdAt.slice(0, 19) });
  return rest(a) === rest(b);
}

/** A snapshot with the ID being published exists already (and is not the same snapshot). */
export class SnapshotExistsError extends CodedError<"snapshot-exists"> {
  constructor(
    readonly id: string,
    readonly dir: string,
    generated: boolean,
  ) {
    super(
      "snapshot-exists",
      generated
        ? `snapshot already exists: ${id} in ${dir} holds a different snapshot published in the same second; run again`
        : `snapshot already exists: ${id} in ${dir}; choose another snapshot id`,
    );
    this.name = "SnapshotExistsError";
  }
}
