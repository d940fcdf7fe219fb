import type { CustomerStatus } from "../data/read-contract-rows.ts";

/**
 * A legacy (Telco-shaped) customer's status from its Churn label: "Yes" → churned, "No" →
 * retained, absent → current (a customer with no outcome yet).
 *
 * @example
 * statusFromChurn(customer.Churn); // "current" for a customer without a label
 */
export function statusFromChurn(churn: unknown): CustomerStatus {
  return churn === "Yes" ? "churned" : churn === "No" ? "retained" : "current";
}
