import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  binCounts,
  populationStability,
  profileColumns,
  readReferenceProfile,
  referenceCounts,
  referenceProfile,
  referenceProfileSchema,
  writeReferenceProfile,
} from "../../src/digest/index.ts";
import { CONTRACTS } from "../../src/data/schema.ts";
import { defaultEncoderSpec } from "../../src/features/encoder-spec.ts";

const dir = mkdtempSync(join(tmpdir(), "et-reference-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

function profileOf(values: Record<string, unknown[]>, probability = values.p as number[]) {
  return referenceProfile({
    modelHash: "m1",
    origin: "test data",
    probability,
    columns: [
      { kind: "numeric", column: "n", label: "N" },
      { kind: "category", column: "c", label: "C", categories: ["a", "b"] },
    ],
    values: (c) => values[c],
  });
}

describe("referenceProfile", () => {
  it("cuts numbers at their deciles and counts each bin", () => {
    const p = profileOf({
      p: oneToHundred.map((i) => i / 101),
      n: oneToHundred,
      c: oneToHundred.map(() => "a"),
    });
    const n = p.inputs[0];
    expect(n).toMatchObject({ kind: "numeric", edges: [11, 21, 31, 41, 51, 61, 71, 81, 91], missing: 0 });
    expect(n.counts).toEqual(Array(10).fill(10));
    expect(p.score.counts).toEqual(Array(10).fill(10));
    expect(p.rows).toBe(100);
  });

  it("merges tied cut points, counts missing values and values outside the categories apart", () => {
    const n = [...Array(90).fill(0), ...Array(8).fill(1), null, Number.NaN];
    const c = [...Array(50).fill("a"), ...Array(45).fill("b"), "z", "z", null, undefined, "a"];
    const p = profileOf(
      { n, c },
      oneToHundred.map(() => 0.5),
    );
    expect(p.inputs[0]).toMatchObject({ edges: [1], counts: [90, 8], missing: 2 });
    expect(p.inputs[1]).toMatchObject({ categories: ["a", "b"], counts: [51, 45], other: 2, missing: 2 });
    expect(p.score).toMatchObject({ edges: [], counts: [100] });
  });

  it("bins new data the way it binned the reference (the same data: PSI 0)", () => {
    const n = oneToHundred.map((i) => (i * 37) % 101);
    const p = profileOf({ p: oneToHundred.map((i) => i / 100), n, c: n.map((x) => (x % 3 ? "a" : "b")) });
    expect(binCounts(p.inputs[0], n)).toEqual(referenceCounts(p.inputs[0]));
    expect(populationStability(referenceCounts(p.inputs[0]), binCounts(p.inputs[0], n))).toBeCloseTo(0, 12);
    // Everything above the top cut point lands in the last bin.
    expect(binCounts(p.inputs[0], [1000, 1000, -5])).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0]);
  });

  it("reads the model's inputs from its encoder: numbers and categories", () => {
    const columns = profileColumns(defaultEncoderSpec());
    expect(columns[0]).toEqual({ kind: "numeric", column: "SeniorCitizen", label: "Senior citizen" });
    expect(columns.find((c) => c.column === "Contract")).toEqual({
      kind: "category",
      column: "Contract",
      label: "Contract",
      categories: [...CONTRACTS],
    });
    expect(profileColumns({ kind: "columns", version: 1, columns: ["x1"] })).toEqual([
      { kind: "numeric", column: "x1", label: "x1" },
    ]);
  });
});

describe("reference.json", () => {
  it("round-trips through the model directory, and is absent for an older model", async () => {
    const p = profileOf({
      p: oneToHundred.map((i) => i / 101),
      n: oneToHundred,
      c: oneToHundred.map(() => "b"),
    });
    expect(await readReferenceProfile(join(dir, "none"))).toBeUndefined();
    await writeReferenceProfile(dir, p);
    expect(await readReferenceProfile(dir)).toEqual(p);
  });

  it("names the file and field of an invalid profile", async () => {
    const bad = join(dir, "bad");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(bad);
    const p = profileOf({
      p: oneToHundred.map((i) => i / 101),
      n: oneToHundred,
      c: oneToHundred.map(() => "b"),
    });
    writeFileSync(
      join(bad, "reference.json"),
      JSON.stringify({ ...p, inputs: [{ ...p.inputs[0], counts: [1] }] }),
    );
    await expect(readReferenceProfile(bad)).rejects.toThrow(
      `invalid reference profile: ${join(bad, "reference.json")} (inputs.0.counts: n: 1 counts for 10 bins)`,
    );
    writeFileSync(join(bad, "reference.json"), "{");
    await expect(readReferenceProfile(bad)).rejects.toThrow("is not JSON");
    expect(referenceProfileSchema.safeParse(p).success).toBe(true);
  });
});
