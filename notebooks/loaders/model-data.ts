/**
 * The Model page's data. What can be said depends on whether the snapshot knows outcomes:
 * - always (label-free): the model card's facts, the distribution of calibrated probabilities
 *   (a fine histogram with Σ probability per bin, so the page shows expected counts "from the
 *   model's probabilities"), drift of the score and of every input against the model's training
 *   reference profile (`reference.json`), global importance and SHAP dependence;
 * - only with customers whose outcome is known (history: churned or retained): measured metrics,
 *   outcome counts per bin (ROC, precision–recall, the confusion matrix), calibration bins, and the
 *   card's held-out metrics. Without any, `measured` is null and `reason` says why.
 * Size is fixed by the bin count and sample sizes, not by the number of customers.
 */
import {
  dependence,
  featureDisplayLabel,
  type ChurnModel,
  type Dependence,
  type ModelCard,
  type ReferenceProfile,
  type Snapshot,
} from "engagetrack";
import {
  calibrationBins,
  importanceBars,
  riskBins,
  type CalibrationBin,
  type ImportanceBar,
  type RiskBin,
} from "engagetrack/charts";
import { modelHealth } from "engagetrack/digest";
import { DEFAULT_RETENTION_COSTS, evaluateProbabilities, type ProbabilityMetrics } from "engagetrack/model";

/** Probability bins of the histogram: bin i holds p in [i/BINS, (i+1)/BINS) (the last one includes 1). */
export const PROBABILITY_BINS = 1000;

export interface ModelData {
  snapshot: { id: string; createdAt: string; rows: number };
  card: {
    name: string;
    kind: ModelCard["kind"];
    libraryVersion: string;
    hash: string;
    features: number;
    sources: number;
    trainingRows: number | null;
    trainingDataSha256: string | null;
    seed: number | null;
    trainingTimeSeconds: number | null;
    parameters: Record<string, unknown>;
    calibration: string;
    thresholds: ModelCard["thresholds"];
  };
  /** Customers by outcome: labelled = churned + retained (history); current ones have none yet. */
  outcomes: { labelled: number; churned: number; current: number };
  /** Calibrated probabilities of every scored customer: per bin, customers and Σ probability. */
  histogram: { bins: number; n: number[]; sumProbability: number[] };
  /** The score distribution (5-point bins by band), every scored customer. */
  riskBins: RiskBin[];
  /** Expected churners among all scored customers: Σ probability ("expected, from the model's probabilities"). */
  expectedChurners: number;
  /** Measured on customers with a known outcome; null without one (`reason` says why). */
  measured: {
    /** Over the labelled customers of this snapshot: training history included when it scored it. */
    metrics: ProbabilityMetrics;
    /** Per histogram bin: labelled and churned customers. */
    labelled: number[];
    churned: number[];
    calibration: CalibrationBin[];
    /** The card's metrics (held-out labelled rows when trained here). */
    card: Record<string, unknown>;
    /** True when the model was trained on labelled customers this snapshot also holds. */
    includesTraining: boolean;
  } | null;
  reason: string | null;
  /** Population stability of the score and each input against the training reference (label-free). */
  drift: {
    reference: { origin: string; rows: number } | null;
    note: string | null;
    threshold: number;
    score: { label: string; psi: number; flagged: boolean } | null;
    inputs: { column: string; label: string; psi: number; flagged: boolean }[];
  };
  importance: ImportanceBar[];
  /** Dependence samples of the most important sources, most important first. */
  dependence: (Dependence & { label: string })[];
  /** Defaults of the cost inputs, in the contract's currency. */
  costs: { offerCost: number; customerValue: number; saveRate: number; currency: string };
}

export interface ModelDataOptions {
  offerCost?: number;
  customerValue?: number;
  /** The model's training reference profile (`readReferenceProfile(modelDir)`); drift needs it. */
  reference?: ReferenceProfile;
  /** Sources with dependence data (default 8) and points per numeric source (default 1500). */
  dependenceSources?: number;
  dependencePoints?: number;
}

