import type { CalibrationMap } from "./calibration-map.ts";
import { applyIsotonic } from "./isotonic.ts";
import { applyPlatt } from "./platt.ts";

/**
 * Calibrated probability for a raw booster probability p.
 *
 * @example
 * applyCalibration({ method: "platt", a: 1, b: 0 }, 0.3); // 0.3 (the identity map)
 */
export function applyCalibration(map: CalibrationMap, p: number): number {
  switch (map.method) {
    case "isotonic":
      return applyIsotonic(map, p);
    case "platt":
      return applyPlatt(map, p);
    default:
      throw new Error(`unknown calibration method: ${String((map as { method: unknown }).method)}`);
  }
}

/** `applyCalibration` over an array. */
export function applyCalibrationAll(map: CalibrationMap, probs: ArrayLike<number>): Float64Array {
  const out = new Float64Array(probs.length);
  for (let i = 0; i < probs.length; i++) out[i] = applyCalibration(map, probs[i]);
  return out;
}
