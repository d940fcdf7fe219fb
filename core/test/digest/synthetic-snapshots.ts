/**
 * Published synthetic snapshots for digest tests and the digest bench: the seeded rows of
 * core/test/snapshot/synthetic-scored.ts, with customer IDs shared across seeds (so two snapshots
 * hold the same customers with different scores), optionally in reverse order or with some left out.
 */
import type { Manifest } from "../../src/snapshot/index.ts";
import { presetContract } from "../../src/data/dataset-presets.ts";
import { createSnapshotWriter } from "../../src/snapshot/index.ts";
import { SOURCES, syntheticBatches } from "../snapshot/synthetic-scored.ts";

export interface SyntheticSnapshot {
  seed: number;
  /** Creation time (ISO). */
  at: string;
  rows: number;
  /** The scoring model's hash in the manifest (default "synthetic"). */
  modelHash?: string;
  /** Customer IDs in reverse row order (the same customers, not aligned with another snapshot). */
  reverse?: boolean;
  /** Keep only these input rows. */
  keep?: (row: number) => boolean;
  sources?: readonly string[];
}

/** `C0000042`: the same customer in every seed. */
export const syntheticId = (row: number): string => `C${String(row).padStart(7, "0")}`;

/** Writes the snapshots into `dir` (a snapshot store) and returns their manifests, in order. */
export async function writeSyntheticSnapshots(
  dir: string,
  specs: readonly SyntheticSnapshot[],
): Promise<Manifest[]> {
  const manifests: Manifest[] = [];
  for (const spec of specs) {
    const writer = await createSnapshotWriter({
      dir,
      model: { name: "synthetic", hash: spec.modelHash ?? "synthetic" },
      dataHash: `seed-${spec.seed}`,
      clock: () => new Date(spec.at),
      // The simulator's customers: the snapshot records the `simulated` preset.
      contract: presetContract("simulated"),
    });
    for (const batch of syntheticBatches({
      rows: spec.rows,
      batchRows: 20_000,
      seed: spec.seed,
      sources: spec.sources ?? SOURCES,
      keep: spec.keep && ((r) => spec.keep!(r.inputRow)),
    })) {
      batch.customers.forEach((c, i) => {
        const row = batch.inputRow[i];
        c.customerID = syntheticId(spec.reverse ? spec.rows - 1 - row : row);
      });
      await writer.append(batch);
    }
    manifests.push(await writer.finish());
  }
  return manifests;
}
