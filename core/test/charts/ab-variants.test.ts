import { table } from "arquero";
import { describe, expect, it } from "vitest";
import { abVariants, variantChurn, variantChurnFromReport } from "../../src/charts/ab-variants.ts";
import type { ExperimentColumns } from "../../src/experiments/experiment-columns.ts";
import { wilsonInterval } from "../../src/experiments/wilson-interval.ts";
import { createSvgRenderer } from "../../src/charts/render-svg.ts";
import { VARIANTS } from "./chart-fixtures.ts";
import { expectGoldenSvg } from "./golden.ts";

describe("abVariants", () => {
  it("matches its golden SVG", async () => {
    await expectGoldenSvg("ab-variants", createSvgRenderer().render(abVariants(VARIANTS)));
  });

  it("shows the split and each arm's churn with its interval", () => {
    const spec = abVariants(VARIANTS);
    expect(spec.table.rows).toEqual([
      ["A", "2,510", "50%", "27.0%", "25.3%–28.8%"],
      ["B", "2,490", "50%", "24.2%", "22.6%–25.9%"],
    ]);
    expect(spec.alt).toBe(
      "Churn rate by arm with 95% intervals: Variant A, 2,510 customers (50%), churn 27.0% (25.3% to 28.8%); " +
        "Variant B, 2,490 customers (50%), churn 24.2% (22.6% to 25.9%).",
    );
  });

  it("rejects a rate outside its interval", () => {
    expect(() => abVariants([{ variant: "A", n: 10, churnRate: 0.5, ci: [0.1, 0.4] }])).toThrow(
      'invalid variant "A": n 10, churn 0.5, ci [0.1, 0.4]',
    );
  });

  it("names arms from the experiment config and states the report's confidence level", () => {
    const spec = abVariants(
      variantChurnFromReport({
        variants: [
          {
            variant: "A",
            role: "control",
            name: "control",
            customers: 100,
            churned: 30,
            churnRate: 0.3,
            churnRateInterval: [0.22, 0.39],
            meanEngagement: 50,
            engagementSd: 10,
          },
          {
            variant: "B",
            role: "treatment",
            name: "discount",
            customers: 90,
            churned: 18,
            churnRate: 0.2,
            churnRateInterval: [0.13, 0.29],
            meanEngagement: 52,
            engagementSd: 10,
          },
        ],
      }),
      { confidence: 0.9 },
    );
    expect(spec.table.columns.at(-1)).toBe("90% interval");
    expect(spec.table.rows[1]).toEqual(["B", "90", "47%", "20.0%", "13.0%–29.0%"]);
    expect(spec.alt).toContain("with 90% intervals");
    expect(JSON.stringify(spec.plot.y)).toContain("B (discount) · 90 (47%)");
  });

  it("names the arms as the verdict does: by their values in the data, letters only for literal A/B arms", () => {
    const arm = (variant: "A" | "B", name: string) => ({
      variant,
      role: variant === "A" ? ("control" as const) : ("treatment" as const),
      name,
      customers: 100,
      churned: 20,
      churnRate: 0.2,
      churnRateInterval: [0.13, 0.29] as [number, number],
      meanEngagement: NaN,
      engagementSd: NaN,
    });
    const assignment = (A: string, B: string) => ({
      column: "arm",
      arms: { A, B },
      unassigned: 0,
      split: "configured" as const,
    });
    const offer = abVariants(
      variantChurnFromReport({
        variants: [arm("A", "control"), arm("B", "discount")],
        assignment: assignment("control", "discount"),
      }),
    );
    expect(offer.table.rows.map((r) => r[0])).toEqual(["control", "discount"]);
    expect(JSON.stringify(offer.plot.y)).toContain('"discount · 100 (50%)"');
    const demo = abVariants(
      variantChurnFromReport({
        variants: [arm("A", "control"), arm("B", "treatment")],
        assignment: assignment("A", "B"),
      }),
      { experiment: "nudge-strategy-2026" },
    );
    expect(demo.title).toBe("Churn by nudge-strategy-2026");
    expect(demo.table.rows.map((r) => r[0])).toEqual(["A", "B"]);
    expect(JSON.stringify(demo.plot.y)).toContain('"B (treatment) · 100 (50%)"');
  });

  it("says so when there are no arms", () => {
    expect(abVariants([]).alt).toBe("Churn by arm: no customers with known outcomes.");
  });
});

describe("variantChurn", () => {
  it("counts labelled customers per variant with Wilson intervals, leaving out unknown outcomes", () => {
    const t = table({
      variant: ["A", "A", "A", "A", "B", "B", "B"],
      status: ["churned", "retained", "retained", "retained", "churned", "churned", "current"],
    });
    const [a, b] = variantChurn(t);
    expect(a).toMatchObject({ variant: "A", n: 4, churnRate: 0.25 });
    // Wilson 95% for 1 of 4: centre (0.25 + z²/8) / (1 + z²/4) = 0.37247, half-width 0.32689.
    expect(a.ci).toEqual([...wilsonInterval(1, 4)]);
    expect(a.ci[0]).toBeCloseTo(0.04558, 4);
    expect(a.ci[1]).toBeCloseTo(0.69936, 4);
    expect(b).toMatchObject({ variant: "B", n: 2, churnRate: 1 });
    expect(b.ci[1]).toBe(1);
  });

  it("reads a contract's arm column and arm names, the control first, from status (not a Churn column)", () => {
    const columns: ExperimentColumns = {
      id: "account_id",
      arm: "offer_arm",
      arms: ["discount", "control"],
      control: "control",
      key: "offer-2026",
      simulated: false,
    };
    const t = table({
      account_id: ["a", "b", "c", "d", "e", "f", "g"],
      offer_arm: ["discount", "discount", "control", "control", "control", null, "discount"],
      // A Churn column that disagrees with status: status is the outcome.
      Churn: ["No", "No", "No", "No", "No", "Yes", "No"],
      status: ["churned", "retained", "churned", "churned", "retained", "churned", "current"],
    });
    expect(variantChurn(t, columns)).toEqual([
      {
        variant: "A",
        name: "control",
        value: "control",
        n: 3,
        churnRate: 2 / 3,
        ci: [...wilsonInterval(2, 3)],
      },
      {
        variant: "B",
        name: "discount",
        value: "discount",
        n: 2,
        churnRate: 0.5,
        ci: [...wilsonInterval(1, 2)],
      },
    ]);
    // The arms by their names, not letters; the title by the experiment's key.
    const spec = abVariants(variantChurn(t, columns), { experiment: columns.key });
    expect(spec.title).toBe("Churn by offer-2026");
    expect(spec.table.columns[0]).toBe("Arm");
    expect(spec.table.rows.map((r) => r[0])).toEqual(["control", "discount"]);
    expect(spec.alt).toMatch(
      /^Churn rate by arm of offer-2026 with 95% intervals: control, 3 customers .*; discount, 2 customers/,
    );
    expect(JSON.stringify(spec.plot)).toContain("Split: control 3 (60%) · discount 2 (40%).");
    expect(JSON.stringify(spec.plot)).toContain("discount vs control:");
    expect(JSON.stringify(spec.plot)).not.toMatch(/Variant|nudge/);
  });

  it("needs the arm and status columns", () => {
    expect(() => variantChurn(table({ variant: ["A"] }))).toThrow("missing column: status");
    expect(() => variantChurn(table({ status: ["churned"] }))).toThrow("missing column: variant");
  });
});
