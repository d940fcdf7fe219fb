import type { ColumnTable } from "arquero";
import { riskBins } from "../charts/risk-distribution.ts";
import {
  contractFeature,
  featureDisplayLabel,
  isSimulatedColumn,
  type DatasetContract,
} from "../data/dataset-contract.ts";
import { analyzeDeclaredExperiment } from "../experiments/analyze-experiment.ts";
import { declaredExperiment } from "../experiments/declared-experiment.ts";
import { isOutcomesUnknown } from "../experiments/experiment-error.ts";
import type { Experiment } from "../experiments/experiment-config.ts";
import { verdict } from "../experiments/verdict.ts";
import {
  analyzeExposedExperiment,
  populationWords,
  type Exposure,
} from "../experiments/exposed-population.ts";
import { formatContractValue } from "../explain/describe-contract-value.ts";
import { valueWords, type ValueWords } from "../explain/value-words.ts";
import { defaultEncoderSpec } from "../features/encoder-spec.ts";
import type { Manifest } from "../snapshot/manifest.ts";
import { revenueAtRiskOf, type RevenueSource, type RiskSummary } from "../snapshot/risk-summary.ts";
import type { Driver, RiskBand } from "../snapshot/scored-batch.ts";
import type { SegmentRisk } from "../snapshot/segment-risk.ts";
import { STATUS_COLUMN } from "../snapshot/snapshot-columns.ts";
import { columnValues } from "./column-values.ts";
import { digestChanges } from "./digest-changes.ts";
import type {
  AtRiskCustomer,
  BandLine,
  DigestLink,
  DigestReport,
  NewHighRisk,
  SegmentBreakdown,
} from "./digest-report.ts";
import { driverShifts, periodImportance } from "./driver-shifts.ts";
import { modelHealth } from "./model-health.ts";
import type { ReferenceProfile } from "./reference-profile.ts";

/**
 * A snapshot as the digest reads it (a loaded `Snapshot` is one): its customers to act on, the
 * one summary of their counts, bands and revenue at risk, and the dataset contract its words come
 * from.
 */
export interface DigestSnapshot {
  manifest: Manifest;
  /** Every customer, history included, with a `status` column. */
  table: ColumnTable;
  /** Customers to act on (every customer but the churned). */
  actionable: ColumnTable;
  idColumn: string;
  dataset: DatasetContract;
  revenue: RevenueSource;
  summary(): RiskSummary;
  segments(column: string): SegmentRisk[];
  /** Who to call first (see `Snapshot.topToAct`). */
  topToAct(limit: number): string[];
}

/** What a destination received last, as the ledger keeps it (`bands`: `summary().bands` then). */
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
  /**
   * The configured experiment (weights, alpha) the digest analyses — only when the data set's
   * contract declares an experiment, and the contract's key wins.
   */
  experiment?: Experiment;
  /** Source column → human label; default the contract's labels, then the standard encoder's. */
  labels?: Readonly<Record<string, string>>;
  /** Customers listed as newly high-risk and as movers, and values per segment (default 5). */
  topN?: number;
  /** Base URL of the notebooks site's host (`https://engage.example.com`); no links without it. */
  notebookBaseUrl?: string;
  /** Customers the team snoozed (write-back), left out of the call-first list until the snooze ends. */
  snoozed?: ReadonlySet<string>;
  /**
   * Recorded nudge exposures of the experiment: where there are any, the experiment line compares
   * exposed customers, by arm, from first exposure (`analyzeExposedExperiment`), and says so.
   */
  exposures?: readonly Exposure[];
}

const BANDS: readonly RiskBand[] = ["High", "Medium", "Low"];
const DEFAULT_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  defaultEncoderSpec().sources.map((s) => [s.column, s.label]),
);
/** Segment columns shown at most (a contract may declare many; channels have size limits). */
export const DIGEST_SEGMENTS_MAX = 6;

/** The notebook pages a digest links to, under `<base>/notebooks/`. */
export const DIGEST_PAGES: readonly { label: string; path: string }[] = [
  { label: "Churn overview", path: "" },
  { label: "User insights", path: "customers" },
  { label: "Segments", path: "segments" },
  { label: "Model quality", path: "model" },
  { label: "Experiments", path: "experiments" },
];

