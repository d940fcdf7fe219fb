// The digest area's public API: the names core/src/index.ts and engagetrack/digest promise, and
// compile-only checks of the report's types (it is plain data, so JSON keeps it whole).
import { describe, expect, expectTypeOf, it } from "vitest";
import * as core from "../../src/index.ts";
import type { DigestReport, ReferenceProfile } from "../../src/index.ts";
import * as digest from "../../src/digest/index.ts";
import type { DigestInput, DriverShift, ModelHealth, NewHighRisk } from "../../src/digest/index.ts";

describe("digest public API", () => {
  it("exports the builder, PSI, reference profiles and cron slots", () => {
    for (const name of [
      "buildDigestReport",
      "populationStability",
      "trainingReference",
      "readReferenceProfile",
      "writeReferenceProfile",
      "cronSchedule",
    ] as const) {
      expect(typeof core[name], name).toBe("function");
    }
    expect(core.PSI_FLAG).toBe(0.2);
    for (const name of [
      "digestChanges",
      "modelHealth",
      "driverShifts",
      "referenceProfile",
      "binCounts",
      "slotIso",
    ] as const) {
      expect(typeof digest[name], name).toBe("function");
    }
  });

  it("types the report as plain data", () => {
    expectTypeOf(core.buildDigestReport).parameter(0).toEqualTypeOf<DigestInput>();
    expectTypeOf(core.buildDigestReport).returns.toEqualTypeOf<DigestReport>();
    expectTypeOf<DigestReport["bands"][number]["band"]>().toEqualTypeOf<"Low" | "Medium" | "High">();
    expectTypeOf<NewHighRisk["basis"]>().toEqualTypeOf<
      "since-previous" | "first-digest" | "previous-missing" | "same-snapshot"
    >();
    expectTypeOf<DriverShift["previousRank"]>().toEqualTypeOf<number | null>();
    expectTypeOf<ModelHealth["calibration"]>().toEqualTypeOf<{
      customers: number;
      ece: number;
      bins: import("../../src/charts/index.ts").CalibrationBin[];
    } | null>();
    expectTypeOf<DigestReport["chart"]["name"]>().toEqualTypeOf<"risk-distribution">();
    expectTypeOf<ReferenceProfile["version"]>().toEqualTypeOf<1>();
  });
});
