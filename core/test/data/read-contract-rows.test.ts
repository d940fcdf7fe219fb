import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCustomers } from "../../src/data/load-customers.ts";
import { presetContract } from "../../src/data/dataset-presets.ts";
import { parseDatasetContractText } from "../../src/data/read-dataset-contract.ts";
import { readContractRows, type ContractRowEvent } from "../../src/data/read-contract-rows.ts";
import { readCsvRecords } from "../../src/data/read-csv-records.ts";
import { TELCO_COLUMNS } from "../../src/data/schema.ts";
import { TELCO_CSV, TELCO_SKIP_REASON } from "../fixtures/paths.ts";
import { tempDir } from "./customer-csv.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const contract = parseDatasetContractText(
  `contract: 1
name: accounts
id: { column: account_id }
label: { column: churn, churned: ["yes"], retained: ["no"] }
revenue: { column: mrr, currency: EUR }
owner: { column: csm }
features:
  - { column: calls, type: integer, min: 0, max: 50 }
  - { column: plan, type: category, values: [basic, pro] }
  - { column: intl, type: boolean }
  - { column: since, type: date, min: "2000-01-01" }
  - { column: minutes, type: number, missing: { values: ["", "NA"] } }
`,
  "accounts.yaml",
);

async function read(csv: string): Promise<ContractRowEvent[]> {
  const path = join(tmp.dir, `t-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, csv);
  const out: ContractRowEvent[] = [];
  for await (const e of readContractRows(readCsvRecords(path), contract, { file: "accounts.csv" })) out.push(e);
  return out;
}

describe("readContractRows", () => {
  it("types every cell by its declaration and gives each row its status", async () => {
    const events = await read(
      "account_id,calls,plan,intl,since,minutes,churn,mrr,csm,notes\n" +
        "A1,3,pro,Yes,2021-03-04,120.5,yes,49.9,ana,x\n" +
        "A2,0,basic,no,2020-01-01,NA,no,10,,y\n" +
        "A3,1,basic,TRUE,2024-12-31,,,0,bo,z\n",
    );
    expect(events[0]).toMatchObject({ kind: "header", hasLabel: true, extraColumns: ["notes"] });
    expect(events[1]).toEqual({ kind: "warning", message: 'columns not in the contract, ignored: "notes"' });
    const accepted = events.filter((e) => e.kind === "accepted");
    expect(accepted.map((e) => e.status)).toEqual(["churned", "retained", "current"]);
    expect(accepted[0].customer).toEqual({
      account_id: "A1", calls: 3, plan: "pro", intl: 1, since: 18690, minutes: 120.5, mrr: 49.9, csm: "ana", churn: "yes",
    });
    expect(accepted[1].customer).toMatchObject({ minutes: null, intl: 0, csm: null });
    expect(accepted[2].customer.churn).toBeNull();
  });

  it("rejects bad rows with a message naming line and column, and keeps the good ones", async () => {
    const events = await read(
      "account_id,calls,plan,intl,since,minutes,churn\n" +
        "A1,3,gold,Yes,2021-03-04,1,yes\n" +
        "A2,-1,basic,maybe,2021-02-30,1,no\n" +
        "A1,2,basic,no,2021-01-01,1,gone\n" +
        "A4,2,basic,no\n" +
        "A5,2,basic,no,2021-01-01,1,no\n",
    );
    const rejected = events.filter((e) => e.kind === "rejected");
    expect(rejected.map((e) => e.row.reason)).toEqual([
      'invalid plan: "gold" (line 2, column plan): not one of "basic", "pro"',
      'invalid calls: "-1" (line 3, column calls): below 0; invalid intl: "maybe" (line 3, column intl): not "yes", "true", "1", "no", "false", "0"; invalid since: "2021-02-30" (line 3, column since): not a date (YYYY-MM-DD)',
      'duplicate account_id: "A1" (line 4, column account_id): first seen on line 2; invalid churn: "gone" (line 4, column churn): not "yes", "no" (or blank for a current customer)',
      'too few fields: "4" (line 5): expected 7',
    ]);
    expect(events.filter((e) => e.kind === "accepted").map((e) => e.customer.account_id)).toEqual(["A5"]);
  });

  it("names every missing column and the contract that asked for it", async () => {
    await expect(read("account_id,calls\nA1,3\n")).rejects.toThrow(
      'missing columns in "accounts.csv" that contract "accounts" requires: plan, intl, since, minutes',
    );
  });

  it("scores a label-free file: every customer is current", async () => {
    const events = await read("account_id,calls,plan,intl,since,minutes\nA1,3,pro,Yes,2021-03-04,1\n");
    expect(events[0]).toMatchObject({ hasLabel: false });
    expect(events.find((e) => e.kind === "accepted")).toMatchObject({ status: "current" });
  });

  it.skipIf(!TELCO_CSV)(`reads the real Telco file under the telco preset exactly as the Telco loader does (${TELCO_SKIP_REASON})`, async () => {
    const legacy = await loadCustomers(TELCO_CSV!);
    const rows: Record<string, unknown>[] = [];
    const statuses: string[] = [];
    const warnings: string[] = [];
    const file = TELCO_CSV!;
    for await (const e of readContractRows(readCsvRecords(file), presetContract("telco"), { file })) {
      if (e.kind === "accepted") {
        rows.push(e.customer);
        statuses.push(e.status);
      } else if (e.kind === "warning") warnings.push(e.message);
      else if (e.kind === "rejected") throw new Error(e.row.reason);
    }
    expect(rows.length).toBe(legacy.accepted);
    const pick = (c: Record<string, unknown>) => Object.fromEntries(TELCO_COLUMNS.map((k) => [k, c[k]]));
    expect(rows.map(pick)).toEqual(legacy.customers.map((c) => pick(c as unknown as Record<string, unknown>)));
    expect(warnings).toEqual(legacy.warnings.filter((w) => w.startsWith("blank TotalCharges")));
    expect(statuses.filter((s) => s === "churned").length).toBe(legacy.customers.filter((c) => c.Churn === "Yes").length);
  });
});
