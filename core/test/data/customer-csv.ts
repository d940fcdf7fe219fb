// Test helper: builds customer CSV files (valid rows plus deliberate faults) in a temp directory.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TELCO_COLUMNS } from "../../src/data/schema.ts";

export const HEADER: readonly string[] = TELCO_COLUMNS;

/** A valid Telco row (the first row of the real file) with another ID and any cells replaced. */
export function validRow(id: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    customerID: id,
    gender: "Female",
    SeniorCitizen: "0",
    Partner: "Yes",
    Dependents: "No",
    tenure: "1",
    PhoneService: "No",
    MultipleLines: "No phone service",
    InternetService: "DSL",
    OnlineSecurity: "No",
    OnlineBackup: "Yes",
    DeviceProtection: "No",
    TechSupport: "No",
    StreamingTV: "No",
    StreamingMovies: "No",
    Contract: "Month-to-month",
    PaperlessBilling: "Yes",
    PaymentMethod: "Electronic check",
    MonthlyCharges: "29.85",
    TotalCharges: "29.85",
    Churn: "No",
    ...overrides,
  };
}

/** RFC 4180 quoting, only where needed (or always with `force`). */
export function quote(cell: string, force = false): string {
  return force || /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One CSV line from a row object, in `columns` order. */
export function line(row: Record<string, string>, columns: readonly string[] = HEADER): string {
  return columns.map((c) => quote(row[c] ?? "")).join(",");
}

/** A temp directory that tests write files into; call `cleanup` in afterAll. */
export function tempDir(): { dir: string; file: (name: string, content: string | Buffer) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "engagetrack-data-"));
  return {
    dir,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
