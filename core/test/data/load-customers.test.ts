import { afterAll, describe, expect, it } from "vitest";
import { DataFileError, loadCustomers, type LoadResult } from "../../src/data/index.ts";
import { ENRICHMENT_COLUMNS, type Enrichment, type TelcoRecord } from "../../src/data/schema.ts";
import { HEADER, line, quote, tempDir, validRow } from "./customer-csv.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Every valid row loaded, in order, and exactly the expected lines rejected: nothing lost. */
function expectNothingLost(result: LoadResult, acceptedIds: string[], rejectedLines: number[]): void {
  expect(result.customers.map((c) => c.customerID)).toEqual(acceptedIds);
  expect(result.rejected.map((r) => r.line)).toEqual(rejectedLines);
  expect(result.accepted).toBe(acceptedIds.length);
  expect(result.rejectedCount).toBe(rejectedLines.length);
}

async function fileError(path: string, options = {}): Promise<DataFileError> {
  const err = await loadCustomers(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataFileError);
  const e = err as DataFileError;
  expect(e.message).not.toMatch(/\n/); // one line, no stack trace in the message
  return e;
}

const CONTRACTS = `"Month-to-month", "One year", "Two year"`;

describe("loadCustomers: rows", () => {
  it("loads a clean file with enrichment computed by the default enrichCustomer", async () => {
    const path = tmp.file("clean.csv", [HEADER.join(","), line(validRow("A-1")), line(validRow("A-2"))].join("\n"));
    const result = await loadCustomers(path);
    expectNothingLost(result, ["A-1", "A-2"], []);
    expect(result.warnings).toEqual([]);
    expect(result.errors).toEqual([]);
    const c = result.customers[0];
    expect(c).toMatchObject({ tenure: 1, SeniorCitizen: 0, MonthlyCharges: 29.85, TotalCharges: 29.85, Churn: "No" });
    for (const column of ENRICHMENT_COLUMNS) expect(c[column]).toBeDefined();
    expect(result.enrichmentFromFile).toEqual([]);
  });

  it("handles a UTF-8 BOM and CRLF line endings", async () => {
    const text = "\uFEFF" + [HEADER.join(","), line(validRow("B-1")), line(validRow("B-2", { Contract: "Nope" }))].join("\r\n") + "\r\n";
    const result = await loadCustomers(tmp.file("bom-crlf.csv", text));
    expect(result.columns[0]).toBe("customerID");
    expectNothingLost(result, ["B-1"], [3]);
    expect(result.customers[0].Churn).toBe("No"); // no stray \r on the last column
  });

  it("reads quoted fields with commas, quotes and newlines, and keeps physical line numbers", async () => {
    const columns = [...HEADER, "note"];
    const rows = [
      columns.join(","),
      line({ ...validRow("Q-1"), note: 'says "hi", then\nleaves\r\nfor good' }, columns), // lines 2-4
      line({ ...validRow("Q-2", { PaymentMethod: "Bank transfer (automatic)" }), note: "" }, columns).replace(
        "Bank transfer (automatic)",
        quote("Bank transfer (automatic)", true),
      ), // line 5
      line({ ...validRow("Q-3", { Contract: "Month-to-\nmonth" }), note: "x" }, columns), // lines 6-7, rejected
      line({ ...validRow("Q-4", { Contract: "Three year" }), note: "y" }, columns), // line 8, rejected
      line({ ...validRow("Q-5"), note: "z" }, columns), // line 9
    ];
    const result = await loadCustomers(tmp.file("quoted.csv", rows.join("\n")));
    expectNothingLost(result, ["Q-1", "Q-2", "Q-5"], [6, 8]);
    expect(result.customers[1].PaymentMethod).toBe("Bank transfer (automatic)");
    expect(result.errors[1].message).toBe(`invalid Contract: "Three year" (line 8, column Contract): not one of ${CONTRACTS}`);
    expect(result.rejected[0].cells[HEADER.indexOf("Contract")]).toBe("Month-to-\nmonth");
  });

  it("skips empty and whitespace-only lines without shifting line numbers", async () => {
    const text = [HEADER.join(","), "", line(validRow("E-1")), "   ", "", line(validRow("E-2", { tenure: "x" })), ""].join("\n");
    const result = await loadCustomers(tmp.file("blank-lines.csv", text));
    expectNothingLost(result, ["E-1"], [6]);
  });

  it("ignores extra columns with one warning naming them all", async () => {
    const columns = ["region", ...HEADER, "notes", ""];
    const row = (id: string) => line({ ...validRow(id), region: "north", notes: "n" }, columns);
    const result = await loadCustomers(tmp.file("extra.csv", [columns.join(","), row("X-1"), row("X-2")].join("\n")));
    expectNothingLost(result, ["X-1", "X-2"], []);
    expect(result.warnings).toEqual([`extra columns ignored: "region", "notes", "(unnamed column 24)"`]);
    expect(result.customers[0]).not.toHaveProperty("region");
    expect(result.columns).toEqual(columns);
  });

  it("rejects ragged rows (too few or too many fields) with a reason, keeping their cells", async () => {
    const good = line(validRow("R-1"));
    const short = line(validRow("R-2")).split(",").slice(0, 20).join(",");
    const long = `${line(validRow("R-3"))},surplus,more`;
    const result = await loadCustomers(tmp.file("ragged.csv", [HEADER.join(","), good, short, long, line(validRow("R-4"))].join("\n")));
    expectNothingLost(result, ["R-1", "R-4"], [3, 4]);
    expect(result.errors.map((e) => e.message)).toEqual([
      `too few fields: "20" (line 3): expected 21`,
      `too many fields: "23" (line 4): expected 21; extra cells: "surplus", "more"`,
    ]);
    expect(result.errors[0].column).toBeNull();
    expect(result.rejected[1].cells).toHaveLength(23);
  });

  it("rejects wrong types, out-of-range numbers and unknown categories with file, line, column, value, reason", async () => {
    const rows = [
      validRow("T-1"),
      validRow("T-2", { tenure: "abc" }),
      validRow("T-3", { tenure: "200" }),
      validRow("T-4", { MonthlyCharges: "-1" }),
      validRow("T-5", { Contract: "Three year" }),
      validRow("T-6", { SeniorCitizen: "yes" }),
      validRow("T-7", { customerID: "=cmd|x" }),
      validRow("T-8"),
    ];
    const path = tmp.file("types.csv", [HEADER.join(","), ...rows.map((r) => line(r))].join("\n"));
    const result = await loadCustomers(path);
    expectNothingLost(result, ["T-1", "T-8"], [3, 4, 5, 6, 7, 8]);
    expect(result.errors.map(({ file, line, column, value, reason }) => ({ file, line, column, value, reason }))).toEqual([
      { file: path, line: 3, column: "tenure", value: "abc", reason: "not a whole number" },
      { file: path, line: 4, column: "tenure", value: "200", reason: "above 120" },
      { file: path, line: 5, column: "MonthlyCharges", value: "-1", reason: "below 0" },
      { file: path, line: 6, column: "Contract", value: "Three year", reason: `not one of ${CONTRACTS}` },
      { file: path, line: 7, column: "SeniorCitizen", value: "yes", reason: "not 0 or 1" },
      {
        file: path,
        line: 8,
        column: "customerID",
        value: "=cmd|x",
        reason: "only letters, digits, '-', '_' and '.' are allowed",
      },
    ]);
    expect(result.errors[1].message).toBe(`invalid tenure: "200" (line 4, column tenure): above 120`);
  });

  it("reports every bad cell of a row but rejects the row once", async () => {
    const bad = validRow("M-1", { gender: "X", TotalCharges: "lots" });
    const result = await loadCustomers(tmp.file("multi.csv", [HEADER.join(","), line(bad), line(validRow("M-2"))].join("\n")));
    expectNothingLost(result, ["M-2"], [2]);
    expect(result.errors.map((e) => e.column)).toEqual(["gender", "TotalCharges"]);
    expect(result.rejected[0].reason).toBe(result.errors.map((e) => e.message).join("; "));
    expect(result.errors[1].reason).toBe("not a number");
  });

  it("rejects second and later occurrences of a customerID, naming the first line", async () => {
    const rows = [validRow("D-1"), validRow("D-2"), validRow("D-1", { tenure: "5" }), validRow("D-3"), validRow("D-1")];
    const result = await loadCustomers(tmp.file("dupes.csv", [HEADER.join(","), ...rows.map((r) => line(r))].join("\n")));
    expectNothingLost(result, ["D-1", "D-2", "D-3"], [4, 6]);
    expect(result.errors.map((e) => e.message)).toEqual([
      `duplicate customerID: "D-1" (line 4, column customerID): first seen on line 2`,
      `duplicate customerID: "D-1" (line 6, column customerID): first seen on line 2`,
    ]);
    expect(result.customers[0].tenure).toBe(1); // the first occurrence wins
  });

  it("keeps blank TotalCharges as null, warning only when tenure > 0", async () => {
    const rows = [
      validRow("N-1", { tenure: "0", TotalCharges: "" }),
      validRow("N-2", { tenure: "0", TotalCharges: " " }),
      validRow("N-3", { tenure: "7", TotalCharges: "" }),
    ];
    const result = await loadCustomers(tmp.file("blank-total.csv", [HEADER.join(","), ...rows.map((r) => line(r))].join("\n")));
    expectNothingLost(result, ["N-1", "N-2", "N-3"], []);
    expect(result.customers.map((c) => c.TotalCharges)).toEqual([null, null, null]);
    expect(result.warnings).toEqual([`blank TotalCharges with tenure 7 (line 4, column TotalCharges): kept as missing`]);
  });

  it("loads scoring files without a Churn column", async () => {
    const columns = HEADER.filter((c) => c !== "Churn");
    const result = await loadCustomers(
      tmp.file("no-churn.csv", [columns.join(","), line(validRow("S-1"), columns), line(validRow("S-2"), columns)].join("\n")),
    );
    expectNothingLost(result, ["S-1", "S-2"], []);
    expect(result.hasChurn).toBe(false);
    expect(result.customers[0]).not.toHaveProperty("Churn");
  });

  it("rejects a blank or unknown Churn when the column is there", async () => {
    const rows = [validRow("C-1", { Churn: "" }), validRow("C-2", { Churn: "Maybe" }), validRow("C-3", { Churn: "Yes" })];
    const result = await loadCustomers(tmp.file("churn.csv", [HEADER.join(","), ...rows.map((r) => line(r))].join("\n")));
    expectNothingLost(result, ["C-3"], [2, 3]);
    expect(result.hasChurn).toBe(true);
  });

  it("keeps enrichment columns from the file (validated) and does not call enrich", async () => {
    const enrichment: Record<string, string> = {
      persona: "Analyst",
      planTier: "Premium",
      sessionsPerMonth: "42",
      paymentDelayDays: "0",
      supportCalls90d: "1",
      engagementScore: "77.5",
      engagementLevel: "High",
      lifecycleStage: "mature",
      variant: "B",
    };
    const columns = [...HEADER, ...ENRICHMENT_COLUMNS, "true_churn_probability"];
    const rows = [
      { ...validRow("F-1"), ...enrichment, true_churn_probability: "0.25" },
      { ...validRow("F-2"), ...enrichment, persona: "Pirate", true_churn_probability: "0.5" },
      { ...validRow("F-3"), ...enrichment, true_churn_probability: "1.5" },
    ];
    const enrich = (): Enrichment => {
      throw new Error("enrich must not be called");
    };
    const result = await loadCustomers(tmp.file("enriched.csv", [columns.join(","), ...rows.map((r) => line(r, columns))].join("\n")), {
      enrich,
    });
    expectNothingLost(result, ["F-1"], [3, 4]);
    expect(result.customers[0]).toMatchObject({ persona: "Analyst", sessionsPerMonth: 42, engagementScore: 77.5, variant: "B" });
    expect(result.customers[0].true_churn_probability).toBe(0.25);
    expect(result.errors.map((e) => e.column)).toEqual(["persona", "true_churn_probability"]);
    expect(result.enrichmentFromFile).toEqual(ENRICHMENT_COLUMNS);
  });

  it("fills only the missing enrichment columns from enrich, with a warning", async () => {
    const columns = [...HEADER, "persona", "variant"];
    const seen: TelcoRecord[] = [];
    const enrich = (record: TelcoRecord): Enrichment => {
      seen.push(record);
      return {
        persona: "Student",
        planTier: "Free",
        sessionsPerMonth: 3,
        paymentDelayDays: 4,
        supportCalls90d: 5,
        engagementScore: 6,
        engagementLevel: "Low",
        lifecycleStage: "dormant",
        variant: "A",
      };
    };
    const row = { ...validRow("P-1"), persona: "Writer", variant: "B" };
    const result = await loadCustomers(tmp.file("partial.csv", [columns.join(","), line(row, columns)].join("\n")), { enrich });
    expectNothingLost(result, ["P-1"], []);
    expect(result.customers[0]).toMatchObject({ persona: "Writer", variant: "B", planTier: "Free", sessionsPerMonth: 3 });
    expect(seen[0]).toMatchObject({ customerID: "P-1", tenure: 1 });
    expect(result.warnings).toEqual([
      "enrichment columns partly present: planTier, sessionsPerMonth, paymentDelayDays, supportCalls90d, engagementScore, engagementLevel, lifecycleStage missing, simulated instead",
    ]);
  });

  it("reports progress in bytes", async () => {
    const path = tmp.file("progress.csv", [HEADER.join(","), line(validRow("G-1"))].join("\n"));
    const seen: Array<{ bytesRead: number; totalBytes: number }> = [];
    await loadCustomers(path, { onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)!.bytesRead).toBe(seen.at(-1)!.totalBytes);
  });
});

