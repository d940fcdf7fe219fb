import type { RiskBand } from "../snapshot/scored-batch.ts";

/** Lower bounds (calibrated probability) of the Medium and High bands. */
export interface RiskBandThresholds {
  medium: number;
  high: number;
}

/**
 * Low < 0.3 ≤ Medium < 0.6 ≤ High. Why: Telco's base churn rate is 26.5%, so Low means "at or
 * below a typical customer" — nothing to do beyond the usual; High means churn is clearly more
 * likely than not (0.6 rather than 0.5, so a High is never a coin flip) — call them first;
 * Medium is the band in between where the offer decision (profit threshold 0.146 on Telco
 * with the default costs) already says an offer pays, but a cheaper nudge may do. The thresholds are
 * on calibrated probability, so "0.6" means six in ten such customers churn.
 */
export const DEFAULT_RISK_BANDS: Readonly<RiskBandThresholds> = Object.freeze({ medium: 0.3, high: 0.6 });

/**
 * Risk band of a calibrated churn probability.
 *
 * @example
 * riskBand(0.45); // "Medium"
 */
export function riskBand(p: number, thresholds: RiskBandThresholds = DEFAULT_RISK_BANDS): RiskBand {
  if (!(thresholds.medium <= thresholds.high)) {
    throw new Error(`invalid risk bands: medium ${thresholds.medium} above high ${thresholds.high}`);
  }
  if (!(p >= 0 && p <= 1)) throw new Error(`invalid probability: ${p}`);
  if (p >= thresholds.high) return "High";
  if (p >= thresholds.medium) return "Medium";
  return "Low";
}
