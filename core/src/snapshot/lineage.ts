import type { Manifest } from "./manifest.ts";

/**
 * What makes two snapshots comparable on one trend line: the same data set (contract name; null
 * for the legacy layout), the same model lineage (model name: a retrained `demo` stays `demo`)
 * and the same definition of the band counts (version 1 manifests counted churned customers).
 *
 * @example
 * lineageKey(manifest); // '["accounts","accounts",2]'
 */
export function lineageKey(manifest: Pick<Manifest, "contract" | "model" | "schemaVersion">): string {
  return JSON.stringify([
    manifest.contract?.name ?? null,
    manifest.model.name,
    manifest.schemaVersion === 1 ? 1 : 2,
  ]);
}

/** The manifests of `current`'s lineage (order kept), and how many others were left out. */
export function sameLineage<M extends Pick<Manifest, "contract" | "model" | "schemaVersion">>(
  manifests: readonly M[],
  current: M,
): { manifests: M[]; leftOut: number } {
  const key = lineageKey(current);
  const kept = manifests.filter((m) => lineageKey(m) === key);
  return { manifests: kept, leftOut: manifests.length - kept.length };
}
