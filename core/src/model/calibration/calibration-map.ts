/**
 * A fitted map from the booster's raw probability to a calibrated probability. Plain JSON, so it
 * goes into the model card as is.
 *
 * - `isotonic`: a non-decreasing piecewise-linear function through the points (x[i], y[i]),
 *   constant beyond the first and last x (sklearn's `IsotonicRegression(out_of_bounds="clip")`).
 * - `platt`: p' = σ(a·logit(p) + b), a logistic regression on the booster's margin.
 */
export type CalibrationMap = IsotonicCalibration | PlattCalibration;

export interface IsotonicCalibration {
  method: "isotonic";
  x: number[];
  y: number[];
}

export interface PlattCalibration {
  method: "platt";
  a: number;
  b: number;
}

export type CalibrationMethod = CalibrationMap["method"];
