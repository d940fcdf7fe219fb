// Compile-only checks of the fault-tolerance API (tsc fails if they drift): the usage log's health
// and flush, its injectable stream, and the snapshot store's scan with skipped directories.
import type { Writable } from "node:stream";
import { describe, expectTypeOf, it } from "vitest";
import type { LogFileSettings, LogHealth, UsageLog, UsageLogOptions } from "../../src/log/index.ts";
import type { Manifest, SkippedSnapshot, SnapshotScan, SnapshotStore } from "../../src/snapshot/index.ts";

describe("fault-tolerance API types", () => {
  it("the usage log reports its health, flushes, and takes its stream and health listener as effects", () => {
    expectTypeOf<UsageLog["health"]>().returns.toEqualTypeOf<LogHealth>();
    expectTypeOf<UsageLog["flush"]>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<LogHealth>().toEqualTypeOf<{
      healthy: boolean;
      writtenLines: number;
      failedLines: number;
      lastError: string | null;
    }>();
    expectTypeOf<NonNullable<UsageLogOptions["openStream"]>>().toEqualTypeOf<
      (path: string, settings: LogFileSettings) => Promise<Writable>
    >();
    expectTypeOf<NonNullable<UsageLogOptions["onHealthChange"]>>().toEqualTypeOf<
      (healthy: boolean, error: Error | null) => void
    >();
  });

  it("the snapshot store scans: manifests newest first, and skipped directories with the reason", () => {
    expectTypeOf<SnapshotStore["scan"]>().returns.resolves.toEqualTypeOf<SnapshotScan>();
    expectTypeOf<SnapshotScan["manifests"]>().toEqualTypeOf<Manifest[]>();
    expectTypeOf<SnapshotScan["skipped"]>().toEqualTypeOf<SkippedSnapshot[]>();
    expectTypeOf<SkippedSnapshot>().toEqualTypeOf<{ name: string; reason: string }>();
  });
});
