// The public API: every name the hand-written index promises loads, and its types compile.
import { describe, expect, expectTypeOf, it } from "vitest";
import * as core from "../src/index.ts";
import type {
  Customer,
  CustomerInsight,
  CustomerStatus,
  DatasetContract,
  Explanation,
  ExperimentReport,
  Snapshot,
} from "../src/index.ts";

describe("core public API", () => {
  it("exports the functions that make the objects that flow", () => {
    for (const name of [
      "loadCustomers",
      "simulateCustomers",
      "encodeCustomers",
      "trainCustomerModel",
      "saveModel",
      "openChurnModel",
      "scoreCustomers",
      "explainCustomer",
      "treeShap",
      "createSnapshotWriter",
      "openSnapshotStore",
      "buildCustomerInsight",
      "renderInsightText",
      "analyzeExperiment",
      "createLogger",
      "recordAudit",
      "readDatasetContract",
      "presetContract",
      "readContractRows",
      "readParquetRecords",
      "readPostgresRecords",
      "draftContract",
      "encoderSpecFromContract",
      "describeContractValue",
      "contractWhatIf",
      "buildContractInsight",
      "renderContractInsightText",
    ] as const) {
      expect(typeof core[name], name).toBe("function");
    }
  });

  it("types the objects that flow", () => {
    expectTypeOf<Customer["Contract"]>().toEqualTypeOf<"Month-to-month" | "One year" | "Two year">();
    expectTypeOf<Explanation["probability"]>().toEqualTypeOf<number>();
    expectTypeOf<Snapshot["lookup"]>().parameter(0).toEqualTypeOf<string>();
    expectTypeOf<CustomerInsight>().not.toBeAny();
    expectTypeOf<ExperimentReport>().not.toBeAny();
    expectTypeOf<CustomerStatus>().toEqualTypeOf<"current" | "churned" | "retained">();
    expectTypeOf<DatasetContract["features"][number]["type"]>().toEqualTypeOf<
      "number" | "integer" | "category" | "boolean" | "date"
    >();
  });
});