/**
 * Builds one destination's digest, on the definitions every surface uses: band counts, customers
 * and revenue at risk are the snapshot's `summary()` (customers to act on — every customer but the
 * churned), with the change since the destination's previous digest; newly high-risk customers by
 * revenue at risk with their main driver, the biggest movers and the customers churned since (as
 * history, never at risk); the top drivers and their shift; risk per segment of the contract; the
 * experiment's status when the contract declares one; model health (drift against the training
 * data, calibration when outcomes are known); the risk-distribution chart's data and notebook
 * links. Every id, label, value and currency comes from the snapshot's dataset contract. Pure:
 * snapshots, profile and experiment come in as arguments.
 *
 * @example
 * const report = buildDigestReport({ schedule: "weekly", slot: "2026-07-06T07:00:00Z", current: now,
 *   baseline: { snapshotId: before.manifest.id, slot: "2026-06-29T07:00:00Z", bands: before.summary().bands },
 *   previous: before, reference, experiment });
 * report.bands[0]; // { band: "High", customers: 1121, share: 0.159, previous: 1088, change: 33 }
 */
export function buildDigestReport(input: DigestInput): DigestReport {
  const { current, baseline } = input;
  const topN = input.topN ?? 5;
  const dataset = current.dataset;
  const words = valueWords(dataset);
  const labels = { ...DEFAULT_LABELS, ...contractLabels(dataset), ...input.labels };
  const id = current.manifest.id;
  const same = baseline?.snapshotId === id;
  const previous = same
    ? current
    : baseline && input.previous?.manifest.id === baseline.snapshotId
      ? input.previous
      : undefined;

  const summary = current.summary();
  const total = summary.customers;
  const bands: BandLine[] = BANDS.map((band) => ({
    band,
    customers: summary.bands[band],
    share: total > 0 ? summary.bands[band] / total : 0,
    previous: baseline ? baseline.bands[band] : null,
    change: baseline ? summary.bands[band] - baseline.bands[band] : null,
  }));

  const revenueColumn = current.revenue.column;
  const highBand =
    revenueColumn === null
      ? null
      : revenueAtRiskOf(
          current.actionable
            .params({ high: "High" })
            .filter((d: { band: string }, $: { high: string }) => d.band === $.high),
          revenueColumn,
        );

  let newHighRisk: NewHighRisk;
  let movers: DigestReport["movers"] = [];
  let customers: DigestReport["customers"] = same ? { common: total, added: 0, removed: 0 } : null;
  let churnedSincePrevious: number | null = same ? 0 : null;
  if (same) {
    newHighRisk = {
      basis: "same-snapshot",
      count: 0,
      revenueAtRisk: revenueColumn === null ? null : 0,
      customers: [],
    };
  } else {
    const changes = digestChanges(current.table, previous?.table, topN, {
      idColumn: current.idColumn,
      revenueColumn,
    });
    movers = changes.movers;
    customers = changes.customers;
    churnedSincePrevious = changes.churnedSince;
    newHighRisk = {
      basis: previous ? "since-previous" : baseline ? "previous-missing" : "first-digest",
      count: changes.newHigh.count,
      revenueAtRisk: changes.newHigh.revenueAtRisk,
      customers: changes.newHigh.top.map(({ row, ...customer }): AtRiskCustomer => ({
        ...customer,
        mainDriver: mainDriver(current.table, row, dataset, words),
      })),
    };
  }

  const importance = periodImportance(current.actionable, current.manifest.sources);
  const drivers = driverShifts(
    importance,
    previous
      ? same
        ? importance
        : periodImportance(previous.actionable, previous.manifest.sources)
      : undefined,
    labels,
  );

  const outcomesKnown = knownOutcomes(current.table);
  const experiment = experimentLine(input, dataset, outcomesKnown);

  let reference = input.reference;
  let referenceNote = input.referenceNote ?? null;
  if (reference && reference.modelHash !== current.manifest.model.hash) {
    referenceNote = `the reference profile belongs to model ${reference.modelHash.slice(0, 12)}…, not this snapshot's ${current.manifest.model.hash.slice(0, 12)}…`;
    reference = undefined;
  }
  // Drift over every scored customer, history included: leaving the churned out would shift the
  // score's distribution away from the training data's by itself (they are its high scores).
  const health = modelHealth(current.table, reference, referenceNote);
  const segments = segmentBreakdowns(current, topN);

  const reported = [
    ...drivers.map((d) => d.source),
    ...newHighRisk.customers.flatMap((c) => (c.mainDriver ? [c.mainDriver.source] : [])),
    ...segments.map((s) => s.column),
    ...health.inputs.map((d) => d.column),
  ];
  const simulatedColumns = [...new Set(reported)]
    .filter((c) => !dataset.simulated && isSimulatedColumn(dataset, c))
    .map((c) => labels[c] ?? c);

  const base = input.notebookBaseUrl?.replace(/\/+$/, "");
  const links: DigestLink[] = base
    ? DIGEST_PAGES.map((p) => ({ label: p.label, url: `${base}/notebooks/${p.path}` }))
    : [];

  return {
    schedule: input.schedule,
    slot: input.slot,
    snapshot: { id, createdAt: current.manifest.createdAt, customers: total, churned: summary.churned },
    model: { name: current.manifest.model.name, hash: current.manifest.model.hash },
    dataset: {
      name: dataset.name,
      description: dataset.description ?? null,
      idColumn: current.idColumn,
      simulated: dataset.simulated === true,
      simulatedColumns,
    },
    revenueAtRisk: { total: summary.revenueAtRisk, highBand, currency: summary.currency },
    outcomesKnown,
    history: { churned: summary.churned, churnedSincePrevious },
    previous: baseline
      ? { snapshotId: baseline.snapshotId, slot: baseline.slot, available: previous !== undefined }
      : null,
    bands,
    ...callFirstOf(current, previous, dataset, words, input.snoozed),
    newHighRisk,
    movers,
    customers,
    drivers,
    segments,
    experiment,
    health,
    chart: { name: "risk-distribution", bins: riskBins(current.actionable) },
    links,
  };
}

