import { readCsvRecords } from "../data/read-csv-records.ts";
import { REQUIRED_COLUMNS } from "../data/schema.ts";

/**
 * Whether a CSV has the IBM Telco columns that the built-in loader reads (with the simulator's
 * behaviour columns filled in when absent). Files the loader cannot read — another schema — go
 * through their dataset contract instead. An unreadable file answers true: the loader then
 * reports why, as it always has.
 */
export async function isLegacyCustomerFile(path: string): Promise<boolean> {
  const records = readCsvRecords(path);
  try {
    const first = await records.next();
    if (first.done) return true;
    const have = new Set(first.value.cells.map((c) => c.trim()));
    return REQUIRED_COLUMNS.every((c) => have.has(c));
  } catch {
    return true;
  } finally {
    await records.return(undefined);
  }
}
