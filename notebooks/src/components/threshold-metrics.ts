// Model quality at any threshold, from the Model page's probability histogram (bins of width
// 1/bins with customers, labelled customers, churned customers and Σ probability per bin). A
// customer counts as "predicted to churn" when their probability is ≥ the threshold. Pure
// functions, shared by the page (Framework serves this file as threshold-metrics.js) and tests.

/** The histogram of notebooks/loaders/model-data.ts. */
export interface ProbabilityHistogram {
  bins: number;
  n: number[];
  labelled: number[];
  churned: number[];
  sumProbability: number[];
}

export interface Confusion {
  threshold: number;
  /** True when counts are observed outcomes; false when expected from probabilities (no labels). */
  observed: boolean;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  total: number;
  precision: number;
  recall: number;
  falsePositiveRate: number;
  accuracy: number;
  /** Customers predicted to churn (who would get an offer). */
  offered: number;
}

/** Index of the first bin at or above `threshold` (thresholds on the bin grid are exact). */
function firstBin(hist: ProbabilityHistogram, threshold: number): number {
  return Math.min(hist.bins, Math.max(0, Math.ceil(threshold * hist.bins - 1e-9)));
}

/**
 * The confusion matrix at `threshold`: observed outcomes when the snapshot has labels (customers
 * without one are left out), else expected counts from the calibrated probabilities.
 *
 * @example
 * confusionAt(model.histogram, 0.3).recall; // 0.81
 */
export function confusionAt(hist: ProbabilityHistogram, threshold: number): Confusion {
  const k = firstBin(hist, threshold);
  const observed = hist.labelled.some((n) => n > 0);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let b = 0; b < hist.bins; b++) {
    const positives = observed ? hist.churned[b] : hist.sumProbability[b];
    const negatives = (observed ? hist.labelled[b] : hist.n[b]) - positives;
    if (b >= k) {
      tp += positives;
      fp += negatives;
    } else {
      fn += positives;
      tn += negatives;
    }
  }
  const total = tp + fp + fn + tn;
  return {
    threshold,
    observed,
    tp,
    fp,
    fn,
    tn,
    total,
    precision: tp + fp > 0 ? tp / (tp + fp) : NaN,
    recall: tp + fn > 0 ? tp / (tp + fn) : NaN,
    falsePositiveRate: fp + tn > 0 ? fp / (fp + tn) : NaN,
    accuracy: total > 0 ? (tp + tn) / total : NaN,
    offered: tp + fp,
  };
}

/** Thresholds 0, 1/steps, …, 1. */
export function thresholdGrid(steps = 100): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => i / steps);
}

/** ROC points (false positive rate, true positive rate), one per bin edge, from (1, 1) down to (0, 0). */
export function rocPoints(hist: ProbabilityHistogram): { threshold: number; fpr: number; tpr: number }[] {
  return thresholdGrid(hist.bins).map((t) => {
    const c = confusionAt(hist, t);
    return { threshold: t, fpr: c.falsePositiveRate, tpr: c.recall };
  });
}

/** Precision–recall points on a 1/steps threshold grid, where anyone is predicted to churn. */
export function prPoints(
  hist: ProbabilityHistogram,
  steps = 200,
): { threshold: number; recall: number; precision: number }[] {
  return thresholdGrid(steps)
    .map((t) => confusionAt(hist, t))
    .filter((c) => c.offered > 0)
    .map((c) => ({ threshold: c.threshold, recall: c.recall, precision: c.precision }));
}

export interface RetentionCosts {
  offerCost: number;
  customerValue: number;
  /** Fraction of would-be churners an offer keeps. */
  saveRate: number;
}

/**
 * What a retention campaign earns at each threshold: offering to every customer at or above it
 * costs `offerCost` each and keeps `saveRate` of the would-be churners, each worth `customerValue`
 * (the rule of core's chooseDecisionThreshold).
 */
export function costCurve(
  hist: ProbabilityHistogram,
  costs: RetentionCosts,
  steps = 100,
): { threshold: number; saving: number; offered: number; perCustomer: number }[] {
  return thresholdGrid(steps).map((t) => {
    const c = confusionAt(hist, t);
    const saving = c.tp * costs.saveRate * costs.customerValue - c.offered * costs.offerCost;
    return { threshold: t, saving, offered: c.offered, perCustomer: c.total > 0 ? saving / c.total : 0 };
  });
}

/**
 * Label-free figures at `threshold`: customers flagged (probability ≥ threshold) and the churners
 * expected among them (Σ probability) — expected, from the model's probabilities, never observed.
 */
export function expectedAt(
  hist: Pick<ProbabilityHistogram, "bins" | "n" | "sumProbability">,
  threshold: number,
): { threshold: number; flagged: number; expectedChurners: number } {
  const k = Math.min(hist.bins, Math.max(0, Math.ceil(threshold * hist.bins - 1e-9)));
  let flagged = 0;
  let expectedChurners = 0;
  for (let b = k; b < hist.bins; b++) {
    flagged += hist.n[b];
    expectedChurners += hist.sumProbability[b];
  }
  return { threshold, flagged, expectedChurners };
}
