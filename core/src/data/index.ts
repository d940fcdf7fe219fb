// The public face of core/data: the customer schema, loading and validation, output safety.
export * from "./schema.ts";
export { DataFileError, type DataFileErrorCode } from "./data-file-error.ts";
export { rowErrorMessage, type RejectedRow, type RowError } from "./row-error.ts";
export { readCsvRecords, type CsvReadOptions, type CsvRecord } from "./read-csv-records.ts";
export {
  readCustomerRows,
  type CustomerRowEvent,
  type CustomerRowOptions,
  type EnrichFn,
} from "./read-customer-rows.ts";
export { loadCustomers, type LoadOptions, type LoadProgress, type LoadResult } from "./load-customers.ts";
export { quarantinePathFor, writeQuarantine } from "./write-quarantine.ts";
export { csvSafe } from "./csv-safe.ts";
export { displaySafe, type DisplaySafeOptions } from "./display-safe.ts";
