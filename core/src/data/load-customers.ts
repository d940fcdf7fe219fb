import { readCustomerRows, type CustomerRowOptions } from "./read-customer-rows.ts";
import type { RejectedRow, RowError } from "./row-error.ts";
import type { Customer, EnrichmentColumn } from "./schema.ts";

/** Everything a load produced: nothing read is dropped without a trace. */
export interface LoadResult {
  file: string;
  /** The header as read (trimmed), extra columns included. */
  columns: string[];
  hasChurn: boolean;
  enrichmentFromFile: EnrichmentColumn[];
  customers: Customer[];
  /** Rows kept out, with raw cells and reason: write them with writeQuarantine. */
  rejected: RejectedRow[];
  /** One entry per problem (a rejected row may have several). */
  errors: RowError[];
  warnings: string[];
  accepted: number;
  rejectedCount: number;
}

export interface LoadProgress {
  bytesRead: number;
  totalBytes: number;
}

export interface LoadOptions extends CustomerRowOptions {
  onProgress?: (progress: LoadProgress) => void;
}

/**
 * Loads and validates a whole customer CSV into memory. Valid rows load even when others are
 * rejected; a file-level problem throws one DataFileError. For streaming, use readCustomerRows.
 *
 * @example
 * const result = await loadCustomers("customers.csv");
 * console.log(`${result.accepted} accepted, ${result.rejectedCount} rejected`);
 * if (result.rejectedCount > 0) await writeQuarantine("customers.quarantine.csv", result.rejected, result.columns);
 */
export async function loadCustomers(path: string, options: LoadOptions = {}): Promise<LoadResult> {
  const { onProgress, ...rest } = options;
  const result: LoadResult = {
    file: options.file ?? path,
    columns: [],
    hasChurn: false,
    enrichmentFromFile: [],
    customers: [],
    rejected: [],
    errors: [],
    warnings: [],
    accepted: 0,
    rejectedCount: 0,
  };
  const onBytes = onProgress
    ? (bytesRead: number, totalBytes: number) => onProgress({ bytesRead, totalBytes })
    : options.onBytes;
  for await (const event of readCustomerRows(path, { ...rest, onBytes })) {
    switch (event.kind) {
      case "header":
        result.columns = event.columns;
        result.hasChurn = event.hasChurn;
        result.enrichmentFromFile = event.enrichmentFromFile;
        break;
      case "accepted":
        result.customers.push(event.customer);
        break;
      case "rejected":
        result.rejected.push(event.row);
        for (const error of event.errors) result.errors.push(error);
        break;
      case "warning":
        result.warnings.push(event.message);
        break;
    }
  }
  result.accepted = result.customers.length;
  result.rejectedCount = result.rejected.length;
  return result;
}
