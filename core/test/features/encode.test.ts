import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { customer } from "../fixtures/customer.ts";
import { XGB_FIXTURE, XGB_FIXTURE_PRESENT, XGB_SKIP_REASON } from "../fixtures/paths.ts";
import {
  defaultEncoderSpec,
  encodeColumns,
  encodeCustomers,
  featureInfo,
  featureNames,
} from "../../src/features/index.ts";

const fixtureFeatures = (): string[] => JSON.parse(readFileSync(join(XGB_FIXTURE, "features.json"), "utf8"));

describe("feature encoder", () => {
  it.skipIf(!XGB_FIXTURE_PRESENT)(
    `lays out the Telco columns exactly as XGBoost users get them from get_dummies (skips when ${XGB_SKIP_REASON})`,
    () => {
      expect(featureNames(defaultEncoderSpec({ enrichment: false }))).toEqual(fixtureFeatures());
    },
  );

  it("appends enrichment features and never encodes the ID, the label or the simulation truth", () => {
    const names = featureNames(defaultEncoderSpec());
    expect(names.slice(0, 45)).toEqual(featureNames(defaultEncoderSpec({ enrichment: false })));
    expect(names).toContain("supportCalls90d");
    expect(names).toContain("variant_B");
    for (const n of names) expect(n).not.toMatch(/customerID|Churn|true_churn/);
  });

  it("gives every feature a human label and its source column", () => {
    const info = featureInfo(defaultEncoderSpec());
    const contract = info.find((f) => f.name === "Contract_Month-to-month")!;
    expect(contract).toMatchObject({
      label: "Contract = Month-to-month",
      source: "Contract",
      category: "Month-to-month",
    });
    expect(info.find((f) => f.name === "tenure")).toMatchObject({
      label: "Tenure (months)",
      source: "tenure",
    });
  });

  it("encodes numbers, one-hot and ordinal values, and missing TotalCharges as NaN", () => {
    const spec = defaultEncoderSpec();
    const names = featureNames(spec);
    const m = encodeCustomers(spec, [
      customer(),
      customer({ customerID: "X-1", TotalCharges: null, planTier: "Premium", Contract: "Two year" }),
    ]);
    const col = (n: string) => m.columns[names.indexOf(n)];
    expect(m.nRows).toBe(2);
    expect(Array.from(col("tenure"))).toEqual([1, 1]);
    expect(col("MonthlyCharges")[0]).toBeCloseTo(29.85, 5);
    expect(col("TotalCharges")[1]).toBeNaN();
    expect(Array.from(col("Contract_Month-to-month"))).toEqual([1, 0]);
    expect(Array.from(col("Contract_Two year"))).toEqual([0, 1]);
    expect(Array.from(col("planTier"))).toEqual([1, 2]);
    expect(Array.from(col("variant_B"))).toEqual([1, 1]);
    // exactly one hot per one-hot group
    const groups = new Map<string, number>();
    featureInfo(spec).forEach(
      (f, j) => f.category && groups.set(f.source, (groups.get(f.source) ?? 0) + m.columns[j][0]),
    );
    for (const [, s] of groups) expect(s).toBe(1);
  });

  it("grows past its initial capacity without losing rows", () => {
    const rows = Array.from({ length: 3000 }, (_, i) => customer({ customerID: `C-${i}`, tenure: i % 72 }));
    const m = encodeCustomers(defaultEncoderSpec(), rows, 4);
    expect(m.nRows).toBe(3000);
    expect(m.columns[1][2999]).toBe(2999 % 72);
  });

  it("reads an imported model's named columns, blank as missing, and names line and column of a bad cell", () => {
    const spec = { kind: "columns" as const, version: 1 as const, columns: ["a", "b"] };
    const m = encodeColumns(spec, [
      { a: "1.5", b: "" },
      { a: "2", b: "3", extra: "x" },
    ]);
    expect(Array.from(m.columns[0])).toEqual([1.5, 2]);
    expect(m.columns[1][0]).toBeNaN();
    expect(() =>
      encodeColumns(
        spec,
        [
          { a: "1", b: "2" },
          { a: "zz", b: "1" },
        ],
        { file: "in.csv" },
      ),
    ).toThrow('invalid a: "zz" (in.csv, line 3, column a): not a number');
    expect(() => encodeColumns(spec, [{ a: "1" }])).toThrow('missing column "b"');
  });
});