/** Feature column → its display label in the contract ("Customer service calls"). */
function contractLabels(dataset: DatasetContract): Record<string, string> {
  return Object.fromEntries(dataset.features.map((f) => [f.column, featureDisplayLabel(f)]));
}

/** Customers with a known outcome (churned or retained). */
function knownOutcomes(table: ColumnTable): number {
  if (!table.columnNames().includes(STATUS_COLUMN)) return 0;
  const status = columnValues<string>(table, STATUS_COLUMN);
  let n = 0;
  for (let i = 0; i < status.length; i++) if (status[i] === "churned" || status[i] === "retained") n++;
  return n;
}

/**
 * The experiment's line: only for an experiment the data set's contract declares; without known
 * outcomes nothing about arms' churn is said.
 */
function experimentLine(
  input: DigestInput,
  dataset: DatasetContract,
  outcomesKnown: number,
): DigestReport["experiment"] {
  const declared = dataset.experiment;
  if (!declared) return null;
  const key = declared.key ?? input.experiment?.key ?? declared.column;
  if (outcomesKnown === 0) {
    return { key, line: "outcomes not known yet: no arm's churn can be measured", ok: false };
  }
  // The contract's declaration is the experiment (its arm column and arms); the configured entry
  // of the same key adds weights, metrics and alpha (see `declaredExperiment`).
  try {
    const resolved = declaredExperiment(dataset, { experiments: input.experiment ? [input.experiment] : [] });
    if (!resolved) return null;
    if (input.exposures?.length) {
      const report = analyzeExposedExperiment(input.current.table, resolved.experiment, input.exposures, {
        columns: resolved.columns,
        split: resolved.configured ? "configured" : "assumed-equal",
        snapshot: { id: input.current.manifest.id, createdAt: input.current.manifest.createdAt },
      });
      return { key, line: `${verdict(report)}; population: ${populationWords(report)}`, ok: true };
    }
    return { key, line: verdict(analyzeDeclaredExperiment(input.current.table, resolved)), ok: true };
  } catch (err) {
    if (isOutcomesUnknown(err)) return { key, line: (err as Error).message, ok: false };
    return { key, line: `cannot be analysed on this snapshot: ${(err as Error).message}`, ok: false };
  }
}

