import { describe, expect, it } from "vitest";
import { contractSimulator } from "../../src/data/contract-simulation.ts";
import { isSimulatedColumn, type DatasetContract } from "../../src/data/dataset-contract.ts";
import { presetContract } from "../../src/data/dataset-presets.ts";
import { enrichCustomer } from "../../src/data/enrichment.ts";
import { readContractRows, type ContractRowEvent } from "../../src/data/read-contract-rows.ts";
import type { CsvRecord } from "../../src/data/read-csv-records.ts";
import { ENRICHMENT_COLUMNS, TELCO_COLUMNS } from "../../src/data/schema.ts";
import { ACCOUNTS_CONTRACT } from "../fixtures/accounts-cv.ts";
import { validRow } from "./customer-csv.ts";

/** A team's Telco-shaped table whose contract asks the simulator for the behaviour columns it lacks. */
function withBehaviour(): DatasetContract {
  const c = presetContract("simulated");
  delete c.simulated;
  return { ...c, name: "telco-demo", simulate: { columns: [...ENRICHMENT_COLUMNS] } };
}

async function* records(rows: Record<string, string>[]): AsyncGenerator<CsvRecord> {
  yield { line: 1, cells: [...TELCO_COLUMNS] };
  for (const [i, r] of rows.entries()) yield { line: i + 2, cells: TELCO_COLUMNS.map((c) => r[c]) };
}

describe("contractSimulator", () => {
  it("fills only the columns the contract asks for, as the simulator makes them, and they are marked simulated", async () => {
    const contract = withBehaviour();
    const rows = [validRow("A-1"), validRow("B-2", { tenure: "40", Contract: "Two year" })];
    const events: ContractRowEvent[] = [];
    for await (const e of readContractRows(records(rows), contract, { file: "t.csv", simulate: contractSimulator(contract) }))
      events.push(e);
    expect(events[0]).toMatchObject({ kind: "header", simulatedColumns: [...ENRICHMENT_COLUMNS] });
    const accepted = events.filter((e) => e.kind === "accepted");
    expect(accepted).toHaveLength(2);
    for (const e of accepted) {
      const made = enrichCustomer({ ...e.customer, customerID: String(e.customer.customerID) } as never);
      for (const column of ENRICHMENT_COLUMNS) expect(e.customer[column]).toEqual(made[column]);
    }
    expect(isSimulatedColumn(contract, "persona")).toBe(true);
    expect(isSimulatedColumn(contract, "tenure")).toBe(false);
  });

  it("invents nothing unless asked: the same file without simulate names the missing columns", async () => {
    const contract = withBehaviour();
    delete contract.simulate;
    const read = async () => {
      for await (const _ of readContractRows(records([validRow("A-1")]), contract, { file: "t.csv" }));
    };
    await expect(read()).rejects.toThrow(/missing columns in "t.csv" that contract "telco-demo" requires: persona, planTier/);
    expect(contractSimulator(contract)).toBeUndefined();
  });

  it("refuses to simulate for a table that lacks what the simulator reads, or a column it cannot make", () => {
    expect(() => contractSimulator({ ...ACCOUNTS_CONTRACT, simulate: { columns: ["persona"] } })).toThrow(
      /simulate: the simulator derives behaviour from the Telco columns, and this contract lacks gender, SeniorCitizen/,
    );
    expect(() => contractSimulator({ ...withBehaviour(), simulate: { columns: ["mood"] } })).toThrow(
      /simulate: the simulator cannot make "mood"/,
    );
  });
});
