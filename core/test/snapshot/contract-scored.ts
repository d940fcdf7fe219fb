/**
 * A non-Telco customer table for snapshot tests: a fitness club's members, described by an inline
 * dataset contract (an id, a boolean, an integer with blanks, a category that rejects blanks and one
 * that allows them, a date, a label whose blanks are current members, an owner and a revenue
 * column that is not a feature). Rows are seeded CSV text validated by `readContractRows`, so the
 * snapshot sees exactly what the contract reader yields; scores are synthetic.
 */
import { parseDatasetContract } from "../../src/data/read-dataset-contract.ts";
import {
  readContractRows,
  type ContractRow,
  type CustomerStatus,
} from "../../src/data/read-contract-rows.ts";
import type { Driver, ScoredBatch } from "../../src/snapshot/scored-batch.ts";
import { bandOf } from "./synthetic-scored.ts";

export const CLUB = parseDatasetContract(
  {
    contract: 1,
    name: "fitness-club",
    id: { column: "member_id" },
    label: { column: "cancelled", churned: ["yes"], retained: ["no", "renewed"] },
    revenue: { column: "monthly_fee", currency: "EUR" },
    owner: { column: "coach" },
    segments: ["plan"],
    features: [
      { column: "has_locker", type: "boolean" },
      { column: "visits_90d", type: "integer", min: 0, max: 500 },
      {
        column: "plan",
        type: "category",
        values: ["basic", "plus", "premium"],
        missing: { treat: "reject" },
      },
      { column: "region", type: "category", values: ["north", "south", "east", "west"] },
      { column: "joined", type: "date" },
    ],
  },
  "fitness-club (inline)",
);

export const CLUB_SOURCES = ["plan", "visits_90d", "has_locker"];

export const CLUB_HEADER = [
  "member_id",
  "has_locker",
  "visits_90d",
  "plan",
  "region",
  "joined",
  "cancelled",
  "coach",
  "monthly_fee",
];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded CSV cells of `rows` members (blanks in every column that allows them). */
export function clubCells(rows: number, seed: number): string[][] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  return Array.from({ length: rows }, (_, i) => [
    `m-${seed}-${String(i).padStart(5, "0")}`,
    pick(["yes", "no", "Y", "0", "1", "TRUE"]),
    r() < 0.2 ? "" : String(Math.floor(r() * 120)),
    pick(["basic", "plus", "premium"]),
    r() < 0.25 ? "" : pick(["north", "south", "east", "west"]),
    r() < 0.1 ? "" : `20${10 + Math.floor(r() * 16)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 10)}`,
    pick(["", "", "yes", "no", "renewed"]), // blanks are current members
    r() < 0.3 ? "" : pick(["Ana Souza", "Jörg Müller", "李雷", "Sam O'Neil"]),
    r() < 0.15 ? "" : (Math.round(r() * 9000) / 100).toFixed(2),
  ]);
}

/** The members as the contract reader accepts them, with their statuses. */
export async function clubRows(
  rows: number,
  seed: number,
): Promise<{ customers: ContractRow[]; status: CustomerStatus[] }> {
  async function* records() {
    yield { line: 1, cells: CLUB_HEADER };
    let line = 2;
    for (const cells of clubCells(rows, seed)) yield { line: line++, cells };
  }
  const customers: ContractRow[] = [];
  const status: CustomerStatus[] = [];
  for await (const e of readContractRows(records(), CLUB, { file: "club.csv" })) {
    if (e.kind === "rejected") throw new Error(`fixture row rejected: ${e.row.reason}`);
    if (e.kind === "accepted") {
      customers.push(e.customer);
      status.push(e.status);
    }
  }
  return { customers, status };
}

/** Synthetic scores for members `from … to−1` (input rows are their positions), deterministic. */
export function clubBatch(
  customers: readonly ContractRow[],
  status: readonly CustomerStatus[],
  from: number,
  to: number,
  keep: (i: number) => boolean = () => true,
): ScoredBatch<ContractRow> {
  const rows = Array.from({ length: to - from }, (_, k) => from + k).filter(keep);
  const width = CLUB_SOURCES.length;
  const contributions = new Float32Array(rows.length * width);
  const margin = new Float64Array(rows.length);
  const drivers: Driver[][] = [];
  rows.forEach((i, k) => {
    const r = random(i + 1);
    let m = -1;
    for (let s = 0; s < width; s++) {
      const v = Math.fround((r() - 0.5) * 2);
      contributions[k * width + s] = v;
      m += v;
    }
    margin[k] = m;
    drivers.push(
      CLUB_SOURCES.map((source, s) => ({
        source,
        label: `${source} = ${customers[i][source]}`,
        value: contributions[k * width + s],
      }))
        .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
        .slice(0, i % 4),
    );
  });
  const probability = Float64Array.from(margin, (m) => 1 / (1 + Math.exp(-m)));
  return {
    customers: rows.map((i) => customers[i]),
    status: rows.map((i) => status[i]),
    inputRow: Int32Array.from(rows),
    probability,
    margin,
    band: Array.from(probability, bandOf),
    sources: CLUB_SOURCES,
    contributions,
    drivers,
  };
}
