// `engagetrack data validate` end to end, in-process: real files, real exit codes.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runInProcess, type InProcessRun } from "../fixtures/run-in-process.ts";
import { HEADER, line, tempDir, validRow } from "../../../core/test/data/customer-csv.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function run(...args: string[]): Promise<InProcessRun> {
  return runInProcess(["data", "validate", ...args]);
}

const good = [HEADER.join(","), line(validRow("G-1")), line(validRow("G-2"))].join("\n");
const bad = [
  HEADER.join(","),
  line(validRow("B-1")),
  line(validRow("B-2", { Contract: "Three year" })),
  line(validRow("B-3", { tenure: "7", TotalCharges: "" })),
  line(validRow("B-1")),
].join("\n");

describe("engagetrack data validate", () => {
  it("exits 0 with a one-line summary when every row is valid, writing no quarantine", async () => {
    const path = tmp.file("good.csv", good);
    const r = await run(path);
    expect(r.code).toBe(0);
    // A Telco-shaped file reads through the telco preset, recognised from its header.
    expect(r.stdout).toBe(
      [
        `${path}: 2 rows accepted, 0 rejected, 0 warnings`,
        "dataset telco (preset telco (recognised from the header))",
        "2 customers: 0 current, 2 retained, 0 churned (history)",
        "",
      ].join("\n"),
    );
    expect(existsSync(join(tmp.dir, "good.quarantine.csv"))).toBe(false);
  });

  it("exits 1 on rejected rows, prints the JSON report and quarantines them beside the input", async () => {
    const path = tmp.file("bad.csv", bad);
    const r = await run(path, "--json");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout);
    const quarantine = join(tmp.dir, "bad.quarantine.csv");
    expect(report).toEqual({
      file: path,
      accepted: 2,
      rejected: 2,
      errors: [
        {
          line: 3,
          column: "Contract",
          value: "Three year",
          reason: 'not one of "Month-to-month", "One year", "Two year"',
        },
        { line: 5, column: "customerID", value: "B-1", reason: "first seen on line 2" },
      ],
      warnings: ["blank TotalCharges with tenure 7 (line 4, column TotalCharges): kept as missing"],
      quarantine,
      dataset: { name: "telco", how: "preset telco (recognised from the header)" },
      statuses: { current: 0, retained: 2, churned: 0 },
      simulatedColumns: [],
    });
    const lines = readFileSync(quarantine, "utf8").trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`${HEADER.join(",")},line,reason`);
    expect(lines[1]).toMatch(/^B-2,.*,3,"?invalid Contract/);
  });

  it("prints a human summary listing the problems, and honours --quarantine <dir> and --no-quarantine", async () => {
    const path = tmp.file("bad2.csv", bad);
    const out = join(tmp.dir, "q");
    mkdirSync(out);
    const r = await run(path, "--quarantine", out);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${path}: 2 rows accepted, 2 rejected, 1 warning\n`);
    expect(r.stdout).toContain(`rejected rows written to ${join(out, "bad2.quarantine.csv")}`);
    expect(r.stdout).toContain(`  invalid Contract: "Three year" (line 3, column Contract): not one of`);
    expect(r.stdout).toContain(
      `  duplicate customerID: "B-1" (line 5, column customerID): first seen on line 2`,
    );
    expect(existsSync(join(out, "bad2.quarantine.csv"))).toBe(true);

    const none = tmp.file("bad3.csv", bad);
    expect((await run(none, "--no-quarantine")).code).toBe(1);
    expect(existsSync(join(tmp.dir, "bad3.quarantine.csv"))).toBe(false);
  });

  it.each([
    ["missing file", () => join(tmp.dir, "absent.csv"), /^engagetrack: file not found: ".*absent.csv"\n$/],
    [
      "a table no preset describes",
      () => tmp.file("cols.csv", "customerID,gender\nA,Male\n"),
      /^engagetrack: .*cols.csv does not match a shipped preset \(telco, simulated\): describe its columns with `engagetrack data init .*cols.csv --out contract.yaml`, then pass --dataset contract.yaml\n$/,
    ],
    [
      "not UTF-8",
      () => tmp.file("latin.csv", Buffer.concat([Buffer.from(`${good}\n`), Buffer.from([0xe9, 0x0a])])),
      /^engagetrack: not utf-8 text: invalid byte sequence in ".*latin.csv" \(line 4\)/,
    ],
    ["header only", () => tmp.file("head.csv", `${HEADER.join(",")}\n`), /^engagetrack: no data rows/],
  ])(
    "exits 2 with one clear line and no stack trace on a file-level failure: %s",
    async (_, make, message) => {
      const r = await run(make(), "--json");
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
  );

  it("exits 2 when the quarantine file cannot be written", async () => {
    const path = tmp.file("bad4.csv", bad);
    const r = await run(path, "--quarantine", join(tmp.dir, "no-such-dir", "q.csv"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^engagetrack: cannot write quarantine file .*ENOENT/);
  });

  it("exits 2 rather than write the quarantine over the input", async () => {
    const path = tmp.file("bad5.csv", bad);
    const r = await run(path, "--quarantine", path);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^engagetrack: refusing to write the quarantine over the input/);
    expect(readFileSync(path, "utf8")).toBe(bad);
  });

  it("checks any table against the contract it is given, and names what the contract requires", async () => {
    const cols = tmp.file("cols2.csv", "customerID,gender\nA,Male\n");
    const r = await run(cols, "--dataset", "telco");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^engagetrack: missing columns in ".*cols2.csv" that contract "telco" requires: SeniorCitizen, tenure, .*PaymentMethod\n$/,
    );

    const contract = tmp.file(
      "accounts.yaml",
      [
        "contract: 1",
        "name: accounts",
        "id: { column: account_id }",
        'label: { column: churn, churned: ["yes"], retained: ["no"] }',
        "features:",
        "  - { column: calls, type: integer, min: 0 }",
        "  - { column: intl, type: boolean }",
      ].join("\n"),
    );
    const data = tmp.file(
      "accounts.csv",
      "account_id,calls,intl,churn\nA1,3,yes,yes\nA2,-1,no,no\nA3,0,no,\nA4,2,maybe,no\nA5,1,no,no\n",
    );
    const out = await run(data, "--dataset", contract, "--json");
    expect(out.code).toBe(1);
    const report = JSON.parse(out.stdout);
    expect(report).toMatchObject({
      accepted: 3,
      rejected: 2,
      dataset: { name: "accounts", how: `contract ${contract}` },
      statuses: { current: 1, churned: 1, retained: 1 },
      quarantine: join(tmp.dir, "accounts.quarantine.csv"),
    });
    expect(report.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([
      [3, "calls"],
      [5, "intl"],
    ]);
    expect(readFileSync(join(tmp.dir, "accounts.quarantine.csv"), "utf8")).toContain("A2,-1,no,no");
  });
});
