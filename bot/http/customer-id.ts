import { HttpError } from "./http-error.ts";

/** Customer IDs the API accepts (the Telco IDs like 7590-VHVEG, simulated IDs, most CRM keys). */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The customer ID, or a 400 naming the rule it breaks. */
export function parseCustomerID(raw: unknown): string {
  if (typeof raw === "string" && CUSTOMER_ID_PATTERN.test(raw)) return raw;
  throw new HttpError(
    "bad-customer-id",
    `invalid customer ID: ${JSON.stringify(typeof raw === "string" ? raw.slice(0, 80) : raw) ?? "missing"} (1–64 letters, digits, '.', '_' or '-', starting with a letter or digit)`,
  );
}