/** Risk of customers to act on per value of each contract segment column the snapshot holds. */
function segmentBreakdowns(current: DigestSnapshot, topN: number): SegmentBreakdown[] {
  const { dataset } = current;
  const names = new Set(current.table.columnNames());
  const hasRevenue = current.revenue.column !== null;
  return dataset.segments
    .filter((column) => names.has(column))
    .slice(0, DIGEST_SEGMENTS_MAX)
    .map((column) => {
      const f = contractFeature(dataset, column);
      const all = current
        .segments(column)
        .slice()
        .sort(
          (a, b) =>
            (hasRevenue ? b.revenueAtRisk - a.revenueAtRisk : 0) ||
            b.highRisk - a.highRisk ||
            b.customers - a.customers,
        );
      return {
        column,
        label: f ? featureDisplayLabel(f) : column,
        rows: all.slice(0, topN).map((s) => ({
          value:
            s.segment === null
              ? "missing"
              : f
                ? formatContractValue(dataset, f, s.segment)
                : String(s.segment),
          customers: s.customers,
          high: s.highRisk,
          revenueAtRisk: hasRevenue ? s.revenueAtRisk : null,
        })),
        more: Math.max(0, all.length - topN),
      };
    });
}

/** Customers on the call-first list: the snapshot's `topToAct`, with their previous risk and main driver. */
function callFirstOf(
  current: DigestSnapshot,
  previous: DigestSnapshot | undefined,
  dataset: DatasetContract,
  words: ValueWords,
  snoozed?: ReadonlySet<string>,
): { callFirst: AtRiskCustomer[]; callFirstSnoozed?: number } {
  // Snoozed customers are passed over: enough candidates for the list to stay five long.
  const candidates = current.topToAct(CALL_FIRST + (snoozed?.size ?? 0));
  const ids: string[] = [];
  let passed = 0;
  for (const id of candidates) {
    if (ids.length === CALL_FIRST) break;
    if (snoozed?.has(id)) passed++;
    else ids.push(id);
  }
  const rowsOf = (table: ColumnTable, idColumn: string): Map<string, number> => {
    const wanted = new Set(ids);
    const found = new Map<string, number>();
    const column = table.array(idColumn) as ArrayLike<string>;
    for (let row = 0; row < column.length && found.size < wanted.size; row++)
      if (wanted.has(column[row])) found.set(column[row], row);
    return found;
  };
  const now = rowsOf(current.table, current.idColumn);
  const before = previous ? rowsOf(previous.table, previous.idColumn) : new Map<string, number>();
  const revenue = current.revenue.column;
  const callFirst = ids.map((id) => {
    const row = now.get(id)!;
    const probability = current.table.get("probability", row) as number;
    const was = before.get(id);
    const monthlyRevenue =
      revenue === null ? null : ((current.table.get(revenue, row) as number | null) ?? null);
    return {
      id,
      probability,
      previousProbability: was === undefined ? null : (previous!.table.get("probability", was) as number),
      previousBand: was === undefined ? null : (previous!.table.get("band", was) as RiskBand),
      monthlyRevenue,
      revenueAtRisk: revenue === null ? null : (monthlyRevenue ?? 0) * probability,
      mainDriver: mainDriver(current.table, row, dataset, words),
    };
  });
  return snoozed ? { callFirst, callFirstSnoozed: passed } : { callFirst };
}

/** How many customers the call-first list shows. */
const CALL_FIRST = 5;

/** The driver that raises the customer's risk most, in the contract's words ("4 customer service calls"). */
function mainDriver(
  table: ColumnTable,
  row: number,
  dataset: DatasetContract,
  words: ValueWords,
): AtRiskCustomer["mainDriver"] {
  const list = (table.get("drivers", row) ?? []) as Iterable<Driver>;
  const names = new Set(table.columnNames());
  for (const d of list) {
    if (d.value > 0) {
      const f = contractFeature(dataset, d.source);
      return {
        source: d.source,
        label: f ? featureDisplayLabel(f) : d.label,
        phrase: words.describe(d.source, names.has(d.source) ? table.get(d.source, row) : undefined),
        value: d.value,
        simulated: isSimulatedColumn(dataset, d.source),
      };
    }
  }
  return null;
}
