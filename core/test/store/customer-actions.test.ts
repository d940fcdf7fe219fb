import { afterAll, describe, expect, it } from "vitest";
import {
  MAX_ACTION_NOTE_LENGTH,
  openStore,
  storeCustomerActions,
  type Store,
  type StoreOptions,
} from "../../src/store/index.ts";
import { testPostgres } from "../fixtures/postgres-server.ts";
import { storeEngines } from "../fixtures/store-engines.ts";

const server = await testPostgres();
afterAll(() => ("skip" in server ? undefined : server.stop()));

/** The same tests on both engines: the embedded PGlite and a real PostgreSQL server. */
const engines = storeEngines(server, "ca");

const DANA = { surface: "slack", userId: "U0DANA", userName: "dana" };
const LEE = { surface: "teams", userId: "aad-lee", userName: "Lee Park" };
const DAY = 86_400_000;
const T0 = Date.parse("2026-12-06T10:00:00Z");
const at = (days: number) => new Date(T0 + days * DAY);

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(
    `customer actions on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ""}`,
    () => {
      const opened: Store[] = [];
      const open = async (extra: StoreOptions = {}) => {
        const s = await openStore({ ...engine.options(), sweepMs: 0, ...extra });
        opened.push(s);
        return s;
      };
      afterAll(async () => {
        for (const s of opened) await s.close();
      });

      it("records who did what and when; history is newest first, per customer", async () => {
        const store = await open();
        const actions = storeCustomerActions(store.sql, "host/1");
        const contacted = await actions.record({ customerId: "C-1", kind: "contacted", by: DANA, at: at(0) });
        expect(contacted).toMatchObject({
          customerId: "C-1",
          kind: "contacted",
          note: null,
          snoozeUntil: null,
          surface: "slack",
          userId: "U0DANA",
          userName: "dana",
          replica: "host/1",
        });
        expect(contacted.at.toISOString()).toBe(at(0).toISOString());
        await actions.record({
          customerId: "C-1",
          kind: "offer",
          note: "20% off for 3 months",
          by: LEE,
          at: at(1),
        });
        await actions.record({ customerId: "C-2", kind: "contacted", by: LEE, at: at(2) });
        const history = await actions.history("C-1");
        expect(history.map((a) => [a.kind, a.note, a.userName])).toEqual([
          ["offer", "20% off for 3 months", "Lee Park"],
          ["contacted", null, "dana"],
        ]);
        expect(await actions.history("C-1", 1)).toHaveLength(1);
        expect(await actions.history("nobody")).toEqual([]);
      });

      it("latest gives each asked customer's newest action (ties by order of recording)", async () => {
        const actions = storeCustomerActions((await open()).sql, "r");
        await actions.record({ customerId: "C-1", kind: "contacted", by: DANA, at: at(0) });
        await actions.record({ customerId: "C-1", kind: "offer", note: "a call back", by: DANA, at: at(0) });
        await actions.record({ customerId: "C-2", kind: "contacted", by: LEE, at: at(3) });
        await actions.record({ customerId: "C-2", kind: "offer", note: "older", by: LEE, at: at(1) });
        const latest = await actions.latest(["C-1", "C-2", "C-3"]);
        expect([...latest.keys()].sort()).toEqual(["C-1", "C-2"]);
        expect(latest.get("C-1")?.kind).toBe("offer");
        expect(latest.get("C-2")?.kind).toBe("contacted");
        expect((await actions.latest([])).size).toBe(0);
      });

      it("a customer is snoozed until the snooze ends or an unsnooze, whichever is first", async () => {
        const actions = storeCustomerActions((await open()).sql, "r");
        await actions.record({ customerId: "C-1", kind: "snooze", snoozeUntil: at(14), by: DANA, at: at(0) });
        await actions.record({ customerId: "C-2", kind: "snooze", snoozeUntil: at(3), by: DANA, at: at(0) });
        await actions.record({ customerId: "C-3", kind: "snooze", snoozeUntil: at(30), by: LEE, at: at(0) });
        await actions.record({ customerId: "C-3", kind: "unsnooze", by: LEE, at: at(1) });
        const on2 = await actions.snoozed(at(2));
        expect([...on2.keys()].sort()).toEqual(["C-1", "C-2"]);
        expect(on2.get("C-1")?.snoozeUntil?.toISOString()).toBe(at(14).toISOString());
        expect([...(await actions.snoozed(at(5))).keys()]).toEqual(["C-1"]); // C-2's snooze ended
        // Snoozed again after the unsnooze: the newest snooze or unsnooze decides.
        await actions.record({ customerId: "C-3", kind: "snooze", snoozeUntil: at(9), by: LEE, at: at(4) });
        expect([...(await actions.snoozed(at(5))).keys()].sort()).toEqual(["C-1", "C-3"]);
        expect((await actions.snoozed(at(20))).size).toBe(0);
      });

      it("the database refuses a note over the bound and an unknown kind", async () => {
        const actions = storeCustomerActions((await open()).sql, "r");
        await expect(
          actions.record({
            customerId: "C-1",
            kind: "offer",
            note: "x".repeat(MAX_ACTION_NOTE_LENGTH + 1),
            by: DANA,
            at: at(0),
          }),
        ).rejects.toThrow();
        await expect(
          actions.record({ customerId: "C-1", kind: "deleted" as "offer", by: DANA, at: at(0) }),
        ).rejects.toThrow();
        expect(await actions.history("C-1")).toEqual([]);
      });

      it("two stores on one database share the state (replicas keep nothing in memory)", async () => {
        const options = engine.options();
        const a = await open(options);
        // Two stores on one PostgreSQL schema (two replicas); PGlite is one process's.
        const b = a.engine === "postgres" ? await open(options) : a;
        await storeCustomerActions(a.sql, "a").record({
          customerId: "C-9",
          kind: "snooze",
          snoozeUntil: at(7),
          by: DANA,
          at: at(0),
        });
        const seen = storeCustomerActions(b.sql, "b");
        expect([...(await seen.snoozed(at(1))).keys()]).toEqual(["C-9"]);
        expect((await seen.history("C-9"))[0]).toMatchObject({ replica: "a", userId: "U0DANA" });
      });
    },
  );
}
