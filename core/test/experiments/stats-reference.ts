/** The scipy reference values of ../shared/fixtures/stats/reference.json (read-only, beside the repo). */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SHARED } from "../fixtures/paths.ts";

export interface TwoProportionsCase {
  kind: "two_proportions";
  nA: number;
  churnedA: number;
  nB: number;
  churnedB: number;
  z: number;
  p_value: number;
  wilsonA: [number, number];
  wilsonB: [number, number];
  newcombe_diff: [number, number];
  diff: number;
  prob_B_lower_churn: number;
  srm_chi2: number;
  srm_p_value: number;
}
export interface WelchCase {
  kind: "welch";
  a: number[];
  b: number[];
  t: number;
  df: number;
  p_value: number;
  diff: number;
  ci95: [number, number];
}
export interface PowerCase {
  kind: "power_two_proportions";
  p1: number;
  p2: number;
  n_per_arm: number;
  alpha: number;
  power: number;
}
export type ReferenceCase = TwoProportionsCase | WelchCase | PowerCase;

export const STATS_REFERENCE = join(SHARED, "fixtures/stats/reference.json");
export const STATS_SKIP_REASON = `the scipy reference values are absent (${STATS_REFERENCE})`;

/** The reference cases, or an empty list when the fixture is absent (tests then skip, saying why). */
export const REFERENCE_CASES: ReferenceCase[] = existsSync(STATS_REFERENCE)
  ? (JSON.parse(readFileSync(STATS_REFERENCE, "utf8")) as { cases: ReferenceCase[] }).cases
  : [];

export const casesOf = <K extends ReferenceCase["kind"]>(kind: K) =>
  REFERENCE_CASES.filter((c): c is Extract<ReferenceCase, { kind: K }> => c.kind === kind);

/** Matches to 1e-6 as the fixture's README asks. */
export const TOLERANCE = 1e-6;
