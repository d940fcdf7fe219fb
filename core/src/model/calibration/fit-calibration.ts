import type { CalibrationMap, CalibrationMethod } from "./calibration-map.ts";
import { fitIsotonic } from "./isotonic.ts";
import { fitPlatt } from "./platt.ts";

/** Fits a calibration map of the given method on held-out raw probabilities and labels. */
export function fitCalibration(
  method: CalibrationMethod,
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
): CalibrationMap {
  switch (method) {
    case "isotonic":
      return fitIsotonic(probs, labels);
    case "platt":
      return fitPlatt(probs, labels);
    default:
      throw new Error(`unknown calibration method: ${String(method)}`);
  }
}
