/**
 * The banner every page shows: which data set and contract the numbers come from, which columns
 * are simulated, whether outcomes are known, and the snapshot and model behind them. All of it is
 * read from the snapshot (its recorded contract, its status column and its manifest).
 */
import { op } from "arquero";
import { featureDisplayLabel, isSimulatedColumn, type Snapshot } from "engagetrack";

export interface BannerData {
  dataset: { name: string; description: string | null; idColumn: string; labelColumn: string | null };
  /** Every value simulated (the demo's `simulated` preset), or the simulated columns' labels. */
  simulated: { all: boolean; columns: string[] };
  /** Customers by status: labelled = churned + retained (history with a known outcome). */
  outcomes: { labelled: number; churned: number; retained: number; current: number };
  snapshot: { id: string; createdAt: string; customers: number };
  model: { name: string; hash: string };
}

/** Customers per status (current, churned, retained) of a snapshot's table. */
export function statusCounts(snapshot: Pick<Snapshot, "table">): BannerData["outcomes"] {
  const counts = { current: 0, churned: 0, retained: 0 };
  for (const r of snapshot.table.groupby("status").rollup({ n: op.count() }).objects() as {
    status: keyof typeof counts;
    n: number;
  }[])
    counts[r.status] = r.n;
  return { labelled: counts.churned + counts.retained, ...counts };
}

/**
 * @example
 * bannerData(snapshot).outcomes.labelled; // 1050 (0: "no outcomes yet")
 */
export function bannerData(snapshot: Pick<Snapshot, "table" | "manifest" | "dataset" | "size">): BannerData {
  const contract = snapshot.dataset;
  const m = snapshot.manifest;
  const columns = [
    ...contract.features.map((f) => ({ column: f.column, label: featureDisplayLabel(f) })),
    ...(contract.experiment
      ? [{ column: contract.experiment.column, label: contract.experiment.column }]
      : []),
    ...(contract.simulate?.columns ?? [])
      .filter((c) => !contract.features.some((f) => f.column === c))
      .map((c) => ({ column: c, label: c })),
  ];
  return {
    dataset: {
      name: contract.name,
      description: contract.description ?? null,
      idColumn: contract.id.column,
      labelColumn: contract.label?.column ?? null,
    },
    simulated: {
      all: contract.simulated === true,
      columns: columns.filter((c) => isSimulatedColumn(contract, c.column)).map((c) => c.label),
    },
    outcomes: statusCounts(snapshot),
    snapshot: { id: m.id, createdAt: m.createdAt, customers: snapshot.size },
    model: { name: m.model.name, hash: m.model.hash },
  };
}
