// The scoring area's public face: a served model, batch scoring into snapshots, explanations.
export { openChurnModel, type ChurnModel } from "./churn-model.ts";
export { scoreCustomers, type ScoreCustomersOptions } from "./score-customers.ts";
export { explainCustomer, type Explanation } from "./explain-customer.ts";
