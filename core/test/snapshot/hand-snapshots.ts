/**
 * Two tiny snapshots with round numbers, for checking aggregates against values worked out by hand
 * (in each test's comments). SHAP values are exact in float32.
 */
import type { Customer } from "../../src/data/schema.ts";
import {
  createSnapshotWriter,
  loadSnapshot,
  type RiskBand,
  type Snapshot,
} from "../../src/snapshot/index.ts";
import { statusFromChurn } from "../../src/snapshot/status-from-churn.ts";
import { customer } from "../fixtures/customer.ts";
import { toBatch, type ScoredRow } from "./synthetic-scored.ts";

export const HAND_SOURCES = ["Contract", "tenure"];

interface HandRow {
  id: string;
  contract: Customer["Contract"];
  monthly: number;
  churn?: "Yes" | "No";
  p: number;
  band: RiskBand;
  shap: [number, number];
}

/** Current snapshot: A, B, C, D, E, G. */
export const CURRENT: HandRow[] = [
  {
    id: "A",
    contract: "Month-to-month",
    monthly: 100,
    churn: "Yes",
    p: 0.8,
    band: "High",
    shap: [0.5, -0.25],
  },
  { id: "B", contract: "Month-to-month", monthly: 50, p: 0.4, band: "Medium", shap: [0.25, 0.25] },
  { id: "C", contract: "One year", monthly: 80, churn: "No", p: 0.1, band: "Low", shap: [-1, 0.5] },
  { id: "D", contract: "Two year", monthly: 20, churn: "No", p: 0.05, band: "Low", shap: [-0.5, 0] },
  { id: "E", contract: "Month-to-month", monthly: 60, p: 0.7, band: "High", shap: [0.75, -0.5] },
  { id: "G", contract: "Month-to-month", monthly: 40, churn: "Yes", p: 0.9, band: "High", shap: [0.5, 0.5] },
];

/** Previous snapshot: A, B, C, E, F (D and G are new since; F has gone). */
export const PREVIOUS: HandRow[] = [
  { id: "A", contract: "Month-to-month", monthly: 100, p: 0.5, band: "Medium", shap: [0.25, 0] },
  { id: "B", contract: "Month-to-month", monthly: 50, p: 0.4, band: "Medium", shap: [0.25, 0.25] },
  { id: "C", contract: "One year", monthly: 80, p: 0.3, band: "Medium", shap: [0, 0] },
  { id: "E", contract: "Month-to-month", monthly: 60, p: 0.9, band: "High", shap: [1, 0] },
  { id: "F", contract: "Two year", monthly: 30, p: 0.2, band: "Low", shap: [-0.5, 0] },
];

export function handRow(r: HandRow, inputRow: number): ScoredRow {
  const c = customer({ customerID: r.id, Contract: r.contract, MonthlyCharges: r.monthly, Churn: r.churn });
  if (r.churn === undefined) delete c.Churn;
  return {
    customer: c,
    status: statusFromChurn(r.churn),
    inputRow,
    probability: r.p,
    margin: Math.log(r.p / (1 - r.p)),
    band: r.band,
    contributions: r.shap,
    drivers: [{ source: "Contract", label: `Contract = ${r.contract}`, value: r.shap[0] }],
  };
}

/** Writes rows as a snapshot in `dir` at `time` and loads it. */
export async function handSnapshot(dir: string, rows: HandRow[], time: string): Promise<Snapshot> {
  const writer = await createSnapshotWriter({
    dir,
    model: { name: "hand", hash: "h1" },
    dataHash: "d1",
    clock: () => new Date(time),
  });
  await writer.append(toBatch(rows.map(handRow), HAND_SOURCES));
  const manifest = await writer.finish();
  return loadSnapshot(`${dir}/${manifest.id}`);
}
