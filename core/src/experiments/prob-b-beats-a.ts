import betaln from "@stdlib/math-base-special-betaln";
import type { Proportion } from "./newcombe-interval.ts";
import { checkCounts } from "./wilson-interval.ts";

/** A Beta(alpha, beta) distribution with whole-number parameters. */
interface Beta {
  alpha: number;
  beta: number;
}

/**
 * The posterior probability that arm B's rate is lower than arm A's (for churn: that B churns
 * less), with independent Beta(1, 1) priors, so rate ~ Beta(1 + events, 1 + n − events). Exact:
 * the closed-form sum for two Beta variables with whole-number parameters, taken over whichever
 * of its four equivalent forms has the fewest terms (at most min(n) + 1 of them).
 *
 * @example
 * probBBeatsA({ events: 930, n: 3500 }, { events: 850, n: 3543 }); // 0.99363…
 */
export function probBBeatsA(a: Proportion, b: Proportion): number {
  checkCounts(a.events, a.n);
  checkCounts(b.events, b.n);
  const A: Beta = { alpha: 1 + a.events, beta: 1 + a.n - a.events };
  const B: Beta = { alpha: 1 + b.events, beta: 1 + b.n - b.events };
  const flipped = (x: Beta): Beta => ({ alpha: x.beta, beta: x.alpha });
  // P(B < A) = P(A > B) = 1 − P(B > A) = P(1−B > 1−A) = 1 − P(1−A > 1−B); 1 − rate ~ Beta(beta, alpha).
  const fewest = Math.min(A.alpha, B.alpha, A.beta, B.beta);
  let p: number;
  if (fewest === A.alpha) p = probGreater(A, B);
  else if (fewest === B.alpha) p = 1 - probGreater(B, A);
  else if (fewest === B.beta) p = probGreater(flipped(B), flipped(A));
  else p = 1 - probGreater(flipped(A), flipped(B));
  return Math.min(1, Math.max(0, p));
}

/**
 * P(X > Y) for X ~ Beta(x.alpha, x.beta), Y ~ Beta(y.alpha, y.beta) with whole x.alpha:
 *   Σ_{i=0}^{x.alpha−1} B(y.alpha + i, y.beta + x.beta) / ((x.beta + i) · B(1 + i, x.beta) · B(y.alpha, y.beta)).
 * Every term is positive, so the sum loses no precision to cancellation.
 */
function probGreater(x: Beta, y: Beta): number {
  const base = betaln(y.alpha, y.beta);
  let sum = 0;
  for (let i = 0; i < x.alpha; i++) {
    sum += Math.exp(
      betaln(y.alpha + i, y.beta + x.beta) - Math.log(x.beta + i) - betaln(1 + i, x.beta) - base,
    );
  }
  return sum;
}
