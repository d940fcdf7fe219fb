import { INTERNET_ADDON_COLUMNS } from "./schema.ts";
import type { TelcoRecord } from "./schema.ts";

const ADD_ONS = INTERNET_ADDON_COLUMNS;

type AddOnColumns = Pick<TelcoRecord, (typeof ADD_ONS)[number]>;
type ServiceColumns = AddOnColumns & Pick<TelcoRecord, "PhoneService" | "MultipleLines" | "InternetService">;

/**
 * How many of the six internet add-ons a customer has (0–6).
 *
 * @example
 * addOnCount({ ...customer, OnlineSecurity: "Yes", TechSupport: "Yes" }); // 2 if no other add-on
 */
export function addOnCount(record: AddOnColumns): number {
  let n = 0;
  for (const column of ADD_ONS) if (record[column] === "Yes") n++;
  return n;
}

/**
 * How many of the nine services a customer subscribes to (0–9): phone, a second line, internet,
 * and the six internet add-ons.
 *
 * @example
 * serviceCount(phoneOnlyCustomer); // 1
 */
export function serviceCount(record: ServiceColumns): number {
  return (
    (record.PhoneService === "Yes" ? 1 : 0) +
    (record.MultipleLines === "Yes" ? 1 : 0) +
    (record.InternetService !== "No" ? 1 : 0) +
    addOnCount(record)
  );
}
