import { afterAll, describe, expect, it } from "vitest";
import {
  nudgeExposureLog,
  openStore,
  readExposures,
  type NudgeExposure,
  type Store,
} from "../../src/store/index.ts";
import { testPostgres } from "../fixtures/postgres-server.ts";
import { storeEngines } from "../fixtures/store-engines.ts";

const server = await testPostgres();
afterAll(() => ("skip" in server ? undefined : server.stop()));

/** The same tests on both engines: the embedded PGlite and a real PostgreSQL server. */
const engines = storeEngines(server, "x");

const T0 = Date.parse("2026-12-01T09:00:00Z");
const exposure = (over: Partial<NudgeExposure> = {}): NudgeExposure => ({
  experimentKey: "nudge-strategy-2026",
  customerId: "7590-VHVEG",
  arm: "B",
  strategy: "retention",
  surface: "api",
  exposedAt: T0,
  snapshotId: "20261201T080000Z-aaaa",
  status: "current",
  ...over,
});

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(
    `nudge exposures on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ""}`,
    () => {
      const opened: Store[] = [];
      const open = async (options = engine.options()) => {
        const s = await openStore({ ...options, sweepMs: 0 });
        opened.push(s);
        return s;
      };
      afterAll(async () => {
        for (const s of opened) await s.close();
      });

      it("records one exposure per customer, experiment, arm and strategy: the first, whatever surface repeats it", async () => {
        const store = await open();
        const log = nudgeExposureLog(store.sql, store.replica, { flushMs: 60_000 });
        log.record(exposure({ surface: "slack", exposedAt: T0 + 5_000 }));
        log.record(exposure({ surface: "api", exposedAt: T0 })); // earlier, same batch
        log.record(exposure({ surface: "teams", exposedAt: T0 + 9_000 }));
        log.record(exposure({ customerId: "3668-QPYBK", arm: "A", strategy: "engagement" }));
        await log.flush();
        log.record(exposure({ surface: "digest", exposedAt: T0 + 60_000, snapshotId: "later" }));
        await log.close();
        const rows = await readExposures(store.sql, "nudge-strategy-2026");
        expect(rows.map((r) => [r.customerId, r.arm, r.strategy, r.surface, r.snapshotId, r.status])).toEqual(
          [
            ["3668-QPYBK", "A", "engagement", "api", "20261201T080000Z-aaaa", "current"],
            ["7590-VHVEG", "B", "retention", "api", "20261201T080000Z-aaaa", "current"],
          ],
        );
        expect(rows[1].firstExposedAt).toBe(T0);
        expect(await readExposures(store.sql, "another-experiment")).toEqual([]);
      });

      it("writes many exposures in batched statements (500 rows each), all of them", async () => {
        const store = await open();
        const log = nudgeExposureLog(store.sql, store.replica, { flushMs: 60_000 });
        for (let i = 0; i < 1_203; i++)
          log.record(exposure({ customerId: `C-${i}`, arm: i % 2 ? "B" : "A", exposedAt: T0 + i }));
        await log.close();
        const rows = await readExposures(store.sql, "nudge-strategy-2026");
        expect(rows).toHaveLength(1_203);
        expect(rows.filter((r) => r.arm === "B")).toHaveLength(601);
      });

      it("two replicas exposing one customer keep the earlier exposure, whichever writes last", async () => {
        const options = engine.options();
        const a = await open(options);
        // PGlite in memory is one process's: there the second replica writes through the same client.
        const bSql = options.databaseUrl ? (await open(options)).sql : a.sql;
        const early = nudgeExposureLog(a.sql, "replica-a", { flushMs: 60_000 });
        const late = nudgeExposureLog(bSql, "replica-b", { flushMs: 60_000 });
        late.record(exposure({ surface: "teams", exposedAt: T0 + 1_000 }));
        await late.close();
        early.record(exposure({ surface: "api", exposedAt: T0 }));
        await early.close();
        const [row] = await readExposures(a.sql, "nudge-strategy-2026");
        expect([row.surface, row.firstExposedAt, row.replica]).toEqual(["api", T0, "replica-a"]);
      });

      it("keeps the rows of a failed write for the next flush and says so", async () => {
        const store = await open();
        const errors: unknown[] = [];
        const log = nudgeExposureLog(store.sql, "r", { flushMs: 60_000, onError: (err) => errors.push(err) });
        await store.sql.query("alter table nudge_exposures rename to nudge_exposures_away");
        log.record(exposure());
        await log.flush();
        expect(errors).toHaveLength(1);
        await store.sql.query("alter table nudge_exposures_away rename to nudge_exposures");
        await log.close();
        expect(await readExposures(store.sql, "nudge-strategy-2026")).toHaveLength(1);
      });
    },
  );
}
