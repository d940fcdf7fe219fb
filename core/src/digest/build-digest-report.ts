import type { ColumnTable } from "arquero";
import { riskBins } from "../charts/risk-distribution.ts";
import { analyzeExperiment } from "../experiments/analyze-experiment.ts";
import type { Experiment } from "../experiments/experiment-config.ts";
import { verdict } from "../experiments/verdict.ts";
import { describeValue } from "../explain/describe-value.ts";
import { defaultEncoderSpec } from "../features/encoder-spec.ts";
import type { Manifest } from "../snapshot/manifest.ts";
import type { Driver, RiskBand } from "../snapshot/scored-batch.ts";
import { digestChanges } from "./digest-changes.ts";
import type { AtRiskCustomer, BandLine, DigestLink, DigestReport, NewHighRisk } from "./digest-report.ts";
import { driverShifts, periodImportance } from "./driver-shifts.ts";
import { modelHealth } from "./model-health.ts";
import type { ReferenceProfile } from "./reference-profile.ts";

/** A snapshot as the digest reads it (a loaded `Snapshot` is one). */
export interface DigestSnapshot {
  manifest: Manifest;
  table: ColumnTable;
}

/** What a destination received last, as the ledger keeps it. */
export interface DigestBaseline {
  snapshotId: string;
  slot: string;
  bands: Record<RiskBand, number>;
}

export interface DigestInput {
  schedule: string;
  /** ISO 8601 UTC. */
  slot: string;
  current: DigestSnapshot;
  /** The destination's previous digest; omitted for its first. */
  baseline?: DigestBaseline;
  /** The baseline's snapshot, when it can still be opened. */
  previous?: DigestSnapshot;
  /** The model's reference profile (training data); drift is skipped without one. */
  reference?: ReferenceProfile;
  /** Why there is no reference (shown in the digest). */
  referenceNote?: string;
  /** The experiment whose status line the digest carries. */
  experiment?: Experiment;
  /** Source column → human label; default the standard encoder's labels. */
  labels?: Readonly<Record<string, string>>;
  /** Customers listed as newly high-risk and as movers (default 5). */
  topN?: number;
  /** Base URL of the notebooks site's host (`https://engage.example.com`); no links without it. */
  notebookBaseUrl?: string;
}

const BANDS: readonly RiskBand[] = ["High", "Medium", "Low"];
const DEFAULT_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  defaultEncoderSpec().sources.map((s) => [s.column, s.label]),
);

/** The notebook pages a digest links to, under `<base>/notebooks/`. */
export const DIGEST_PAGES: readonly { label: string; path: string }[] = [
  { label: "Churn overview", path: "" },
  { label: "User insights", path: "customers" },
  { label: "Segments and personas", path: "segments" },
  { label: "Model quality", path: "model" },
  { label: "Experiments", path: "experiments" },
];

/**
 * Builds one destination's digest: band counts with the change since its previous digest, newly
 * high-risk customers by revenue at risk with their main driver, the biggest movers, the top
 * drivers and their shift, the experiment's status, model health (drift against the training data,
 * calibration when labels exist), the risk-distribution chart's data and notebook links. Pure:
 * snapshots, profile and experiment come in as arguments.
 *
 * @example
 * const report = buildDigestReport({ schedule: "weekly", slot: "2026-07-06T07:00:00Z", current: now,
 *   baseline: { snapshotId: before.manifest.id, slot: "2026-06-29T07:00:00Z", bands: before.manifest.bands },
 *   previous: before, reference, experiment });
 * report.bands[0]; // { band: "High", customers: 1121, share: 0.159, previous: 1088, change: 33 }
 */
export function buildDigestReport(input: DigestInput): DigestReport {
  const { current, baseline } = input;
  const topN = input.topN ?? 5;
  const labels = { ...DEFAULT_LABELS, ...input.labels };
  const id = current.manifest.id;
  const same = baseline?.snapshotId === id;
  const previous = same
    ? current
    : baseline && input.previous?.manifest.id === baseline.snapshotId
      ? input.previous
      : undefined;

  const counts = current.manifest.bands;
  const total = current.manifest.rows;
  const bands: BandLine[] = BANDS.map((band) => ({
    band,
    customers: counts[band],
    share: total > 0 ? counts[band] / total : 0,
    previous: baseline ? baseline.bands[band] : null,
    change: baseline ? counts[band] - baseline.bands[band] : null,
  }));

  let newHighRisk: NewHighRisk;
  let movers: DigestReport["movers"] = [];
  let customers: DigestReport["customers"] = same ? { common: total, added: 0, removed: 0 } : null;
  if (same) {
    newHighRisk = { basis: "same-snapshot", count: 0, revenueAtRisk: 0, customers: [] };
  } else {
    const changes = digestChanges(current.table, previous?.table, topN);
    movers = changes.movers;
    customers = changes.customers;
    newHighRisk = {
      basis: previous ? "since-previous" : baseline ? "previous-missing" : "first-digest",
      count: changes.newHigh.count,
      revenueAtRisk: changes.newHigh.revenueAtRisk,
      customers: changes.newHigh.top
        .map((r) => ({ ...r, mainDriver: mainDriver(current.table, r.row) }))
        .map(({ row: _row, ...customer }): AtRiskCustomer => customer),
    };
  }

  const importance = periodImportance(current.table, current.manifest.sources);
  const drivers = driverShifts(
    importance,
    previous ? (same ? importance : periodImportance(previous.table, previous.manifest.sources)) : undefined,
    labels,
  );

  let experiment: DigestReport["experiment"] = null;
  if (input.experiment) {
    const key = input.experiment.key;
    try {
      experiment = { key, line: verdict(analyzeExperiment(current.table, input.experiment)), ok: true };
    } catch (err) {
      experiment = { key, line: `cannot be analysed on this snapshot: ${(err as Error).message}`, ok: false };
    }
  }

  let reference = input.reference;
  let referenceNote = input.referenceNote ?? null;
  if (reference && reference.modelHash !== current.manifest.model.hash) {
    referenceNote = `the reference profile belongs to model ${reference.modelHash.slice(0, 12)}…, not this snapshot's ${current.manifest.model.hash.slice(0, 12)}…`;
    reference = undefined;
  }

  const base = input.notebookBaseUrl?.replace(/\/+$/, "");
  const links: DigestLink[] = base
    ? DIGEST_PAGES.map((p) => ({ label: p.label, url: `${base}/notebooks/${p.path}` }))
    : [];

  return {
    schedule: input.schedule,
    slot: input.slot,
    snapshot: { id, createdAt: current.manifest.createdAt, customers: total },
    model: { name: current.manifest.model.name, hash: current.manifest.model.hash },
    previous: baseline
      ? { snapshotId: baseline.snapshotId, slot: baseline.slot, available: previous !== undefined }
      : null,
    bands,
    newHighRisk,
    movers,
    customers,
    drivers,
    experiment,
    health: modelHealth(current.table, reference, referenceNote),
    chart: { name: "risk-distribution", bins: riskBins(current.table) },
    links,
  };
}

/** The driver that raises the customer's risk most, in words ("a month-to-month contract"). */
function mainDriver(table: ColumnTable, row: number): AtRiskCustomer["mainDriver"] {
  const list = (table.get("drivers", row) ?? []) as Iterable<Driver>;
  const names = new Set(table.columnNames());
  for (const d of list) {
    if (d.value > 0) {
      return {
        source: d.source,
        label: d.label,
        phrase: describeValue(d.source, names.has(d.source) ? table.get(d.source, row) : undefined),
        value: d.value,
      };
    }
  }
  return null;
}
