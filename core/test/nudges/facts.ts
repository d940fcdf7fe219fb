import type { Customer } from "../../src/data/schema.ts";
import type { WhatIf } from "../../src/explain/what-if.ts";
import { nudgeFacts, type ExplainedRisk, type NudgeFacts } from "../../src/nudges/nudge-facts.ts";
import { customer } from "../fixtures/customer.ts";

/** A High-risk month-to-month customer paying by electronic check (the Telco fixture's first row). */
export const RISKY: ExplainedRisk = {
  probability: 0.71,
  band: "High",
  drivers: [
    { source: "Contract", label: "Contract = Month-to-month", value: 0.84 },
    { source: "PaymentMethod", label: "Payment method = Electronic check", value: 0.41 },
    { source: "tenure", label: "Tenure (months) = 1", value: 0.3 },
    { source: "MonthlyCharges", label: "Monthly charges = 29.85", value: -0.25 },
    { source: "supportCalls90d", label: "Support calls (90 days) = 1", value: 0.04 },
  ],
  whatIf: [
    whatIf("Contract", "Month-to-month", "One year", "switch to a one-year contract", 0.71, 0.43),
    whatIf(
      "PaymentMethod",
      "Electronic check",
      "Credit card (automatic)",
      "move to automatic card payments",
      0.71,
      0.6,
    ),
  ],
};

export function whatIf(
  column: WhatIf["column"],
  from: string,
  to: string,
  action: string,
  before: number,
  after: number,
): WhatIf {
  return { column, from, to, action, before, after, delta: after - before };
}

/** Facts of the fixture customer (with overrides) under `risk`. */
export function facts(overrides: Partial<Customer> = {}, risk: ExplainedRisk = RISKY): NudgeFacts {
  const c = customer(overrides);
  return nudgeFacts(c, risk, c.variant);
}
