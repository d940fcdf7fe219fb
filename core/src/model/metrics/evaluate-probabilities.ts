import { rocAuc } from "./auc.ts";
import { brierScore } from "./brier.ts";
import { expectedCalibrationError } from "./ece.ts";
import { logLoss } from "./log-loss.ts";
import { prAuc } from "./pr-auc.ts";

/** The model card's quality numbers for one set of probabilities. */
export interface ProbabilityMetrics {
  auc: number;
  pr_auc: number;
  logloss: number;
  brier: number;
  /** 10 equal-width bins. */
  ece: number;
  rows: number;
  positives: number;
}

/** All of `ProbabilityMetrics` for labels and (calibrated) probabilities. */
export function evaluateProbabilities(
  labels: ArrayLike<number>,
  probs: ArrayLike<number>,
): ProbabilityMetrics {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  return {
    auc: rocAuc(labels, probs),
    pr_auc: prAuc(labels, probs),
    logloss: logLoss(labels, probs),
    brier: brierScore(labels, probs),
    ece: expectedCalibrationError(labels, probs),
    rows: labels.length,
    positives,
  };
}