export function modelData(snapshot: Snapshot, model: ChurnModel, options: ModelDataOptions = {}): ModelData {
  const card = model.card;
  const t = snapshot.table;
  const p = t.array("probability") as ArrayLike<number>;
  const status = t.array("status") as ArrayLike<string>;
  const n = new Array<number>(PROBABILITY_BINS).fill(0);
  const labelled = new Array<number>(PROBABILITY_BINS).fill(0);
  const churned = new Array<number>(PROBABILITY_BINS).fill(0);
  const sumProbability = new Array<number>(PROBABILITY_BINS).fill(0);
  const labels: number[] = [];
  const labelledP: number[] = [];
  let expectedChurners = 0;
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(PROBABILITY_BINS - 1, Math.floor(p[i] * PROBABILITY_BINS));
    n[b]++;
    sumProbability[b] += p[i];
    expectedChurners += p[i];
    const s = status[i];
    if (s === "churned" || s === "retained") {
      labelled[b]++;
      labels.push(s === "churned" ? 1 : 0);
      labelledP.push(p[i]);
      if (s === "churned") churned[b]++;
    }
  }
  const churnedCount = labels.reduce((a, y) => a + y, 0);
  const importance = snapshot.importance();
  // The contract's labels ("Customer service calls"), not column names.
  const bars = importanceBars(
    importance,
    Object.fromEntries(snapshot.dataset.features.map((f) => [f.column, featureDisplayLabel(f)])),
  );
  const top = importance.slice(0, options.dependenceSources ?? 8);
  const health = modelHealth(t, options.reference);
  const reason =
    labels.length > 0
      ? null
      : `no customer in snapshot ${snapshot.manifest.id} has a known outcome (every one is current: ${snapshot.dataset.label ? `the ${snapshot.dataset.label.column} column is blank` : "the data set has no label column"}), so precision, recall, ROC, calibration and the confusion matrix cannot be measured here; the figures below are expected values from the model's probabilities and drift against the training data`;
  return {
    snapshot: { id: snapshot.manifest.id, createdAt: snapshot.manifest.createdAt, rows: snapshot.size },
    card: {
      name: card.name,
      kind: card.kind,
      libraryVersion: card.libraryVersion,
      hash: model.hash,
      features: card.features.length,
      sources: snapshot.manifest.sources.length,
      trainingRows: card.trainingData.rows,
      trainingDataSha256: card.trainingData.sha256,
      seed: card.seed,
      trainingTimeSeconds: card.trainingTimeSeconds ?? null,
      parameters: card.parameters,
      calibration: card.calibration.method,
      thresholds: card.thresholds,
    },
    outcomes: { labelled: labels.length, churned: churnedCount, current: p.length - labels.length },
    histogram: { bins: PROBABILITY_BINS, n, sumProbability },
    riskBins: riskBins(t),
    expectedChurners,
    measured:
      labels.length > 0
        ? {
            metrics: evaluateProbabilities(labels, labelledP),
            labelled,
            churned,
            calibration: calibrationBins(labelledP, labels),
            card: card.metrics,
            includesTraining: card.trainingData.rows !== null,
          }
        : null,
    reason,
    drift: {
      reference: health.reference,
      note: health.note,
      threshold: health.threshold,
      score: health.score && {
        label: health.score.label,
        psi: health.score.psi,
        flagged: health.score.flagged,
      },
      inputs: health.inputs.map((d) => ({
        column: d.column,
        label: d.label,
        psi: d.psi,
        flagged: d.flagged,
      })),
    },
    importance: bars,
    dependence: top.map((s, i) => ({
      ...dependence(t, s.source, { maxPoints: options.dependencePoints ?? 1500 }),
      label: bars[i].label,
    })),
    costs: {
      offerCost: options.offerCost ?? DEFAULT_RETENTION_COSTS.offerCost,
      customerValue: options.customerValue ?? DEFAULT_RETENTION_COSTS.customerValue,
      saveRate: DEFAULT_RETENTION_COSTS.saveRate,
      currency: snapshot.revenue.currency ?? "USD",
    },
  };
}