describe("loadCustomers: file-level failures end in one DataFileError", () => {
  const header = HEADER.join(",");
  const good = line(validRow("V-1"));

  it("missing file", async () => {
    const e = await fileError(`${tmp.dir}/nope.csv`);
    expect(e.code).toBe("not-found");
    expect(e.message).toBe(`file not found: "${tmp.dir}/nope.csv"`);
  });

  it("a directory", async () => {
    expect((await fileError(tmp.dir)).code).toBe("not-a-file");
  });

  it.skipIf(process.getuid?.() === 0)("unreadable file (skipped as root: root reads anything)", async () => {
    const { chmodSync } = await import("node:fs");
    const path = tmp.file("locked.csv", `${header}\n${good}\n`);
    chmodSync(path, 0o000);
    expect((await fileError(path)).code).toBe("unreadable");
  });

  it("empty file, BOM-only file and blank-lines-only file", async () => {
    expect((await fileError(tmp.file("empty.csv", ""))).code).toBe("empty");
    expect((await fileError(tmp.file("bom-only.csv", "\uFEFF"))).code).toBe("empty");
    expect((await fileError(tmp.file("blank-only.csv", "\n\r\n  \n"))).code).toBe("empty");
  });

  it("header only", async () => {
    const e = await fileError(tmp.file("header-only.csv", `${header}\r\n\r\n`));
    expect(e.code).toBe("header-only");
  });

  it("missing required columns, all listed", async () => {
    const columns = HEADER.filter((c) => !["tenure", "Contract", "TotalCharges"].includes(c));
    const e = await fileError(tmp.file("missing-cols.csv", `${columns.join(",")}\n${line(validRow("V-1"), columns)}\n`));
    expect(e.code).toBe("missing-columns");
    expect(e.message).toMatch(/missing required columns in ".*missing-cols.csv": tenure, Contract, TotalCharges$/);
  });

  it("duplicate header names", async () => {
    const e = await fileError(tmp.file("dup-header.csv", `${header},tenure,gender\n${good},1,Male\n`));
    expect(e.code).toBe("duplicate-columns");
    expect(e.message).toMatch(/: "tenure", "gender"$/);
  });

  it("non-UTF-8 bytes, reporting the line (also across small chunks)", async () => {
    const latin1 = Buffer.concat([
      Buffer.from(`${header}\n${good}\n`),
      Buffer.from(line(validRow("V-2", { gender: "Fémale" })), "latin1"),
      Buffer.from(`\n${line(validRow("V-3"))}\n`),
    ]);
    const path = tmp.file("latin1.csv", latin1);
    for (const chunkBytes of [65536, 7, 1]) {
      const e = await fileError(path, { chunkBytes });
      expect(e.code).toBe("invalid-utf8");
      expect(e.line).toBe(3);
      expect(e.message).toContain("(line 3)");
    }
  });

  it("a character cut at the end of the file is not UTF-8", async () => {
    const cut = Buffer.concat([Buffer.from(`${header}\n${good}\n`), Buffer.from("é").subarray(0, 1)]);
    const e = await fileError(tmp.file("cut.csv", cut));
    expect(e.code).toBe("invalid-utf8");
    expect(e.line).toBe(3);
  });

  it("multi-byte characters split across chunks are fine", async () => {
    const columns = [...HEADER, "note"];
    const text = `${columns.join(",")}\n${line({ ...validRow("U-1"), note: "naïve café 日本 🎉" }, columns)}\n`;
    for (const chunkBytes of [1, 2, 3, 5]) {
      const result = await loadCustomers(tmp.file("utf8.csv", text), { chunkBytes });
      expectNothingLost(result, ["U-1"], []);
    }
  });

  it("binary data (NUL bytes)", async () => {
    const bin = Buffer.concat([Buffer.from(`${header}\n${good}\n`), Buffer.from([0x50, 0x4b, 0x03, 0x00, 0x04])]);
    const e = await fileError(tmp.file("binary.csv", bin));
    expect(e.code).toBe("binary");
    expect(e.line).toBe(3);
  });

  it("a field over the size cap", async () => {
    const columns = [...HEADER, "note"];
    const big = line({ ...validRow("V-9"), note: "x".repeat(20_000) }, columns);
    const e = await fileError(tmp.file("big-field.csv", `${columns.join(",")}\n${line(validRow("V-1"), columns)}\n${big}\n`));
    expect(e.code).toBe("field-too-large");
    expect(e.message).toContain("(line 3, field 22)");
    // A smaller cap is an option.
    expect((await fileError(tmp.file("cap.csv", `${header}\n${good}\n`), { maxFieldBytes: 8 })).code).toBe("field-too-large");
  });

  it("an unclosed quote, naming the line where its record starts", async () => {
    const e = await fileError(tmp.file("unclosed.csv", `${header}\n${good}\n"V-2,Male\n${line(validRow("V-3"))}\n`));
    expect(e.code).toBe("unclosed-quote");
    expect(e.line).toBe(3);
  });

  it("a runaway quoted record over the record cap", async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => line(validRow(`W-${i}`)));
    const text = `${header}\n${good}\n"W,${rows.join("\n")}\n`;
    const e = await fileError(tmp.file("runaway.csv", text), { maxRecordBytes: 64 * 1024 });
    expect(e.code).toBe("record-too-large");
    expect(e.line).toBe(3);
  });
});

const telco = process.env.ENGAGETRACK_TELCO_CSV ?? new URL("../../../../shared/data/telco.csv", import.meta.url).pathname;
const { existsSync } = await import("node:fs");

describe.skipIf(!existsSync(telco))(`the real IBM Telco file (${telco}; skipped when absent)`, () => {
  it("accepts all 7,043 rows, rejects none, and keeps the 11 blank TotalCharges as null", async () => {
    const result = await loadCustomers(telco);
    expect(result.accepted).toBe(7043);
    expect(result.rejectedCount).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]); // every blank TotalCharges is a tenure-0 customer
    const blank = result.customers.filter((c) => c.TotalCharges === null);
    expect(blank).toHaveLength(11);
    expect(blank.every((c) => c.tenure === 0)).toBe(true);
    expect(result.customers.filter((c) => c.Churn === "Yes")).toHaveLength(1869);
    expect(new Set(result.customers.map((c) => c.customerID)).size).toBe(7043);
  });
});
