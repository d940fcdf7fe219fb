import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { defaultEncoderSpec, featureInfo } from "../../src/features/index.ts";
import { groupContributions } from "../../src/explain/group-contributions.ts";
import { topDrivers } from "../../src/explain/top-drivers.ts";
import { customer } from "../fixtures/customer.ts";

const info = featureInfo(defaultEncoderSpec());

describe("groupContributions", () => {
  it("sums one-hot dummies back into their source column", () => {
    const values = new Float64Array(info.length);
    info.forEach((f, j) => (values[j] = f.source === "Contract" ? 0.25 : 0));
    const g = groupContributions(info, values, 1);
    const k = g.sources.indexOf("Contract");
    expect(g.values[k]).toBeCloseTo(0.75, 6);
    expect(g.sources.filter((s) => s === "Contract")).toHaveLength(1);
    expect(g.sourceLabels[k]).toBe("Contract");
  });

  it("keeps every row's total (local accuracy survives grouping)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
          minLength: info.length * 3,
          maxLength: info.length * 3,
        }),
        (xs) => {
          const g = groupContributions(info, xs, 3);
          const ns = g.sources.length;
          for (let i = 0; i < 3; i++) {
            const want = xs.slice(i * info.length, (i + 1) * info.length).reduce((a, b) => a + b, 0);
            let got = 0;
            for (let j = 0; j < ns; j++) got += g.values[i * ns + j];
            expect(got).toBeCloseTo(want, 4);
          }
        },
      ),
    );
  });
});

describe("topDrivers", () => {
  it("sorts by |value|, labels with the customer's own value, and skips zeros", () => {
    const sources = ["Contract", "tenure", "TechSupport", "gender"];
    const labels = ["Contract", "Tenure (months)", "Tech support", "Gender"];
    const d = topDrivers(customer({ tenure: 24 }), sources, labels, [0.8, -1.1, 0.3, 0], 0, 5);
    expect(d.map((x) => x.label)).toEqual([
      "Tenure (months) = 24",
      "Contract = Month-to-month",
      "Tech support = No",
    ]);
    expect(d[0].value).toBeCloseTo(-1.1);
  });
});
