import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { SIMULATED_COLUMNS, writeSimulatedCsv } from "../../src/data/write-simulated-csv.ts";
import { simulateCustomers } from "../../src/data/simulator.ts";
import { loadCustomers } from "../../src/data/load-customers.ts";
import { ENRICHMENT_COLUMNS, TELCO_COLUMNS } from "../../src/data/schema.ts";

const dir = mkdtempSync(join(tmpdir(), "engagetrack-simulate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("writeSimulatedCsv", () => {
  it("writes a byte-identical file for the same seed and a different one for another seed", async () => {
    const [a, b, c] = ["a.csv", "b.csv", "c.csv"].map((name) => join(dir, name));
    await writeSimulatedCsv(a, { rows: 3000, seed: 17, chunkRows: 700 });
    await writeSimulatedCsv(b, { rows: 3000, seed: 17, chunkRows: 1000 });
    await writeSimulatedCsv(c, { rows: 3000, seed: 18 });
    expect(sha256(a)).toBe(sha256(b));
    expect(sha256(a)).not.toBe(sha256(c));
  });

  it("writes the Telco columns, then the enrichment, the account owner, then true_churn_probability", async () => {
    const path = join(dir, "header.csv");
    const summary = await writeSimulatedCsv(path, { rows: 10, seed: 1 });
    const [header, ...rows] = parse(readFileSync(path)) as string[][];
    expect(header).toEqual([...TELCO_COLUMNS, ...ENRICHMENT_COLUMNS, "accountOwner", "true_churn_probability"]);
    expect(SIMULATED_COLUMNS).toEqual(header);
    expect(rows).toHaveLength(10);
    expect(summary).toMatchObject({ path, rows: 10 });
    expect(summary.churned).toBe(rows.filter((r) => r[header.indexOf("Churn")] === "Yes").length);
  });

  it("loads back through the validator as exactly the simulated customers", async () => {
    const path = join(dir, "roundtrip.csv");
    const summary = await writeSimulatedCsv(path, { rows: 2000, seed: 23 });
    const loaded = await loadCustomers(path);
    expect(loaded.rejectedCount).toBe(0);
    expect(loaded.warnings).toEqual([]);
    const expected = [...simulateCustomers({ rows: 2000, seed: 23 })];
    expect(loaded.customers).toHaveLength(2000);
    for (const [i, c] of loaded.customers.entries()) {
      const { true_churn_probability: p, ...rest } = expected[i];
      expect(c).toMatchObject(rest);
      expect(Math.abs((c.true_churn_probability as number) - (p as number))).toBeLessThanOrEqual(5e-7);
    }
    expect(summary.churnRate).toBeCloseTo(expected.filter((c) => c.Churn === "Yes").length / 2000, 12);
  });

  it("gives the same enrichment when the file is loaded without its enrichment columns", async () => {
    const path = join(dir, "full.csv");
    await writeSimulatedCsv(path, { rows: 1500, seed: 29 });
    const [header, ...rows] = parse(readFileSync(path)) as string[][];
    const keep = header.map((column, i) => [column, i] as const).filter(([c]) => !(ENRICHMENT_COLUMNS as string[]).includes(c));
    const bare = join(dir, "bare.csv");
    const lines = [keep.map(([c]) => c), ...rows.map((r) => keep.map(([, i]) => r[i]))];
    writeFileSync(bare, lines.map((l) => l.join(",")).join("\n") + "\n");
    const [full, stripped] = await Promise.all([loadCustomers(path), loadCustomers(bare)]);
    expect(stripped.enrichmentFromFile).toEqual([]);
    expect(stripped.customers).toEqual(full.customers);
  });

  it("reports progress up to the last row", async () => {
    const seen: number[] = [];
    await writeSimulatedCsv(join(dir, "progress.csv"), { rows: 2500, seed: 3, chunkRows: 1000, onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([1000, 2000, 2500]);
  });

  it("fails on bad options or an unwritable path without leaving a file behind", async () => {
    const bad = join(dir, "bad.csv");
    await expect(writeSimulatedCsv(bad, { rows: -5, seed: 1 })).rejects.toThrow("invalid rows: -5");
    await expect(writeSimulatedCsv(bad, { rows: 5, seed: 1, chunkRows: 0 })).rejects.toThrow("invalid chunkRows: 0");
    expect(existsSync(bad)).toBe(false);
    await expect(writeSimulatedCsv(join(dir, "missing", "x.csv"), { rows: 5, seed: 1 })).rejects.toMatchObject({
      code: "ENOENT",
    });
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});
