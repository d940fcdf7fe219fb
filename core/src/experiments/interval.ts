/** A two-sided interval `[lower, upper]`. */
export type Interval = readonly [lower: number, upper: number];
