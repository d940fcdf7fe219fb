import { z } from "zod";
import type { DatasetContract } from "../data/dataset-contract.ts";
import { customerLayoutShape, LEGACY_CUSTOMER_LAYOUT, type SnapshotContract } from "./customer-layout.ts";
import type { SnapshotColumn } from "./snapshot-columns.ts";

/** What a snapshot is, in `manifest.json` beside its `customers.arrow`. */
export interface Manifest {
  /** 2; a version-1 manifest (no contract, no columns) reads as the legacy layout. */
  schemaVersion: number;
  /** Sortable by time: `2026-11-21T13-15-00Z-1a2b3c4d` (creation time, then 8 hex of the file's SHA-256). */
  id: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  model: { name: string; hash: string };
  /** Hash of the scored input data. */
  dataHash: string;
  rows: number;
  /**
   * Customers to act on per risk band: every row but the churned ones (history), as
   * `Snapshot.summary().bands`. A version-1 manifest counted every row.
   */
  bands: { Low: number; Medium: number; High: number };
  /** Grouped-SHAP source columns, in file order (`shap_<source>` columns). */
  sources: string[];
  file: { name: string; bytes: number; sha256: string };
  /** The contract the customers come from (its name and role columns); null: the legacy Telco layout. */
  contract: SnapshotContract | null;
  /** The customer columns in file order (before status and the score columns): the layout's source. */
  columns: SnapshotColumn[];
  /** The whole dataset contract the customers come from (see `CustomerLayout.dataset`); null if not recorded. */
  dataset: DatasetContract | null;
}

const count = z.number().int().nonnegative();

const manifestFields = {
  schemaVersion: z.number().int().positive(),
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/),
  createdAt: z.iso.datetime(),
  model: z.object({ name: z.string(), hash: z.string() }),
  dataHash: z.string(),
  rows: count,
  bands: z.object({ Low: count, Medium: count, High: count }),
  sources: z.array(z.string()),
  file: z.object({
    name: z.string().regex(/^[^/\\]+$/),
    bytes: count,
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
};

/**
 * The manifest schema: readers validate `manifest.json` with it before trusting a snapshot. A
 * version-1 manifest (written before contracts) reads as the legacy layout: contract null, the
 * legacy columns.
 */
export const manifestSchema = z
  .object({
    ...manifestFields,
    contract: customerLayoutShape.contract.optional(),
    columns: customerLayoutShape.columns.optional(),
    dataset: customerLayoutShape.dataset,
  })
  .superRefine((m, ctx) => {
    if (m.schemaVersion < 2) return;
    for (const key of ["contract", "columns"] as const)
      if (m[key] === undefined)
        ctx.addIssue({ code: "custom", path: [key], message: "required from schema version 2" });
  })
  .transform(({ contract, columns, dataset, ...m }): Manifest => ({
    ...m,
    dataset: dataset ?? null,
    contract: contract ?? null,
    columns: columns ?? LEGACY_CUSTOMER_LAYOUT.columns.map((c) => structuredClone(c) as SnapshotColumn),
  })) satisfies z.ZodType<Manifest>;

/** Parses manifest JSON text; the error names the file and the first bad field. */
export function parseManifest(text: string, where: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`invalid manifest: ${where} is not JSON`, { cause: err });
  }
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`invalid manifest: ${where} (${issue.path.join(".") || "root"}: ${issue.message})`);
  }
  return result.data;
}
