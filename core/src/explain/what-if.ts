import type { Customer } from "../data/schema.ts";

/** One feasible single change to a customer and its effect on the calibrated churn probability. */
export interface WhatIf {
  column: keyof Customer & string;
  from: string;
  to: string;
  /** The action in words: "switch to a one-year contract". */
  action: string;
  /** Calibrated probability before and after the change. */
  before: number;
  after: number;
  /** after − before (negative = lowers risk). */
  delta: number;
}

interface Candidate {
  column: keyof Customer & string;
  to: string;
  action: string;
}

const LONGER_CONTRACT: Record<string, string[]> = {
  "Month-to-month": ["One year", "Two year"],
  "One year": ["Two year"],
  "Two year": [],
};
const AUTOPAY = ["Bank transfer (automatic)", "Credit card (automatic)"] as const;
const ADDONS = [
  ["TechSupport", "add tech support"],
  ["OnlineSecurity", "add online security"],
  ["OnlineBackup", "add online backup"],
  ["DeviceProtection", "add device protection"],
] as const;

/**
 * The changes a customer-success team can actually offer this customer. Never an impossible one:
 * no internet add-ons without internet, no shorter contract, no change to what the customer
 * already has. Charges are held fixed (the model is asked "all else equal").
 */
export function feasibleChanges(c: Customer): Candidate[] {
  const out: Candidate[] = [];
  for (const to of LONGER_CONTRACT[c.Contract] ?? []) {
    out.push({
      column: "Contract",
      to,
      action: `switch to a ${to === "One year" ? "one-year" : "two-year"} contract`,
    });
  }
  if (!AUTOPAY.includes(c.PaymentMethod as (typeof AUTOPAY)[number])) {
    out.push({
      column: "PaymentMethod",
      to: "Credit card (automatic)",
      action: "move to automatic card payments",
    });
    out.push({
      column: "PaymentMethod",
      to: "Bank transfer (automatic)",
      action: "move to automatic bank transfers",
    });
  }
  if (c.InternetService !== "No") {
    for (const [column, action] of ADDONS) if (c[column] === "No") out.push({ column, to: "Yes", action });
  }
  out.push(
    c.PaperlessBilling === "Yes"
      ? { column: "PaperlessBilling", to: "No", action: "send paper bills" }
      : { column: "PaperlessBilling", to: "Yes", action: "switch to paperless billing" },
  );
  return out;
}

/**
 * Scores every feasible single change and returns those that lower risk, largest reduction first.
 * `score` returns calibrated probabilities for a list of customers (in-memory trees or ONNX).
 *
 * @example
 * const actions = await whatIf(customer, (cs) => model.probabilities(cs));
 * actions[0].action; // "switch to a one-year contract"
 */
export async function whatIf(
  customer: Customer,
  score: (customers: Customer[]) => Promise<ArrayLike<number>> | ArrayLike<number>,
  options: { minReduction?: number } = {},
): Promise<WhatIf[]> {
  const candidates = feasibleChanges(customer);
  const variants = candidates.map((k) => ({ ...customer, [k.column]: k.to }) as Customer);
  const p = await score([customer, ...variants]);
  const before = p[0];
  const minReduction = options.minReduction ?? 0.005;
  return candidates
    .map((k, i) => ({
      column: k.column,
      from: String(customer[k.column]),
      to: k.to,
      action: k.action,
      before,
      after: p[i + 1],
      delta: p[i + 1] - before,
    }))
    .filter((w) => w.delta <= -minReduction)
    .sort((a, b) => a.delta - b.delta || a.action.localeCompare(b.action));
}
