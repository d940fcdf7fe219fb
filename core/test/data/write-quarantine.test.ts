import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { loadCustomers, quarantinePathFor, writeQuarantine } from "../../src/data/index.ts";
import { HEADER, line, tempDir, validRow } from "./customer-csv.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe("writeQuarantine", () => {
  it("writes every rejected row with its original columns, line and reason, so it can be fixed and reloaded", async () => {
    const columns = [...HEADER, "note"];
    const rows = [
      line({ ...validRow("K-1"), note: "fine" }, columns), // line 2
      line({ ...validRow("K-2", { Contract: "Three year" }), note: "multi\nline" }, columns), // lines 3-4
      line({ ...validRow("K-3", { MonthlyCharges: "=1+1" }), note: "-5" }, columns), // line 5
      line({ ...validRow("K-4"), note: "" }, columns).split(",").slice(0, 3).join(","), // line 6: too few fields
      line({ ...validRow("K-1"), note: "again" }, columns), // line 7: duplicate
    ];
    const input = tmp.file("customers.csv", [columns.join(","), ...rows].join("\n"));
    const result = await loadCustomers(input);
    expect(result.accepted).toBe(1);

    const path = quarantinePathFor(input);
    expect(path).toBe(join(tmp.dir, "customers.quarantine.csv"));
    expect(await writeQuarantine(path, result.rejected, result.columns)).toBe(4);

    const records = parse(readFileSync(path), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(records[0])).toEqual([...columns, "line", "reason"]);
    expect(records.map((r) => r.line)).toEqual(["3", "5", "6", "7"]);
    expect(records.map((r) => r.customerID)).toEqual(["K-2", "K-3", "K-4", "K-1"]);
    expect(records[0].note).toBe("multi\nline");
    expect(records[0].reason).toMatch(/^invalid Contract: "Three year" \(line 3, column Contract\)/);
    expect(records[1].MonthlyCharges).toBe("'=1+1"); // neutralised for spreadsheets
    expect(records[1].note).toBe("-5"); // a plain negative number stays a number
    expect(records[2].tenure).toBe(""); // padded
    expect(records[2].reason).toBe(`too few fields: "3" (line 6): expected 22`);
    expect(records[3].reason).toMatch(/first seen on line 2$/);

    // Fixing the quarantined rows by hand and loading them again works (the extra columns are ignored).
    const fixed = records
      .filter((r) => r.customerID === "K-2")
      .map((r) => line({ ...r, Contract: "One year" }, columns));
    const again = await loadCustomers(tmp.file("fixed.csv", [columns.join(","), ...fixed].join("\n")));
    expect(again.customers.map((c) => c.Contract)).toEqual(["One year"]);
  });

  it("puts the file in a given directory", () => {
    expect(quarantinePathFor("/data/in/customers.CSV", "/out")).toBe("/out/customers.quarantine.csv");
  });

  it("writes just a header when nothing was rejected", async () => {
    const path = join(tmp.dir, "none.quarantine.csv");
    expect(await writeQuarantine(path, [], ["a", "b"])).toBe(0);
    expect(readFileSync(path, "utf8")).toBe("a,b,line,reason\n");
  });
});
