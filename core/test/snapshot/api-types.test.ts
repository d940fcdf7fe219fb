// Compile-only checks of the snapshot area's public types (tsc fails if they drift).
import type { ColumnTable } from "arquero";
import { describe, expectTypeOf, it } from "vitest";
import type { Customer } from "../../src/data/schema.ts";
import type {
  Clock,
  Driver,
  Manifest,
  PartInfo,
  RiskBand,
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
  openSnapshotStore,
  shardOf,
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
    expectTypeOf<Snapshot["bandCounts"]>().returns.toEqualTypeOf<Record<RiskBand, number>>();
    expectTypeOf<Snapshot["compare"]>().returns.toEqualTypeOf<SnapshotComparison>();
    expectTypeOf<Snapshot["importance"]>().returns.toEqualTypeOf<SourceImportance[]>();
  });
});
