import { table } from "arquero";
import { describe, expect, it } from "vitest";
import { customer } from "../fixtures/customer.ts";
import { experimentTable } from "../../src/experiments/experiment-table.ts";
import { variantStats } from "../../src/experiments/variant-stats.ts";

describe("variantStats and experimentTable", () => {
  it("counts customers, churners and engagement moments per arm, labelled customers only", () => {
    const customers = [
      customer({ customerID: "a1", variant: "A", Churn: "Yes", engagementScore: 10 }),
      customer({ customerID: "a2", variant: "A", Churn: "No", engagementScore: 20 }),
      customer({ customerID: "a3", variant: "A", Churn: "No", engagementScore: 60 }),
      customer({ customerID: "b1", variant: "B", Churn: "No", engagementScore: 40 }),
      customer({ customerID: "b2", variant: "B", Churn: "No", engagementScore: 50 }),
      customer({ customerID: "b3", variant: "B", engagementScore: 99 }),
    ];
    delete customers[5].Churn;
    const stats = variantStats(experimentTable(customers));
    // A: mean 30, squares 400 + 100 + 900 = 1400 over 2; B (labelled): mean 45, squares 25 + 25 over 1.
    expect(stats).toEqual({
      arms: {
        A: { customers: 3, churned: 1, engagement: { n: 3, mean: 30, variance: 700 } },
        B: { customers: 2, churned: 0, engagement: { n: 2, mean: 45, variance: 50 } },
      },
      unlabelled: 1,
      unassigned: 0,
      engagementMeasured: true,
    });
  });

  it("returns an empty arm for a variant nobody is in", () => {
    const t = table({ customerID: ["x"], variant: ["A"], status: ["retained"], engagementScore: [3] });
    expect(variantStats(t).arms.B).toEqual({
      customers: 0,
      churned: 0,
      engagement: { n: 0, mean: NaN, variance: NaN },
    });
  });

  it("refuses unknown variants and missing columns", () => {
    const t = table({ customerID: ["x"], variant: ["C"], status: ["retained"], engagementScore: [3] });
    expect(() => variantStats(t)).toThrow('unknown variant: "C" (1 customers)');
    expect(() => variantStats(table({ customerID: ["x"] }))).toThrow(
      "missing experiment columns: variant, status",
    );
  });
});
