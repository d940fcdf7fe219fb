// Model quality at any threshold, from the Model page's probability histogram (bins of width
// 1/bins with customers, labelled customers, churned customers and Σ probability per bin). A
// customer counts as "predicted to churn" when their probability is ≥ the threshold.

/** Index of the first bin at or above `threshold` (thresholds on the bin grid are exact). */
function firstBin(hist, threshold) {
  return Math.min(hist.bins, Math.max(0, Math.ceil(threshold * hist.bins - 1e-9)));
}

/**
 * The confusion matrix at `threshold`: observed outcomes when the snapshot has labels (customers
 * without one are left out), else expected counts from the calibrated probabilities.
 */
export function confusionAt(hist, threshold) {
  const k = firstBin(hist, threshold);
  const observed = hist.labelled.some((n) => n > 0);
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (let b = 0; b < hist.bins; b++) {
    const positives = observed ? hist.churned[b] : hist.sumProbability[b];
    const negatives = (observed ? hist.labelled[b] : hist.n[b]) - positives;
    if (b >= k) (tp += positives), (fp += negatives);
    else (fn += positives), (tn += negatives);
  }
  const total = tp + fp + fn + tn;
  return {
    threshold,
    observed,
    tp, fp, fn, tn,
    total,
    precision: tp + fp > 0 ? tp / (tp + fp) : NaN,
    recall: tp + fn > 0 ? tp / (tp + fn) : NaN,
    falsePositiveRate: fp + tn > 0 ? fp / (fp + tn) : NaN,
    accuracy: total > 0 ? (tp + tn) / total : NaN,
    offered: tp + fp
  };
}

/** Thresholds 0, 1/steps, …, 1. */
export function thresholdGrid(steps = 100) {
  return Array.from({length: steps + 1}, (_, i) => i / steps);
}

/** ROC points (false positive rate, true positive rate), one per bin edge, from (1,1) down to (0,0). */
export function rocPoints(hist) {
  return thresholdGrid(hist.bins).map((t) => {
    const c = confusionAt(hist, t);
    return {threshold: t, fpr: c.falsePositiveRate, tpr: c.recall};
  });
}

/** Precision–recall points, one per threshold on a 1/100 grid where anyone is predicted to churn. */
export function prPoints(hist, steps = 200) {
  return thresholdGrid(steps)
    .map((t) => ({threshold: t, ...confusionAt(hist, t)}))
    .filter((c) => c.offered > 0)
    .map((c) => ({threshold: c.threshold, recall: c.recall, precision: c.precision}));
}

/**
 * What a retention campaign earns at each threshold: offering to every customer at or above it
 * costs `offerCost` each and keeps `saveRate` of the would-be churners, each worth `customerValue`
 * (the rule of core's chooseDecisionThreshold). Returns per threshold the profit and offers.
 */
export function costCurve(hist, {offerCost, customerValue, saveRate}, steps = 100) {
  return thresholdGrid(steps).map((t) => {
    const c = confusionAt(hist, t);
    const saving = c.tp * saveRate * customerValue - c.offered * offerCost;
    return {threshold: t, saving, offered: c.offered, perCustomer: c.total > 0 ? saving / c.total : 0};
  });
}
