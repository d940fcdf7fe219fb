// Compile-only checks of the snapshot area's public types (tsc fails if they drift).
import type { ColumnTable } from "arquero";
import { describe, expectTypeOf, it } from "vitest";
import type { DatasetContract } from "../../src/data/dataset-contract.ts";
import type { ContractRow, CustomerStatus } from "../../src/data/read-contract-rows.ts";
import type { Customer } from "../../src/data/schema.ts";
import type {
  Clock,
  CustomerLayout,
  CustomerRecord,
  SnapshotColumn,
  Driver,
  Manifest,
  PartInfo,
  RiskSummary,
  ScoredBatch,
  ScoredCustomer,
  SegmentRisk,
  Snapshot,
  SnapshotComparison,
  SnapshotStore,
  SnapshotWriter,
  SourceImportance,
} from "../../src/snapshot/index.ts";
import {
  commitSnapshot,
  createPartWriter,
  createSnapshotWriter,
  loadSnapshot,
  openSnapshotStore,
  readScoredBatches,
  shardOf,
  snapshotColumnsFromContract,
  type SnapshotWriterOptions,
  type PartWriterOptions,
} from "../../src/snapshot/index.ts";

describe("snapshot API types", () => {
  it("writers take ScoredBatch and return manifests", () => {
    expectTypeOf(createSnapshotWriter).returns.resolves.toEqualTypeOf<SnapshotWriter>();
    expectTypeOf<SnapshotWriter["append"]>().parameter(0).toEqualTypeOf<ScoredBatch>();
    expectTypeOf<SnapshotWriter["finish"]>().returns.resolves.toEqualTypeOf<Manifest>();
    expectTypeOf(createPartWriter)
      .returns.resolves.toHaveProperty("finish")
      .returns.resolves.toEqualTypeOf<PartInfo>();
    expectTypeOf(commitSnapshot).returns.resolves.toEqualTypeOf<Manifest>();
    expectTypeOf(shardOf).returns.toEqualTypeOf<number>();
    expectTypeOf<Clock>().toEqualTypeOf<() => Date>();
  });

  it("readers give snapshots with typed queries", () => {
    expectTypeOf(openSnapshotStore).returns.toEqualTypeOf<SnapshotStore>();
    expectTypeOf<SnapshotStore["latest"]>().returns.resolves.toEqualTypeOf<Snapshot | undefined>();
    expectTypeOf<Snapshot["table"]>().toEqualTypeOf<ColumnTable>();
    expectTypeOf<Snapshot["lookup"]>().returns.toEqualTypeOf<ScoredCustomer | undefined>();
    expectTypeOf<ScoredCustomer["customer"]>().toEqualTypeOf<Customer>();
    expectTypeOf<ScoredCustomer["drivers"]>().toEqualTypeOf<Driver[]>();
    expectTypeOf<Snapshot["segments"]>().returns.toEqualTypeOf<SegmentRisk[]>();
    expectTypeOf<Snapshot["summary"]>().returns.toEqualTypeOf<RiskSummary>();
    expectTypeOf<Snapshot["compare"]>().returns.toEqualTypeOf<SnapshotComparison>();
    expectTypeOf<Snapshot["importance"]>().returns.toEqualTypeOf<SourceImportance[]>();
    expectTypeOf<ScoredCustomer["status"]>().toEqualTypeOf<CustomerStatus>();
  });

  it("snapshots take any contract's customers, with their status", () => {
    expectTypeOf(snapshotColumnsFromContract).parameter(0).toEqualTypeOf<DatasetContract>();
    expectTypeOf(snapshotColumnsFromContract).returns.toEqualTypeOf<SnapshotColumn[]>();
    expectTypeOf<SnapshotWriterOptions["contract"]>().toEqualTypeOf<DatasetContract | undefined>();
    expectTypeOf<SnapshotWriterOptions["customers"]>().toEqualTypeOf<CustomerLayout | undefined>();
    expectTypeOf<PartWriterOptions["contract"]>().toEqualTypeOf<DatasetContract | undefined>();
    expectTypeOf<ScoredBatch["customers"]>().toEqualTypeOf<readonly CustomerRecord[]>();
    expectTypeOf<ScoredBatch["status"]>().toEqualTypeOf<readonly CustomerStatus[]>();
    expectTypeOf<readonly Customer[]>().toExtend<ScoredBatch["customers"]>();
    expectTypeOf<readonly ContractRow[]>().toExtend<ScoredBatch["customers"]>();
    expectTypeOf(loadSnapshot<ContractRow>).returns.resolves.toEqualTypeOf<Snapshot<ContractRow>>();
    expectTypeOf<ReturnType<Snapshot<ContractRow>["lookup"]>>().toEqualTypeOf<
      ScoredCustomer<ContractRow> | undefined
    >();
    expectTypeOf(readScoredBatches<ContractRow>).returns.toEqualTypeOf<
      AsyncGenerator<ScoredBatch<ContractRow>>
    >();
    expectTypeOf<Manifest["columns"]>().toEqualTypeOf<SnapshotColumn[]>();
    expectTypeOf<Manifest["contract"]>().toEqualTypeOf<{
      name: string;
      label?: string;
      revenue?: string;
      owner?: string;
      experiment?: string;
    } | null>();
  });
});
