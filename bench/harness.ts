/**
 * The benchmark harness. A case file in bench/cases/ default-exports `defineCase({...})`.
 * Each case runs in its own child process (so its peak RSS is its own), first `warmup`
 * times unmeasured, then `runs` measured times; we report median/min/max wall time.
 */
export interface BenchContext {
  /** Set by a run to report throughput or other numbers next to the time (last run wins). */
  report(metrics: Record<string, number | string>): void;
}

export interface BenchCase<S = unknown> {
  name: string;
  /** What the target is, in words ("≤ 0.45 s median"), printed beside the result. */
  target?: string;
  /** Measured runs (default 5). */
  runs?: number;
  /** Unmeasured warm-up runs (default 1). */
  warmup?: number;
  /** Untimed preparation, once per process. Return value is passed to run(). */
  setup?: () => Promise<S> | S;
  run: (state: S, ctx: BenchContext) => Promise<void> | void;
  teardown?: (state: S) => Promise<void> | void;
  /** Return a reason to skip (e.g. a missing data file), or undefined to run. */
  skip?: () => string | undefined;
}

export function defineCase<S>(c: BenchCase<S>): BenchCase<S> {
  return c;
}

export interface CaseResult {
  name: string;
  target?: string;
  skipped?: string;
  runs: number;
  secondsMedian: number;
  secondsMin: number;
  secondsMax: number;
  peakRssMiB: number;
  metrics: Record<string, number | string>;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
