import { afterAll, describe, expect, it } from "vitest";
import { openStore, storeFollows, type Store, type StoreOptions } from "../../src/store/index.ts";
import { testPostgres } from "../fixtures/postgres-server.ts";
import { storeEngines } from "../fixtures/store-engines.ts";

const server = await testPostgres();
afterAll(() => ("skip" in server ? undefined : server.stop()));

/** The same tests on both engines: the embedded PGlite and a real PostgreSQL server. */
const engines = storeEngines(server, "f");

const ALICE = { surface: "slack", userId: "U0ALICE", notifyAt: "U0ALICE" };
const BOB = { surface: "teams", userId: "aad-bob", notifyAt: "a:conv-bob" };
const AT = new Date("2026-12-06T10:00:00Z");

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(
    `follows and alerts on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ""}`,
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

      it("follow is per user and customer: following again updates where to notify, not a second row", async () => {
        const follows = storeFollows((await open()).sql);
        expect(await follows.follow(ALICE, "7590-VHVEG", AT)).toEqual({ created: true });
        expect(await follows.follow({ ...ALICE, notifyAt: "D0NEW" }, "7590-VHVEG", AT)).toEqual({
          created: false,
        });
        await follows.follow(BOB, "7590-VHVEG", AT);
        const mine = await follows.list(ALICE);
        expect(mine.follows.map((f) => [f.customerId, f.notifyAt])).toEqual([["7590-VHVEG", "D0NEW"]]);
        expect(mine.follows[0].createdAt.toISOString()).toBe(AT.toISOString());
        expect((await follows.all()).follows).toHaveLength(2);
      });

      it("alerts are numbered per user, oldest first; removing one renumbers the rest", async () => {
        const follows = storeFollows((await open()).sql);
        expect(await follows.addAlert(ALICE, "C-1", "above", 90, AT)).toEqual({ number: 1, created: true });
        expect(await follows.addAlert(BOB, "C-1", "above", 90, AT)).toEqual({ number: 1, created: true });
        expect(await follows.addAlert(ALICE, "C-2", "moves-up", 10, AT)).toEqual({
          number: 2,
          created: true,
        });
        expect(await follows.addAlert(ALICE, "C-1", "above", 90, AT)).toEqual({ number: 1, created: false });
        expect(await follows.removeAlert(ALICE, 3)).toBeUndefined();
        expect(await follows.removeAlert(ALICE, 0)).toBeUndefined();
        const removed = await follows.removeAlert(ALICE, 1);
        expect(removed).toMatchObject({ customerId: "C-1", kind: "above", threshold: 90 });
        const left = await follows.list(ALICE);
        expect(left.alerts.map((a) => [a.customerId, a.kind, a.threshold])).toEqual([
          ["C-2", "moves-up", 10],
        ]);
        expect((await follows.list(BOB)).alerts).toHaveLength(1); // Bob's alert is his
      });

      it("unfollow removes the follow and the user's alerts on that customer only", async () => {
        const follows = storeFollows((await open()).sql);
        await follows.follow(ALICE, "C-1", AT);
        await follows.follow(ALICE, "C-2", AT);
        await follows.addAlert(ALICE, "C-1", "above", 80, AT);
        await follows.addAlert(BOB, "C-1", "above", 80, AT);
        expect(await follows.unfollow(ALICE, "C-1")).toEqual({ follows: 1, alerts: 1 });
        expect(await follows.unfollow(ALICE, "C-1")).toEqual({ follows: 0, alerts: 0 });
        expect((await follows.list(ALICE)).follows.map((f) => f.customerId)).toEqual(["C-2"]);
        expect((await follows.all()).alerts.map((a) => a.userId)).toEqual(["aad-bob"]);
      });

      it("a notification is claimed once per subject and snapshot, across stores on one database", async () => {
        const options = engine.options();
        const a = await open(options);
        // Two stores on one PostgreSQL schema (two replicas); PGlite is one process's.
        const b = a.engine === "postgres" ? await open(options) : a;
        const fa = storeFollows(a.sql);
        const fb = storeFollows(b.sql);
        const subjects = ["follow:1", "alert:2"];
        const claims = await Promise.all(
          Array.from({ length: 6 }, (_, i) => (i % 2 ? fa : fb).claim(subjects, "snap-2", AT, `r${i}`)),
        );
        const winners = claims.filter((c) => c.length > 0);
        expect(winners).toEqual([["alert:2", "follow:1"]]); // one claimer got both, the others none
        expect(await fa.claim(subjects, "snap-3", AT, "r")).toHaveLength(2); // a new snapshot is a new change
        await fa.delivered(["follow:1"], "snap-3", "U0ALICE/1.2");
        await fa.release(subjects, "snap-3"); // only the undelivered claim is given back
        expect(await fb.claim(subjects, "snap-3", AT, "r")).toEqual(["alert:2"]);
        const rows = await a.sql.query<{ subject: string; message_ref: string | null }>(
          "select subject, message_ref from follow_notifications where snapshot_id = 'snap-3' order by subject",
        );
        expect(rows).toEqual([
          { subject: "alert:2", message_ref: null },
          { subject: "follow:1", message_ref: "U0ALICE/1.2" },
        ]);
      });
    },
  );
}
