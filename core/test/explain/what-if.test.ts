import { describe, expect, it } from "vitest";
import { feasibleChanges, whatIf } from "../../src/explain/what-if.ts";
import type { Customer } from "../../src/data/schema.ts";
import { customer } from "../fixtures/customer.ts";

/** A transparent stand-in model: risk falls with longer contracts and autopay, rises with paperless. */
function toyScore(cs: Customer[]): number[] {
  return cs.map((c) => {
    let p = 0.6;
    if (c.Contract === "One year") p -= 0.3;
    if (c.Contract === "Two year") p -= 0.5;
    if (c.PaymentMethod.includes("automatic")) p -= 0.1;
    if (c.TechSupport === "Yes") p -= 0.05;
    if (c.PaperlessBilling === "Yes") p += 0.02;
    return p;
  });
}

describe("what-if actions", () => {
  it("ranks feasible changes by how much they lower the probability", async () => {
    const w = await whatIf(customer(), toyScore);
    expect(w.map((x) => x.action)).toEqual([
      "switch to a two-year contract",
      "switch to a one-year contract",
      "move to automatic bank transfers",
      "move to automatic card payments",
      "add tech support",
      "send paper bills",
    ]);
    expect(w[0]).toMatchObject({ column: "Contract", from: "Month-to-month", to: "Two year", before: 0.62 });
    expect(w[0].after).toBeCloseTo(0.12);
  });

  it("never proposes a shorter contract, add-ons without internet, or what the customer already has", () => {
    const c = customer({
      Contract: "Two year",
      InternetService: "No",
      OnlineSecurity: "No internet service",
      OnlineBackup: "No internet service",
      DeviceProtection: "No internet service",
      TechSupport: "No internet service",
      PaymentMethod: "Credit card (automatic)",
    });
    const cols = feasibleChanges(c).map((k) => k.column);
    expect(cols).not.toContain("Contract");
    expect(cols).not.toContain("TechSupport");
    expect(cols).not.toContain("PaymentMethod");
    expect(
      feasibleChanges(customer({ Contract: "One year" }))
        .filter((k) => k.column === "Contract")
        .map((k) => k.to),
    ).toEqual(["Two year"]);
  });

  it("drops changes that would not lower risk", async () => {
    const w = await whatIf(
      customer({
        Contract: "Two year",
        PaymentMethod: "Credit card (automatic)",
        TechSupport: "Yes",
        PaperlessBilling: "No",
      }),
      toyScore,
    );
    expect(w).toEqual([]);
  });
});
