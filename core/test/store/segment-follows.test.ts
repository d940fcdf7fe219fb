import { afterAll, describe, expect, it } from "vitest";
import {
  openStore,
  storeFollows,
  storeSegmentFollows,
  type SegmentWatchSpec,
  type Store,
  type StoreOptions,
} from "../../src/store/index.ts";
import { testPostgres } from "../fixtures/postgres-server.ts";
import { storeEngines } from "../fixtures/store-engines.ts";

const server = await testPostgres();
afterAll(() => ("skip" in server ? undefined : server.stop()));

/** The same tests on both engines: the embedded PGlite and a real PostgreSQL server. */
const engines = storeEngines(server, "sf");

const ALICE = { surface: "slack", userId: "U0ALICE", notifyAt: "U0ALICE", channel: null };
const BOB = { surface: "slack", userId: "U0BOB", notifyAt: "U0BOB", channel: null };
/** Alice sets a follow for channel C0CS: it belongs to the channel. */
const CHANNEL = { surface: "slack", userId: "U0ALICE", notifyAt: "C0CS", channel: "C0CS" };
const AT = new Date("2026-12-06T10:00:00Z");
const MTM = '[{"column":"Contract","op":"in","values":["Month-to-month"]}]';
const follow = (band: string): SegmentWatchSpec => ({
  kind: "follow",
  filters: MTM,
  label: "contract=Month-to-month",
  band,
  threshold: null,
});
const above: SegmentWatchSpec = {
  kind: "above",
  filters: MTM,
  label: "contract=Month-to-month",
  band: null,
  threshold: 40,
};

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(
    `segment follows and alerts on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ""}`,
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

      it("a segment follow keeps its filter JSON, label and band; adding it again updates where to tell, not a second row", async () => {
        const segments = storeSegmentFollows((await open()).sql);
        const first = await segments.add(ALICE, follow("High"), AT);
        expect(first).toMatchObject({ number: 1, created: true });
        expect(first.watch).toMatchObject({
          surface: "slack",
          userId: "U0ALICE",
          channel: null,
          kind: "follow",
          filters: MTM,
          label: "contract=Month-to-month",
          band: "High",
          threshold: null,
        });
        expect(first.watch.createdAt.toISOString()).toBe(AT.toISOString());
        const again = await segments.add({ ...ALICE, notifyAt: "D0NEW" }, follow("High"), AT);
        expect(again).toMatchObject({
          number: 1,
          created: false,
          watch: { id: first.watch.id, notifyAt: "D0NEW" },
        });
        expect(await segments.add(ALICE, follow("Medium"), AT)).toMatchObject({ number: 2, created: true });
        expect(await segments.add(ALICE, above, AT)).toMatchObject({
          number: 3,
          created: true,
          watch: { kind: "above", band: null, threshold: 40 },
        });
        expect(await segments.all()).toHaveLength(3);
      });

      it("a channel's segment follow belongs to the channel: anyone asking in it lists and removes it, not elsewhere", async () => {
        const segments = storeSegmentFollows((await open()).sql);
        await segments.add(BOB, above, AT);
        const set = await segments.add(CHANNEL, follow("High"), AT);
        // Bob's own first, then the channel's: numbered in one list when Bob asks in the channel.
        expect(set.watch).toMatchObject({ channel: "C0CS", notifyAt: "C0CS", userId: "U0ALICE" });
        const inChannel = await segments.list({ surface: "slack", userId: "U0BOB", channel: "C0CS" });
        expect(inChannel.map((w) => [w.kind, w.channel])).toEqual([
          ["above", null],
          ["follow", "C0CS"],
        ]);
        // Alice in a DM does not see the channel's; Bob elsewhere sees only his own.
        expect(await segments.list({ surface: "slack", userId: "U0ALICE", channel: "D0ALICE" })).toEqual([]);
        expect(await segments.list({ surface: "teams", userId: "U0BOB", channel: "C0CS" })).toEqual([]);
        expect(
          await segments.remove({ surface: "slack", userId: "U0BOB", channel: "C0CS" }, 3),
        ).toBeUndefined();
        expect(
          await segments.remove({ surface: "slack", userId: "U0BOB", channel: "C0CS" }, 0),
        ).toBeUndefined();
        const removed = await segments.remove({ surface: "slack", userId: "U0BOB", channel: "C0CS" }, 2);
        expect(removed).toMatchObject({ id: set.watch.id, channel: "C0CS" });
        expect((await segments.all()).map((w) => w.userId)).toEqual(["U0BOB"]);
      });

      it("unfollow by filter removes that segment's follows (of the band when given) and alerts, only the viewer's", async () => {
        const segments = storeSegmentFollows((await open()).sql);
        await segments.add(ALICE, follow("High"), AT);
        await segments.add(ALICE, follow("Medium"), AT);
        await segments.add(ALICE, above, AT);
        await segments.add(ALICE, { ...follow("High"), filters: "[]", label: "every customer" }, AT);
        await segments.add(BOB, follow("High"), AT);
        const gone = await segments.removeMatching(ALICE, MTM, "High");
        expect(gone.map((w) => [w.kind, w.band])).toEqual([
          ["follow", "High"],
          ["above", null],
        ]);
        expect((await segments.list(ALICE)).map((w) => [w.label, w.band])).toEqual([
          ["contract=Month-to-month", "Medium"],
          ["every customer", "High"],
        ]);
        expect(await segments.removeMatching(ALICE, MTM, null)).toHaveLength(1);
        expect(await segments.list(BOB)).toHaveLength(1);
      });

      it("per-customer follows are untouched, and segment notifications share the one claim ledger", async () => {
        const store = await open();
        const follows = storeFollows(store.sql);
        const segments = storeSegmentFollows(store.sql);
        await follows.follow(ALICE, "7590-VHVEG", AT);
        const { watch } = await segments.add(CHANNEL, follow("High"), AT);
        expect((await follows.all()).follows.map((f) => f.customerId)).toEqual(["7590-VHVEG"]);
        const subject = `segment-follow:${watch.id}`;
        expect(await follows.claim([subject], "snap-2", AT, "a")).toEqual([subject]);
        expect(await follows.claim([subject], "snap-2", AT, "b")).toEqual([]);
      });
    },
  );
}
