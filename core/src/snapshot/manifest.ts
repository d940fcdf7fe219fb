import { z } from "zod";

/** What a snapshot is, in `manifest.json` beside its `customers.arrow`. */
export interface Manifest {
  schemaVersion: number;
  /** Sortable by time: `2026-11-21T13-15-00Z-1a2b3c4d` (creation time, then 8 hex of the file's SHA-256). */
  id: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  model: { name: string; hash: string };
  /** Hash of the scored input data. */
  dataHash: string;
  rows: number;
  bands: { Low: number; Medium: number; High: number };
  /** Grouped-SHAP source columns, in file order (`shap_<source>` columns). */
  sources: string[];
  file: { name: string; bytes: number; sha256: string };
}

const count = z.number().int().nonnegative();

/** The manifest schema: readers validate `manifest.json` with it before trusting a snapshot. */
export const manifestSchema = z.object({
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
}) satisfies z.ZodType<Manifest>;

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
