import type { CalibrationBin } from "../charts/calibration-curve.ts";
import type { RiskBin } from "../charts/risk-distribution.ts";
import type { RiskBand } from "../snapshot/scored-batch.ts";

/**
 * A scheduled churn digest, as plain data: Markdown, Slack blocks and Teams cards are rendered
 * from it at the edges (bot/digest), so every channel says the same thing. Built by
 * `buildDigestReport` from the newest snapshot and what the destination saw last.
 */
export interface DigestReport {
  /** The schedule's name in the digests config. */
  schedule: string;
  /** The slot this digest is for (ISO 8601 UTC, to the second). */
  slot: string;
  /**
   * `customers`: customers to act on (every customer but the churned, `Snapshot.summary()`);
   * `churned`: customers left out because they already churned (history).
   */
  snapshot: { id: string; createdAt: string; customers: number; churned: number };
  model: { name: string; hash: string };
  /** The data set the snapshot's customers come from, in its contract's terms. */
  dataset: DigestDataset;
  /**
   * Revenue at risk: `total` is `Snapshot.summary().revenueAtRisk` (Σ monthly revenue × calibrated
   * churn probability over customers to act on); `highBand` the same sum over the High band only.
   * Both null when the data has no revenue column.
   */
  revenueAtRisk: { total: number | null; highBand: number | null; currency: string | null };
  /** Customers whose outcome is known (churned or retained); 0: outcomes not known yet. */
  outcomesKnown: number;
  /** Churned customers (history): in this snapshot, and since the previous digest's snapshot. */
  history: { churned: number; churnedSincePrevious: number | null };
  /** The digest this destination received last; null for its first digest. */
  previous: DigestPrevious | null;
  /** High, Medium, Low: customers now and the change since the previous digest. */
  bands: BandLine[];
  /**
   * Who to call first: the five customers to act on most at risk (`Snapshot.topToAct`, the list the
   * bot, the Home tab and the notebooks show), whatever changed since the last digest.
   */
  callFirst: AtRiskCustomer[];
  /**
   * Customers snoozed by the team (write-back) passed over while the call-first list was filled;
   * undefined when the digest was built without the team's snoozes.
   */
  callFirstSnoozed?: number;
  /** Newly high-risk customers, most monthly revenue at risk first. */
  newHighRisk: NewHighRisk;
  /** Largest probability changes since the previous digest's snapshot (empty without one). */
  movers: DigestMover[];
  /** Customers in both snapshots, new since, and gone since; null without the previous snapshot. */
  customers: { common: number; added: number; removed: number } | null;
  /** Top drivers this period (mean |SHAP| per source over customers to act on) and how they shifted. */
  drivers: DriverShift[];
  /** Customers to act on per value of each of the contract's segment columns. */
  segments: SegmentBreakdown[];
  /**
   * The experiment's status line; null when the data set's contract declares no experiment. `ok`
   * is false when it cannot be analysed (outcomes not known yet, no configuration, wrong columns).
   */
  experiment: { key: string; line: string; ok: boolean } | null;
  health: ModelHealth;
  /** The digest's chart: the risk distribution of the newest snapshot's customers to act on. */
  chart: { name: "risk-distribution"; bins: RiskBin[] };
  /** Notebook pages with more detail. */
  links: DigestLink[];
}

/** What the destination saw last: the basis of every "change since" in the digest. */
/** Which data set a digest speaks about, and what in it is simulated. */
export interface DigestDataset {
  /** The contract's name ("accounts", "simulated"). */
  name: string;
  description: string | null;
  /** The id column (its values identify customers in every list). */
  idColumn: string;
  /** The whole table is made by the simulator (the demo). */
  simulated: boolean;
  /** Labels of simulated columns the digest reports on (drivers, main drivers, segments, drift). */
  simulatedColumns: string[];
}

/** Customers to act on per value of one segment column, the most revenue at risk first. */
export interface SegmentBreakdown {
  column: string;
  label: string;
  /** The values shown (at most `topN`). */
  rows: { value: string; customers: number; high: number; revenueAtRisk: number | null }[];
  /** Values not shown. */
  more: number;
}

export interface DigestPrevious {
  snapshotId: string;
  /** The slot of that digest. */
  slot: string;
  /** Whether that snapshot could still be opened (movers and newly high-risk need it). */
  available: boolean;
}

export interface BandLine {
  band: RiskBand;
  customers: number;
  /** Share of all customers (0–1). */
  share: number;
  /** Customers in the band at the previous digest; null for the first digest. */
  previous: number | null;
  /** customers − previous, or null. */
  change: number | null;
}

export interface NewHighRisk {
  /**
   * What "new" means here: `since-previous` — High now, not High (or absent) in the previous
   * digest's snapshot; `first-digest` / `previous-missing` — no snapshot to compare with, so the
   * list is every High-risk customer; `same-snapshot` — no new snapshot since the previous digest.
   */
  basis: "since-previous" | "first-digest" | "previous-missing" | "same-snapshot";
  /** How many customers qualify (the list is the first `topN`). */
  count: number;
  /** Their monthly revenue at risk in total (Σ monthly revenue × probability); null without revenue. */
  revenueAtRisk: number | null;
  customers: AtRiskCustomer[];
}

export interface AtRiskCustomer {
  /** The value of the contract's id column. */
  id: string;
  probability: number;
  previousProbability: number | null;
  previousBand: RiskBand | null;
  /** Null when the data has no revenue column (or the cell is blank). */
  monthlyRevenue: number | null;
  /** monthlyRevenue × probability; null without a revenue column. */
  revenueAtRisk: number | null;
  /** The driver that raises this customer's risk most, in the contract's words; null when none does. */
  mainDriver: { source: string; label: string; phrase: string; value: number; simulated: boolean } | null;
  /** What the team did last ("contacted 2 days ago by dana"), added by the bot from the shared store. */
  lastAction?: string;
}

/** A biggest mover among customers to act on. */
export interface DigestMover {
  /** The value of the contract's id column. */
  id: string;
  previousProbability: number;
  probability: number;
  /** probability − previousProbability */
  delta: number;
  previousBand: RiskBand;
  band: RiskBand;
}

export interface DriverShift {
  source: string;
  label: string;
  /** Mean |SHAP| this period, log-odds. */
  meanAbsShap: number;
  /** 1 = the strongest driver. */
  rank: number;
  /** In the previous digest's snapshot; null without one. */
  previousMeanAbsShap: number | null;
  previousRank: number | null;
  /** meanAbsShap − previousMeanAbsShap, or null. */
  change: number | null;
}

/** Distribution drift of one column between the reference data and the newest snapshot. */
export interface Drift {
  column: string;
  label: string;
  /** Population stability index. */
  psi: number;
  /** psi > threshold. */
  flagged: boolean;
}

export interface ModelHealth {
  /** PSI above which a column is flagged (0.2). */
  threshold: number;
  /** What the snapshot is compared with (the training data), or null with `note` saying why not. */
  reference: { origin: string; rows: number } | null;
  note: string | null;
  /** Drift of the churn score; null without a reference. */
  score: Drift | null;
  /** Drift of each model input present in the snapshot, largest PSI first. */
  inputs: Drift[];
  /** Labels of flagged columns (score first), in the order shown. */
  flagged: string[];
  /** Calibration on customers with a known outcome; null when the snapshot has none. */
  calibration: { customers: number; ece: number; bins: CalibrationBin[] } | null;
  /** Why calibration is not measured ("outcomes not known yet"), or null. */
  calibrationNote: string | null;
}

export interface DigestLink {
  label: string;
  url: string;
}
