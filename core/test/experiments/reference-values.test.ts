// Every case of ../shared/fixtures/stats/reference.json (scipy 1.10.1), to 1e-6 absolute.
import { describe, expect, it } from "vitest";
import {
  newcombeInterval,
  probBBeatsA,
  sampleSummary,
  srmCheck,
  twoProportionPower,
  twoProportionZTest,
  welchTTest,
  wilsonInterval,
} from "../../src/experiments/index.ts";
import { casesOf, REFERENCE_CASES, STATS_SKIP_REASON, TOLERANCE } from "./stats-reference.ts";

const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(TOLERANCE);

describe.skipIf(REFERENCE_CASES.length === 0)(
  `scipy reference values (skipped if ${STATS_SKIP_REASON})`,
  () => {
    it("has every kind of case", () => {
      expect(casesOf("two_proportions").length).toBeGreaterThan(0);
      expect(casesOf("welch").length).toBeGreaterThan(0);
      expect(casesOf("power_two_proportions").length).toBeGreaterThan(0);
    });

    describe.each(casesOf("two_proportions"))("two proportions $churnedA/$nA vs $churnedB/$nB", (c) => {
      const a = { events: c.churnedA, n: c.nA };
      const b = { events: c.churnedB, n: c.nB };

      it("Wilson intervals per arm", () => {
        const [lA, uA] = wilsonInterval(a.events, a.n);
        const [lB, uB] = wilsonInterval(b.events, b.n);
        close(lA, c.wilsonA[0]);
        close(uA, c.wilsonA[1]);
        close(lB, c.wilsonB[0]);
        close(uB, c.wilsonB[1]);
      });

      it("Newcombe interval of B − A", () => {
        const [lower, upper] = newcombeInterval(a, b);
        close(lower, c.newcombe_diff[0]);
        close(upper, c.newcombe_diff[1]);
      });

      it("pooled z-test", () => {
        const { z, pValue } = twoProportionZTest(a, b);
        close(z, c.z);
        close(pValue, c.p_value);
      });

      it("posterior probability that B churns less (exact)", () => {
        close(probBBeatsA(a, b), c.prob_B_lower_churn);
      });

      it("sample ratio chi-square against 50/50", () => {
        const srm = srmCheck({ A: c.nA, B: c.nB }, { A: 0.5, B: 0.5 });
        close(srm.chiSquare, c.srm_chi2);
        close(srm.pValue, c.srm_p_value);
        expect(srm.mismatch).toBe(c.srm_p_value < 0.001);
      });
    });

    describe.each(casesOf("welch"))("Welch t-test, $a.length vs $b.length values", (c) => {
      it("t, df, p, difference and 95% interval", () => {
        const r = welchTTest(sampleSummary(c.a), sampleSummary(c.b));
        close(r.t, c.t);
        close(r.df, c.df);
        close(r.pValue, c.p_value);
        close(r.difference, c.diff);
        close(r.interval[0], c.ci95[0]);
        close(r.interval[1], c.ci95[1]);
      });
    });

    describe.each(casesOf("power_two_proportions"))("power, $p1 vs $p2 with $n_per_arm per arm", (c) => {
      it("matches", () => {
        close(
          twoProportionPower({ rateA: c.p1, rateB: c.p2, nA: c.n_per_arm, nB: c.n_per_arm, alpha: c.alpha }),
          c.power,
        );
      });
    });
  },
);
