/**
 * Customers ↔ columns: the writer gathers customer objects into one array per field, the part
 * reader builds customer objects back from decoded columns. Both spell every field out, so each
 * property access has its own inline cache (a loop over field names would be a slow keyed lookup),
 * and `Customer`'s type checks that no field is forgotten.
 */
import type { Customer } from "../data/schema.ts";
import type { Pick } from "./encode-record-batch.ts";
import { CUSTOMER_COLUMN_NAMES, type CustomerColumn } from "./snapshot-columns.ts";

/** One array per customer field, row-aligned. */
export type CustomerColumns = { [K in CustomerColumn]: unknown[] };

/** The picked customers' fields as columns (values as they are; checked when encoded). */
export function gatherCustomers(picks: readonly Pick[], n: number): CustomerColumns {
  const c = {} as CustomerColumns;
  for (const name of CUSTOMER_COLUMN_NAMES) c[name] = new Array(n);
  let r = 0;
  for (const { batch, rows } of picks) {
    for (const i of rows) {
      const x: Customer = batch.customers[i];
      c.customerID[r] = x.customerID;
      c.gender[r] = x.gender;
      c.SeniorCitizen[r] = x.SeniorCitizen;
      c.Partner[r] = x.Partner;
      c.Dependents[r] = x.Dependents;
      c.tenure[r] = x.tenure;
      c.PhoneService[r] = x.PhoneService;
      c.MultipleLines[r] = x.MultipleLines;
      c.InternetService[r] = x.InternetService;
      c.OnlineSecurity[r] = x.OnlineSecurity;
      c.OnlineBackup[r] = x.OnlineBackup;
      c.DeviceProtection[r] = x.DeviceProtection;
      c.TechSupport[r] = x.TechSupport;
      c.StreamingTV[r] = x.StreamingTV;
      c.StreamingMovies[r] = x.StreamingMovies;
      c.Contract[r] = x.Contract;
      c.PaperlessBilling[r] = x.PaperlessBilling;
      c.PaymentMethod[r] = x.PaymentMethod;
      c.MonthlyCharges[r] = x.MonthlyCharges;
      c.TotalCharges[r] = x.TotalCharges;
      c.Churn[r] = x.Churn;
      c.persona[r] = x.persona;
      c.planTier[r] = x.planTier;
      c.sessionsPerMonth[r] = x.sessionsPerMonth;
      c.paymentDelayDays[r] = x.paymentDelayDays;
      c.supportCalls90d[r] = x.supportCalls90d;
      c.engagementScore[r] = x.engagementScore;
      c.engagementLevel[r] = x.engagementLevel;
      c.lifecycleStage[r] = x.lifecycleStage;
      c.variant[r] = x.variant;
      c.true_churn_probability[r] = x.true_churn_probability;
      r++;
    }
  }
  return c;
}

/**
 * One customer from decoded columns, as one object literal: every customer gets the same shape
 * (fast to build and to read back), where adding fields by name in a loop would not.
 */
export function customerAt(c: CustomerColumns, i: number): Customer {
  const customer = {
    customerID: c.customerID[i],
    gender: c.gender[i],
    SeniorCitizen: c.SeniorCitizen[i],
    Partner: c.Partner[i],
    Dependents: c.Dependents[i],
    tenure: c.tenure[i],
    PhoneService: c.PhoneService[i],
    MultipleLines: c.MultipleLines[i],
    InternetService: c.InternetService[i],
    OnlineSecurity: c.OnlineSecurity[i],
    OnlineBackup: c.OnlineBackup[i],
    DeviceProtection: c.DeviceProtection[i],
    TechSupport: c.TechSupport[i],
    StreamingTV: c.StreamingTV[i],
    StreamingMovies: c.StreamingMovies[i],
    Contract: c.Contract[i],
    PaperlessBilling: c.PaperlessBilling[i],
    PaymentMethod: c.PaymentMethod[i],
    MonthlyCharges: c.MonthlyCharges[i],
    TotalCharges: c.TotalCharges[i],
    persona: c.persona[i],
    planTier: c.planTier[i],
    sessionsPerMonth: c.sessionsPerMonth[i],
    paymentDelayDays: c.paymentDelayDays[i],
    supportCalls90d: c.supportCalls90d[i],
    engagementScore: c.engagementScore[i],
    engagementLevel: c.engagementLevel[i],
    lifecycleStage: c.lifecycleStage[i],
    variant: c.variant[i],
  } as Customer;
  // Optional fields stay absent when null, as on the Customer that was written.
  if (c.Churn[i] !== null) customer.Churn = c.Churn[i] as Customer["Churn"];
  if (c.true_churn_probability[i] !== null)
    customer.true_churn_probability = c.true_churn_probability[i] as number;
  return customer;
}
