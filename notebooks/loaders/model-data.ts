/**
 * The Model page's data: model card facts, a fine histogram of predicted probabilities split by
 * outcome (the page derives ROC and precision–recall curves, the confusion matrix at any threshold
 * and the cost curve from it), calibration bins, global importance and SHAP dependence samples.
 * Size is fixed by the bin count and sample sizes, not by the number of customers.
 */
import { dependence, type ChurnModel, type Dependence, type ModelCard, type Snapshot } from "engagetrack";
import {
  calibrationFromTable,
  importanceBars,
  type CalibrationBin,
  type ImportanceBar,
} from "engagetrack/charts";
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
    /** The card's metrics (held-out rows when trained here). */
    metrics: Record<string, unknown>;
  };
  /** Metrics over the snapshot's labelled customers (training rows included when it scored them); null without labels. */
  snapshotMetrics: ProbabilityMetrics | null;
  /**
   * Histogram of calibrated probabilities: per bin, customers, labelled customers, churned
   * customers and the sum of probabilities (for expected counts without labels).
   */
  histogram: { bins: number; n: number[]; labelled: number[]; churned: number[]; sumProbability: number[] };
  calibration: CalibrationBin[];
  importance: ImportanceBar[];
  /** Dependence samples of the most important sources, most important first. */
  dependence: (Dependence & { label: string })[];
  /** Defaults of the cost inputs (the decision threshold on the card used them). */
  costs: { offerCost: number; customerValue: number; saveRate: number };
}

export interface ModelDataOptions {
  offerCost?: number;
  customerValue?: number;
  /** Sources with dependence data (default 8) and points per numeric source (default 1500). */
  dependenceSources?: number;
  dependencePoints?: number;
}

export function modelData(snapshot: Snapshot, model: ChurnModel, options: ModelDataOptions = {}): ModelData {
  const card = model.card;
  const t = snapshot.table;
  const p = t.array("probability") as ArrayLike<number>;
  const churn = t.array("Churn") as ArrayLike<string | null>;
  const n = new Array<number>(PROBABILITY_BINS).fill(0);
  const labelled = new Array<number>(PROBABILITY_BINS).fill(0);
  const churned = new Array<number>(PROBABILITY_BINS).fill(0);
  const sumProbability = new Array<number>(PROBABILITY_BINS).fill(0);
  const labels: number[] = [];
  const labelledP: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(PROBABILITY_BINS - 1, Math.floor(p[i] * PROBABILITY_BINS));
    n[b]++;
    sumProbability[b] += p[i];
    const y = churn[i];
    if (y === "Yes" || y === "No") {
      labelled[b]++;
      labels.push(y === "Yes" ? 1 : 0);
      labelledP.push(p[i]);
      if (y === "Yes") churned[b]++;
    }
  }
  const hasLabels = labels.length > 0;
  const importance = snapshot.importance();
  const bars = importanceBars(importance);
  const top = importance.slice(0, options.dependenceSources ?? 8);
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
      metrics: card.metrics,
    },
    snapshotMetrics: hasLabels ? evaluateProbabilities(labels, labelledP) : null,
    histogram: { bins: PROBABILITY_BINS, n, labelled, churned, sumProbability },
    calibration: hasLabels ? calibrationFromTable(t) : [],
    importance: bars,
    dependence: top.map((s, i) => ({
      ...dependence(t, s.source, { maxPoints: options.dependencePoints ?? 1500 }),
      label: bars[i].label,
    })),
    costs: {
      offerCost: options.offerCost ?? DEFAULT_RETENTION_COSTS.offerCost,
      customerValue: options.customerValue ?? DEFAULT_RETENTION_COSTS.customerValue,
      saveRate: DEFAULT_RETENTION_COSTS.saveRate,
    },
  };
}
